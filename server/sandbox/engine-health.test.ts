import { describe, expect, it } from "vitest";
import { EngineHealth, ENGINES_DOWN_MESSAGE } from "./engine-health";
import type { EngineProbeResult } from "./engine-probe";
import { createLogger } from "../logger";

function recordingLogger() {
  const lines: string[] = [];
  return { lines, log: createLogger({ level: "info", write: (line) => void lines.push(line) }) };
}

describe("EngineHealth", () => {
  it("probes again when a student asks after the recheck delay, so a fixed host works at once", async () => {
    const { log } = recordingLogger();
    let probes = 0;
    let fixed = false;
    const health = new EngineHealth(async () => (probes++, fixed ? { ok: true, readyMs: 900 } : { ok: false, reason: "tun" }), log, 3_600_000, 50);
    await health.check();
    await expect(health.ensureUsable()).rejects.toThrow(ENGINES_DOWN_MESSAGE); // too soon: no new probe
    expect(probes).toBe(1);
    fixed = true;
    await new Promise((resolve) => setTimeout(resolve, 80));
    await expect(health.ensureUsable()).resolves.toBeUndefined();
    expect(probes).toBe(2);
    health.stop();
  });

  it("lets students start engines while the probe runs and after it passed", async () => {
    const { log } = recordingLogger();
    const health = new EngineHealth(async () => ({ ok: true, readyMs: 900 }), log);
    await expect(health.ensureUsable()).resolves.toBeUndefined();
    await health.check();
    expect(health.snapshot().state).toBe("ok");
    await expect(health.ensureUsable()).resolves.toBeUndefined();
    health.stop();
  });

  it("after a failed probe, refuses at once with a plain message and logs the reason once", async () => {
    const { lines, log } = recordingLogger();
    const health = new EngineHealth(async () => ({ ok: false, reason: "tun not usable", fix: "chmod 0666 /dev/net/tun" }), log, 3_600_000);
    await health.check();
    await health.check();
    expect(health.snapshot()).toEqual({ state: "failed", message: ENGINES_DOWN_MESSAGE });
    await expect(health.ensureUsable()).rejects.toThrow(ENGINES_DOWN_MESSAGE);
    const errors = lines.filter((line) => line.includes("cannot start on this host"));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("chmod 0666 /dev/net/tun");
    health.stop();
  });

  it("notices a host fixed by the operator on the next probe", async () => {
    const { lines, log } = recordingLogger();
    let result: EngineProbeResult = { ok: false, reason: "tun not usable" };
    const health = new EngineHealth(async () => result, log, 20);
    await health.check();
    result = { ok: true, readyMs: 1200 };
    await new Promise((resolve) => setTimeout(resolve, 200)); // the scheduled retry
    expect(health.snapshot().state).toBe("ok");
    await expect(health.ensureUsable()).resolves.toBeUndefined();
    expect(lines.some((line) => line.includes("learner engines start again"))).toBe(true);
    health.stop();
  });
});
