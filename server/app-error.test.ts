import { describe, expect, it } from "vitest";
import { AppError, hasAppErrorCode, isAppError, toAppError, toErrorResponse } from "./app-error";
import { renderText } from "../lib/i18n/render-text";
import { bytesOf, say } from "../lib/i18n/text-ref";

describe("AppError", () => {
  it("carries a code, a status and a message safe to show", () => {
    const error = new AppError("too_large", "That file is too large.", { cause: new Error("EFBIG /data/x") });
    expect(error).toMatchObject({ name: "AppError", code: "too_large", status: 413, userMessage: "That file is too large.", message: "That file is too large." });
    expect(hasAppErrorCode(error, "too_large")).toBe(true);
    expect(toErrorResponse(error)).toEqual({ status: 413, body: { error: { code: "too_large", message: "That file is too large." } } });
  });

  it("turns unknown faults into a generic internal error that hides the detail", () => {
    const error = toAppError(new Error("ECONNREFUSED 10.0.0.5:5432"));
    expect(error.code).toBe("internal");
    expect(error.status).toBe(500);
    expect(error.userMessage).not.toContain("ECONNREFUSED");
    expect((error.cause as Error).message).toContain("ECONNREFUSED");
  });

  it("recognises an AppError from another copy of the module by its shape", () => {
    const foreign = Object.assign(new Error("Nope."), { name: "AppError", code: "not_found", userMessage: "Nope.", status: 404 });
    expect(isAppError(foreign)).toBe(true);
    expect(toAppError(foreign)).toBe(foreign);
    expect(isAppError(Object.assign(new Error("x"), { name: "AppError", code: "weird", userMessage: "x" }))).toBe(false);
  });

  it("given a catalog message, keeps it as text with its English as the message; a French page reads the size in Mio", () => {
    const error = new AppError("too_large", say("build.contextTooLarge", { size: bytesOf(200 * 1024 * 1024) }));
    expect(error.userMessage).toBe("The build folder is larger than 200 MiB.");
    expect(error.message).toBe(error.userMessage);
    expect(renderText(error.text!, "fr")).toBe("Le dossier de construction dépasse 200\u00a0Mio.");
    expect(new AppError("not_found", "Nope.").text).toBeUndefined();
  });
});
