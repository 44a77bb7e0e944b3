/**
 * Engines started ahead of their page (EngineManager.prewarm, called when a returning student
 * requests a step page, and when any step page's early request arrives), against the real host
 * dockerd: the page's websocket then finds the engine already starting or up; a page that never
 * comes leaves nothing behind; a full host never queues a page view. With a pool, the early
 * request is handed a ready pool engine at once, and no student gets more than one engine nor
 * more than the engine limit allows, however many requests they send.
 */
import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createTestEngines, makeLearnerWorkspace, waitFor } from "./testing/test-engines";
import { getHostDocker } from "./host-docker";
import { labelFilter } from "./labels";

const workspace = makeLearnerWorkspace("wb-int-prewarm-");
const deploymentId = `prewarmtest${process.pid}`;
const engines = createTestEngines(workspace, { deploymentId, maxRunning: 1 });
const ours = async () => getHostDocker().listContainers({ all: true, filters: labelFilter("engine", "test", deploymentId) });

const poolBase = mkdtempSync(path.join(os.tmpdir(), "wb-int-prewarm-pool-"));
const pooled = createTestEngines(workspace, { deploymentId: `${deploymentId}p`, maxRunning: 2, pool: { size: 1, mountsDir: path.join(poolBase, "engine-mounts") } });
const pooledOnes = async () => getHostDocker().listContainers({ all: true, filters: labelFilter("engine", "test", `${deploymentId}p`) });

afterAll(async () => {
  await Promise.all([engines.shutdown(), pooled.shutdown()]);
  rmSync(workspace, { recursive: true, force: true });
  rmSync(poolBase, { recursive: true, force: true });
});

describe("engines started ahead of the page", () => {
  it("gives the page's request the engine already started, and never a second one", async () => {
    expect(engines.prewarm("prewarmstudent01")).toBe(true);
    expect(engines.prewarm("prewarmstudent01")).toBe(false); // a reload while it starts starts nothing more
    await new Promise((r) => setTimeout(r, 1_000)); // the page's scripts load meanwhile
    const began = Date.now();
    engines.acquire("prewarmstudent01"); // the page's websocket opens…
    try {
      const engine = await engines.ensure("prewarmstudent01"); // …and asks for the engine
      const waited = Date.now() - began;
      expect((await engine.container.inspect()).State.Running).toBe(true);
      // The start overlapped the page's loading: the page waits only for what was left of it after its 1 s
      // (nothing, when the engine started within that second), never for a whole start of its own.
      expect(waited).toBeLessThan(Math.max(250, engine.readyMs - 800));
      expect(await ours()).toHaveLength(1);
    } finally {
      // Released whatever happened above: this host's one place is the next tests'.
      engines.release("prewarmstudent01");
      await engines.remove("prewarmstudent01");
    }
  }, 120_000);

  it("does not queue a page view when the host is full, nor start anything", async () => {
    engines.acquire("prewarmholder001");
    await engines.ensure("prewarmholder001"); // the one place of this host
    expect(engines.prewarm("prewarmstudent02")).toBe(false);
    expect(engines.isQueued("prewarmstudent02")).toBe(false);
    expect(await ours()).toHaveLength(1);
    engines.release("prewarmholder001");
    await engines.remove("prewarmholder001");
  }, 120_000);

  it("removes an engine whose page never attached", async () => {
    expect(engines.prewarm("prewarmstudent03", 1_500)).toBe(true);
    await waitFor(async () => engines.current("prewarmstudent03") !== undefined, 60_000);
    await waitFor(async () => engines.current("prewarmstudent03") === undefined && (await ours()).length === 0, 30_000);
  }, 120_000);

  it("hands a ready pool engine over at the page's early request, one per student, within the limit", async () => {
    await pooled.startPool();
    await waitFor(() => pooled.poolReadyCount === 1, 90_000);
    const began = Date.now();
    expect(pooled.prewarm("prewarmpooled001")).toBe(true); // the page's early request
    expect(pooled.prewarm("prewarmpooled001")).toBe(false); // the same student again (a reload, a script in a loop)
    await waitFor(() => pooled.current("prewarmpooled001") !== undefined, 10_000);
    const handedOverMs = Date.now() - began;
    pooled.acquire("prewarmpooled001"); // the websocket, once the scripts have loaded…
    const engine = await pooled.ensure("prewarmpooled001"); // …finds it ready
    expect(engine.fromPool).toBe(true);
    expect(handedOverMs).toBeLessThan(1_000); // a mount into a running engine, no engine start
    expect(Date.now() - began).toBeLessThan(1_500);

    // Other students' early requests: the one place left under the limit (2) starts one engine, then nothing more, and nobody queues.
    expect(pooled.prewarm("prewarmpooled002")).toBe(true);
    expect(pooled.prewarm("prewarmpooled003")).toBe(false);
    expect(pooled.isQueued("prewarmpooled003")).toBe(false);
    await waitFor(() => pooled.current("prewarmpooled002") !== undefined, 90_000);
    await new Promise((r) => setTimeout(r, 6_000)); // past the pool's refill delay: no place for a pool engine either
    expect((await pooledOnes()).length).toBe(2);
    expect(pooled.capacity.inUse).toBe(2);
    pooled.release("prewarmpooled001");
  }, 240_000);
});
