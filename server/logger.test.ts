import { describe, expect, it } from "vitest";
import { AppError } from "./app-error";
import { createLogger } from "./logger";

function capture(level: Parameters<typeof createLogger>[0] extends infer O ? (O extends { level?: infer L } ? L : never) : never) {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({ level, write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { log, lines };
}

describe("logger", () => {
  it("writes one JSON object per line with time, level, message and fields", () => {
    const { log, lines } = capture("debug");
    log.info("engine ready", { readyMs: 812 });
    expect(lines).toEqual([{ time: expect.any(String), level: "info", msg: "engine ready", readyMs: 812 }]);
    expect(Number.isNaN(Date.parse(lines[0]!.time as string))).toBe(false);
  });

  it("drops lines below the level; the level is asked for once, lazily", () => {
    let asked = 0;
    const lines: string[] = [];
    const log = createLogger({ level: () => (asked++, "warn"), write: (line) => lines.push(line) });
    expect(asked).toBe(0);
    log.debug("d");
    log.info("i");
    log.warn("w");
    log.error("e");
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(["w", "e"]);
    expect(asked).toBe(1);
  });

  it("binds fields in child loggers; call fields win", () => {
    const { log, lines } = capture("info");
    const child = log.child({ area: "sandbox", studentId: "abc" }).child({ containerId: "c1" });
    child.info("started", { studentId: "override" });
    expect(lines[0]).toMatchObject({ area: "sandbox", studentId: "override", containerId: "c1", msg: "started" });
  });

  it("serialises errors (with code and cause), bigints and cycles", () => {
    const { log, lines } = capture("info");
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const error = new AppError("timeout", "The build took too long.", { cause: new Error("deadline") });
    log.error("failed", { error, big: 10n, cyclic });
    expect(lines[0]).toMatchObject({
      error: { name: "AppError", message: "The build took too long.", code: "timeout", status: 504, cause: { message: "deadline" } },
      big: "10",
      cyclic: { a: 1, self: "[circular]" },
    });
  });
});
