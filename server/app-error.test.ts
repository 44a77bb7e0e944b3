import { describe, expect, it } from "vitest";
import { AppError, hasAppErrorCode, isAppError, toAppError, toErrorResponse } from "./app-error";

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
});
