import { describe, expect, it } from "vitest";
import { blockingFailures, runDoctor, type DoctorCheck } from "./doctor-checks";

describe("runDoctor", () => {
  it("reports every check, does not try one whose needs failed, and keeps a fix for each failure", async () => {
    let engineTried = false;
    const checks: DoctorCheck[] = [
      { name: "docker", run: async () => ({ ok: false, detail: "no Docker engine answers", fix: "bash scripts/ensure-docker.sh" }) },
      { name: "tun device", run: async () => ({ ok: true, detail: "usable" }) },
      {
        name: "learner engine",
        needs: ["docker", "tun device"],
        run: async () => {
          engineTried = true;
          return { ok: true, detail: "started" };
        },
      },
      { name: "database", run: async () => Promise.reject(new Error("boom")) },
    ];
    const reports = await runDoctor(checks);
    expect(reports.map((r) => [r.name, r.ok])).toEqual([
      ["docker", false],
      ["tun device", true],
      ["learner engine", false],
      ["database", false],
    ]);
    expect(engineTried).toBe(false);
    expect(reports[2]).toMatchObject({ skipped: true, detail: "not tried: docker failed" });
    expect(reports[0]!.fix).toBe("bash scripts/ensure-docker.sh");
    expect(reports[3]!.detail).toContain("the check itself failed: Error: boom");
  });

  it("says an advisory check's failure without failing the doctor", async () => {
    const reports = await runDoctor([
      { name: "firewall", run: async () => ({ ok: true, detail: "in place" }) },
      { name: "direct egress", needs: ["firewall"], advisory: true, run: async () => ({ ok: false, detail: "stale: mirror now resolves to 192.0.2.9", fix: "run the start again" }) },
      { name: "database", run: async () => ({ ok: false, detail: "unreachable", fix: "start it" }) },
    ]);
    expect(reports[1]).toMatchObject({ ok: false, advisory: true, fix: "run the start again" });
    expect(blockingFailures(reports).map((r) => r.name)).toEqual(["database"]);
    expect(blockingFailures(reports.slice(0, 2))).toEqual([]);
  });
});
