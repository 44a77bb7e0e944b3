/**
 * The engine limit with real engines, through the real websocket handler: with a limit of 1, a
 * second student is queued as number 1 (their page is told so) while only one engine runs, a
 * third who closes the page leaves the queue and the one behind moves up, the second gets their
 * engine once the first one is removed, and nothing is left running afterwards. Pool engines hold
 * places too, give theirs up to a student who would otherwise queue, and refill only from free places.
 */
import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { WebSocket } from "ws";
import { handleConnection } from "../ws/connection";
import { HubRegistry } from "../ws/student-hub";
import { TestPage } from "../ws/testing/test-page";
import { createTestEngines, makeLearnerWorkspace } from "./testing/test-engines";
import { getHostDocker } from "./host-docker";
import { labelFilter } from "./labels";
import { createLogger } from "../logger";

const workspace = makeLearnerWorkspace("wb-int-queue-");
const deploymentId = `queuetest${process.pid}`;
const logLines: Record<string, unknown>[] = [];
const log = createLogger({
  level: "info",
  write: (line) => {
    const record = JSON.parse(line) as Record<string, unknown>;
    logLines.push(record);
    if (record.level === "error" || record.level === "warn") process.stderr.write(`${line}\n`);
  },
});
const engines = createTestEngines(workspace, { deploymentId, maxRunning: 1, log });
const hubs = new HubRegistry();
const suffix = process.pid.toString(36);
const [alice, bob, carol, dave] = ["alice", "bob", "carol", "dave"].map((name) => `${name}queue${suffix}`) as [string, string, string, string];

/** The queue positions the page was told, in order. */
const queuePositions = (page: TestPage): number[] => page.engineStatuses().flatMap((m) => (m.queue ? [m.queue.position] : []));

const pages: TestPage[] = [];
const open = (studentId: string, manager = engines) => {
  const page = new TestPage({ pollMs: 50, timeoutMs: 120_000 });
  pages.push(page);
  handleConnection(page as unknown as WebSocket, studentId, { engines: manager, hubs, log });
  return page;
};
const isReady = (page: TestPage) => () => {
  const failed = page.engineStatuses().find((m) => m.state === "error");
  if (failed) throw new Error(`the engine did not start: ${failed.message}`);
  return page.engineStatuses().some((m) => m.state === "ready");
};
const ours = (deployment = deploymentId) => getHostDocker().listContainers({ all: true, filters: labelFilter("engine", "test", deployment) });

const poolBase = mkdtempSync(path.join(os.tmpdir(), "wb-int-queue-pool-"));
const poolDeployment = `queuepool${process.pid}`;
const pooled = createTestEngines(workspace, { deploymentId: poolDeployment, maxRunning: 1, log, pool: { size: 1, mountsDir: path.join(poolBase, "mounts") } });

afterAll(async () => {
  for (const page of pages) if (page.readyState === 1) page.close();
  await Promise.all([engines.shutdown(), pooled.shutdown()]);
  rmSync(workspace, { recursive: true, force: true });
  rmSync(poolBase, { recursive: true, force: true });
});

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("engine limit and queue", () => {
  it("queues students beyond the limit with their position, lets those who leave go, and admits the next on removal", async () => {
    const alicePage = open(alice);
    await alicePage.waitFor(isReady(alicePage), "Alice's engine");
    expect(queuePositions(alicePage)).toEqual([]);

    // Bob is number 1: his page says so, and no second engine is started for him.
    const bobPage = open(bob);
    await bobPage.waitFor(() => queuePositions(bobPage).length > 0, "Bob's queue position", 10_000);
    const queued = bobPage.engineStatuses().at(-1)!;
    expect(queued).toMatchObject({ state: "starting", queue: { position: 1, limit: 1 } });
    expect(queued.message).toBe("This server's one Docker engine is in use: you are number 1 in the queue. Your files are safe; your terminal starts as soon as an engine is free.");
    expect(engines.isQueued(bob)).toBe(true);
    expect(engines.capacity).toEqual({ limit: 1, inUse: 1, queued: 1 });
    // A second tab of Bob's hears where he stands too, not a generic "connecting".
    const bobTab2 = open(bob);
    expect(bobTab2.engineStatuses()).toEqual([queued]);
    // Closing one of his tabs keeps his place: another is still open.
    open(bob).close();
    expect(engines.isQueued(bob)).toBe(true);

    // Carol (2) closes her page: she leaves the queue; Dave (3) moves up to 2.
    const carolPage = open(carol);
    await carolPage.waitFor(() => queuePositions(carolPage).length > 0, "Carol's queue position", 5_000);
    const davePage = open(dave);
    await davePage.waitFor(() => queuePositions(davePage).length > 0, "Dave's queue position", 5_000);
    expect(queuePositions(carolPage)).toEqual([2]);
    expect(queuePositions(davePage)).toEqual([3]);
    carolPage.close();
    await davePage.waitFor(() => queuePositions(davePage).at(-1) === 2, "Dave moved up to 2", 5_000);
    expect(engines.isQueued(carol)).toBe(false);
    expect(engines.capacity).toEqual({ limit: 1, inUse: 1, queued: 2 });
    expect(logLines).toContainEqual(expect.objectContaining({ msg: "left the engine queue", key: carol, position: 2 }));
    const running = await ours();
    expect(running.map((c) => c.Names[0])).toEqual([`/wb-test-engine-${alice}`]); // the limit holds

    // Alice's engine is removed (idle, or she left): Bob is admitted at once and gets his engine.
    await engines.remove(alice);
    const removedAt = Date.now();
    await bobPage.waitFor(() => bobPage.engineStatuses().some((m) => m.state === "starting" && !m.queue), "Bob admitted", 5_000);
    const admittedMs = Date.now() - removedAt;
    await bobPage.waitFor(isReady(bobPage), "Bob's engine");
    const readyMs = Date.now() - removedAt;
    expect(bobTab2.engineStatuses().some((m) => m.state === "ready")).toBe(true);
    expect(queuePositions(davePage)).toEqual([3, 2, 1]);
    expect(engines.capacity).toEqual({ limit: 1, inUse: 1, queued: 1 });
    expect((await ours()).map((c) => c.Names[0])).toEqual([`/wb-test-engine-${bob}`]);
    expect(logLines).toContainEqual(expect.objectContaining({ msg: "engine admitted", key: bob }));
    process.stderr.write(`queued student admitted ${admittedMs} ms and ready ${readyMs} ms after the engine ahead was removed\n`);
    expect(admittedMs).toBeLessThan(1_000);

    // Dave closes his page while queued; Bob's engine is removed: nothing is left running.
    davePage.close();
    expect(engines.capacity).toEqual({ limit: 1, inUse: 1, queued: 0 });
    for (const page of [alicePage, bobPage, bobTab2]) page.close();
    await engines.remove(bob);
    expect(engines.capacity).toEqual({ limit: 1, inUse: 0, queued: 0 });
    expect(await ours()).toEqual([]);
    const { Volumes } = await getHostDocker().listVolumes({ filters: labelFilter("engine", "test", deploymentId) });
    expect(Volumes ?? []).toEqual([]);
    expect(engines.current(carol) ?? engines.current(dave)).toBeUndefined();
  });

  it("counts pool engines: the pool gives its place to a student, refills only when one is free, and a claimed pool engine holds it", async () => {
    const [erin, frank, grace] = ["erin", "frank", "grace"].map((name) => `${name}queue${suffix}`) as [string, string, string];
    await pooled.startPool();
    expect(pooled.capacity).toEqual({ limit: 1, inUse: 1, queued: 0 }); // the pool engine holds the only place
    // Erin comes while the pool engine is still starting: it makes way for her instead of making her queue behind it.
    const erinPage = open(erin, pooled);
    await erinPage.waitFor(isReady(erinPage), "Erin's engine");
    expect(pooled.poolLength).toBe(0);
    expect((await ours(poolDeployment)).map((c) => c.Names[0])).toEqual([`/wb-test-engine-${erin}`]);
    expect(logLines).toContainEqual(expect.objectContaining({ msg: "pool engine removed to make room for a queued student" }));

    // Erin leaves: her place goes back to the pool (after the refill delay), and Frank gets that engine.
    erinPage.close();
    await pooled.remove(erin);
    await until(() => pooled.poolReadyCount === 1, 60_000);
    expect(pooled.capacity).toEqual({ limit: 1, inUse: 1, queued: 0 });
    const frankPage = open(frank, pooled);
    await frankPage.waitFor(isReady(frankPage), "Frank's pooled engine");
    expect(pooled.current(frank)?.fromPool).toBe(true);

    // The claimed pool engine is Frank's place: Grace queues, and the pool is not topped up past the limit.
    const gracePage = open(grace, pooled);
    await gracePage.waitFor(() => queuePositions(gracePage).length > 0, "Grace's queue position", 10_000);
    expect(queuePositions(gracePage)).toEqual([1]);
    await new Promise((r) => setTimeout(r, 6_000)); // longer than the pool's refill delay
    expect(pooled.poolLength).toBe(0);
    expect((await ours(poolDeployment)).length).toBe(1);

    frankPage.close();
    await pooled.remove(frank);
    await gracePage.waitFor(isReady(gracePage), "Grace's engine");
    expect(pooled.current(grace)?.fromPool).toBe(false);
    gracePage.close();
    await pooled.shutdown();
    expect(pooled.capacity).toEqual({ limit: 1, inUse: 0, queued: 0 });
    expect(await ours(poolDeployment)).toEqual([]);
    expect(readFileSync("/proc/self/mountinfo", "utf8")).not.toContain(poolBase);
  });
});
