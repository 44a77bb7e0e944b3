/**
 * The pre-started engine pool: a student gets an already running engine, with their workspace
 * mounted into it at that moment (visible to the shell and to the inner engine's bind mounts),
 * and the pool refills; nothing (containers, volumes, mounts) is left afterwards.
 */
import { afterAll, describe, expect, it } from "vitest";
import { chownSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createTestEngines, waitFor } from "./testing/test-engines";
import { execCommand } from "./exec-command";
import { getHostDocker } from "./host-docker";
import { labelFilter } from "./labels";
import { INNER_DOCKER_HOST, LEARNER_UID, LEARNER_USER, LEARNER_WORKSPACE } from "./engine-options";

const base = mkdtempSync(path.join(os.tmpdir(), "wb-pool-"));
const workspace = path.join(base, "alice");
const mountsDir = path.join(base, "engine-mounts");
const deploymentId = `pooltest${process.pid}`;
const engines = createTestEngines(workspace, { deploymentId, pool: { size: 1, mountsDir } });

afterAll(async () => {
  await engines.shutdown();
  rmSync(base, { recursive: true, force: true });
});

const mounted = () => readFileSync("/proc/self/mountinfo", "utf8").includes(mountsDir);

describe("engine pool", () => {
  it("hands a started engine over with the student's workspace mounted, and refills", async () => {
    const { mkdirSync } = await import("node:fs");
    mkdirSync(workspace, { recursive: true });
    writeFileSync(path.join(workspace, "note.txt"), "alice's file\n");
    chownSync(workspace, LEARNER_UID, LEARNER_UID);
    await engines.startPool();
    const docker = getHostDocker();
    const ours = async () => docker.listContainers({ all: true, filters: labelFilter("engine", "test", deploymentId) });
    await waitFor(async () => (await ours()).length === 1, 30_000);
    await waitFor(() => engines.poolReadyCount === 1, 90_000); // started, not merely created (slow under load)

    const engine = await engines.ensure("alicepooltest001");
    expect(engine.fromPool).toBe(true);
    expect(engine.readyMs).toBeLessThan(3000); // a mount and a hand-over, not an engine start

    const shell = await execCommand(engine.container, { cmd: ["cat", `${LEARNER_WORKSPACE}/note.txt`], user: LEARNER_USER, timeoutMs: 10_000 });
    expect(shell.output).toBe("alice's file\n");
    const write = await execCommand(engine.container, { cmd: ["sh", "-c", `echo from-engine > ${LEARNER_WORKSPACE}/back.txt`], user: LEARNER_USER, timeoutMs: 10_000 });
    expect(write.exitCode).toBe(0);
    expect(readFileSync(path.join(workspace, "back.txt"), "utf8")).toBe("from-engine\n");

    // The inner engine sees the mount too (rootlesskit propagates it): a bind mount of the workspace works.
    const inner = await execCommand(engine.container, {
      cmd: ["sh", "-c", `docker run --rm -v ${LEARNER_WORKSPACE}:/w debian:latest cat /w/note.txt`],
      user: LEARNER_USER,
      env: [`DOCKER_HOST=${INNER_DOCKER_HOST}`],
      timeoutMs: 120_000,
    });
    expect(inner.output).toContain("alice's file");

    await waitFor(async () => (await ours()).length === 2, 30_000); // the pool refilled
    expect(engines.poolLength).toBe(1);
  });

  it("removes the student's engine, its slot mount, and on shutdown everything else", async () => {
    await engines.remove("alicepooltest001");
    expect(readFileSync(path.join(workspace, "note.txt"), "utf8")).toBe("alice's file\n"); // files stay
    await engines.shutdown();
    const left = await getHostDocker().listContainers({ all: true, filters: labelFilter("engine", "test", deploymentId) });
    expect(left).toEqual([]);
    const { Volumes } = await getHostDocker().listVolumes({ filters: labelFilter("engine", "test", deploymentId) });
    expect(Volumes ?? []).toEqual([]);
    expect(mounted()).toBe(false);
  });
});
