/**
 * Engines started ahead of their page (EngineManager.prewarm, called when a returning student
 * requests a step page), against the real host dockerd: the page's websocket then finds the engine
 * already starting or up; a page that never comes leaves nothing behind; a full host never queues
 * a page view.
 */
import { afterAll, describe, expect, it } from "vitest";
import { rmSync } from "node:fs";
import { createTestEngines, makeLearnerWorkspace, waitFor } from "./testing/test-engines";
import { getHostDocker } from "./host-docker";
import { labelFilter } from "./labels";

const workspace = makeLearnerWorkspace("wb-int-prewarm-");
const deploymentId = `prewarmtest${process.pid}`;
const engines = createTestEngines(workspace, { deploymentId, maxRunning: 1 });
const ours = async () => getHostDocker().listContainers({ all: true, filters: labelFilter("engine", "test", deploymentId) });

afterAll(async () => {
  await engines.shutdown();
  rmSync(workspace, { recursive: true, force: true });
});

describe("engines started ahead of the page", () => {
  it("gives the page's request the engine already started, and never a second one", async () => {
    expect(engines.prewarm("prewarmstudent01")).toBe(true);
    expect(engines.prewarm("prewarmstudent01")).toBe(false); // a reload while it starts starts nothing more
    await new Promise((r) => setTimeout(r, 1_000)); // the page's scripts load meanwhile
    const began = Date.now();
    engines.acquire("prewarmstudent01"); // the page's websocket opens…
    const engine = await engines.ensure("prewarmstudent01"); // …and asks for the engine
    const waited = Date.now() - began;
    expect((await engine.container.inspect()).State.Running).toBe(true);
    expect(waited).toBeLessThan(engine.readyMs - 800); // the start overlapped the page's loading
    expect(await ours()).toHaveLength(1);
    engines.release("prewarmstudent01");
    await engines.remove("prewarmstudent01");
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
});
