/**
 * Host precondition, against the real host dockerd (vitest project "host": run alone, because it
 * changes a device every engine on this host uses): with /dev/net/tun made root-only, as on some
 * fresh machines, a rootless learner engine cannot start and both the probe and the doctor name
 * the cause; the set-up's host step makes it work again. The device's mode is restored after.
 */
import { afterAll, describe, expect, it } from "vitest";
import { chmodSync, rmSync, statSync } from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { createTestEngines, makeLearnerWorkspace } from "./testing/test-engines";
import { probeLearnerEngine } from "./engine-probe";
import { doctorChecks } from "../doctor/doctor-checks";

const TUN = "/dev/net/tun";
const root = path.resolve(__dirname, "../..");
const originalMode = statSync(TUN).mode & 0o777;
const workspace = makeLearnerWorkspace("wb-host-tun-");
const engines = createTestEngines(workspace, { readyTimeoutMs: 40_000 });

afterAll(() => {
  chmodSync(TUN, originalMode);
  rmSync(workspace, { recursive: true, force: true });
});

describe("a root-only tun device", () => {
  it("stops learner engines with the cause named, and the set-up fixes it", async () => {
    chmodSync(TUN, 0o600);

    const refused = await probeLearnerEngine(engines, "test");
    expect(refused.ok).toBe(false);
    expect(refused.ok ? "" : `${refused.reason} ${refused.fix}`).toContain("/dev/net/tun");
    const doctorSays = await doctorChecks(root)
      .find((check) => check.name === "tun device")!
      .run();
    expect(doctorSays.ok).toBe(false);
    expect(doctorSays.fix).toContain("chmod 0666 /dev/net/tun");

    const setup = spawnSync("bash", [path.join(root, "scripts/ensure-host.sh")], { encoding: "utf8" });
    expect(setup.status, setup.stderr).toBe(0);
    expect(setup.stdout).toContain("made /dev/net/tun usable by learner engines (mode 600 -> 666");
    expect(statSync(TUN).mode & 0o777).toBe(0o666);

    const started = await probeLearnerEngine(engines, "test");
    expect(started).toMatchObject({ ok: true });
  });
});
