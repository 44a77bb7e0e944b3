import { describe, expect, it } from "vitest";
import { AppError } from "@/server/app-error";
import { assertSameSite, errorResponse, parseStep, parseWorkspacePath } from "./http";

describe("route helpers", () => {
  it("parses step numbers 1–99 only", () => {
    expect(parseStep("1")).toBe(1);
    expect(parseStep("42")).toBe(42);
    for (const bad of ["0", "100", "1.5", "-1", "abc", "", null, undefined]) {
      expect(() => parseStep(bad)).toThrow(AppError);
    }
  });

  it("refuses paths that leave the workspace", () => {
    expect(parseWorkspacePath(" 1_worpress_multiservice_dirty/Dockerfile ")).toBe("1_worpress_multiservice_dirty/Dockerfile");
    for (const bad of ["", "/etc/passwd", "a/../../b", "..", "a\\b"]) {
      expect(() => parseWorkspacePath(bad)).toThrow(AppError);
    }
  });

  it("answers AppErrors with their status and user message", async () => {
    const response = errorResponse(new AppError("not_found", "No such file."));
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: "not_found", message: "No such file." } });
  });

  it("refuses cross-site writes", () => {
    const request = new Request("http://localhost/api/files/content?path=a", { method: "PUT", headers: { "sec-fetch-site": "cross-site" } });
    expect(() => assertSameSite(request)).toThrow(AppError);
    expect(() => assertSameSite(new Request("http://localhost/", { headers: { "sec-fetch-site": "same-origin" } }))).not.toThrow();
  });
});
