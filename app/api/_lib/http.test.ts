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

  describe("CSRF guard", () => {
    const policy = { port: 3000 };
    const put = (headers: Record<string, string>) => new Request("http://wb.example:3000/api/files/content?path=a", { method: "PUT", headers: { host: "wb.example:3000", ...headers } });

    it("accepts only same-origin fetches, and typed navigations for reads", () => {
      expect(() => assertSameSite(put({ "sec-fetch-site": "same-origin" }), policy)).not.toThrow();
      for (const site of ["same-site", "cross-site", "none", "bogus"]) {
        expect(() => assertSameSite(put({ "sec-fetch-site": site, origin: "http://wb.example:3000" }), policy), site).toThrow(AppError);
      }
      const typed = new Request("http://wb.example:3000/api/course", { headers: { host: "wb.example:3000", "sec-fetch-site": "none" } });
      expect(() => assertSameSite(typed, policy)).not.toThrow();
    });

    it("without Sec-Fetch-Site, checks the Origin against the workbench's origins; a Referer alone is not enough", () => {
      expect(() => assertSameSite(put({ origin: "http://wb.example:3000" }), policy)).not.toThrow();
      expect(() => assertSameSite(put({ origin: "http://localhost:3000" }), policy)).not.toThrow();
      const refused: Record<string, string>[] = [
        {},
        { origin: "null" },
        { origin: "http://evil.example" },
        { origin: "http://wb.example:3001" },
        { referer: "http://wb.example:3000/steps/1" },
        { referer: "http://evil.example/wb.example:3000" },
      ];
      for (const headers of refused) {
        const error = (() => {
          try {
            assertSameSite(put(headers), policy);
          } catch (caught) {
            return caught;
          }
        })();
        expect(error, JSON.stringify(headers)).toBeInstanceOf(AppError);
        expect((error as AppError).status).toBe(403);
      }
      expect(() => assertSameSite(put({ origin: "http://wb.example:3000" }), { port: 3000, configured: ["https://wb.example"] })).toThrow(AppError);
      expect(() => assertSameSite(put({ origin: "https://wb.example" }), { port: 3000, configured: ["https://wb.example"] })).not.toThrow();
    });
  });
});
