/**
 * A page attaching to a student's engine that is known to run (a reload, a second tab, a
 * reconnect) is told "ready" at once: no "starting" message, no look at Docker. Through the real
 * websocket handler, a real EngineManager and a real engine; the Docker calls are counted by a spy on
 * the engine's own container handle (the boundary the manager looks through). An engine that dies
 * is still told to the pages, and the next page gets a new engine, not "ready" for the dead one.
 */
import { afterAll, describe, expect, it, vi } from "vitest";
import { rmSync } from "node:fs";
import type { WebSocket } from "ws";
import { ENGINE_LOST_MESSAGE, handleConnection } from "./connection";
import { HubRegistry } from "./student-hub";
import { TestPage, withoutAnsi } from "./testing/test-page";
import { createTestEngines, makeLearnerWorkspace } from "../sandbox/testing/test-engines";
import { createLogger } from "../logger";

const studentId = `attachtest${process.pid}`;
const workspace = makeLearnerWorkspace("wb-int-attach-");
const log = createLogger({ level: "warn", write: (line) => void process.stderr.write(`${line}\n`) });
const hubs = new HubRegistry();
const engines = createTestEngines(workspace, { deploymentId: `attachtest${process.pid}`, onRemoved: (id) => hubs.drop(id) });

const pages: TestPage[] = [];
function openPage(): TestPage {
  const page = new TestPage({ pollMs: 20, timeoutMs: 120_000 });
  pages.push(page);
  handleConnection(page as unknown as WebSocket, studentId, { engines, hubs, log });
  return page;
}
const isReady = (page: TestPage) => page.engineStates().includes("ready");
const PROMPT = /learner@[\w.-]+:[^\n]*\$ $/;

afterAll(async () => {
  for (const page of pages) page.close();
  await engines.shutdown();
  rmSync(workspace, { recursive: true, force: true });
});

describe("attaching to an engine known to run", () => {
  it("a second tab, a reload and a reconnect get 'ready' at once, with no 'starting' and no look at Docker", async () => {
    const first = openPage();
    await first.waitFor(() => isReady(first), "the first page's engine");
    expect(first.engineStates()[0]).toBe("starting"); // the first page did wait for its engine
    const engine = engines.current(studentId)!;
    await first.waitFor(() => (hubs.get(studentId).terminal?.lastSeq ?? 0) > 0, "the shell started ahead");
    const inspect = vi.spyOn(engine.container, "inspect");

    const secondTab = openPage();
    const began = performance.now();
    await secondTab.waitFor(() => isReady(secondTab), "the second tab's ready");
    const readyMs = performance.now() - began;
    secondTab.type({ type: "terminal.attach", cols: 100, rows: 30, lastSeq: 0 });
    await secondTab.waitFor(() => PROMPT.test(withoutAnsi(secondTab.output())), "the second tab's prompt");
    first.close(); // a reload: this page goes, a new one comes
    const reloaded = openPage();
    reloaded.type({ type: "terminal.attach", cols: 80, rows: 24, lastSeq: 0 });
    await reloaded.waitFor(() => PROMPT.test(withoutAnsi(reloaded.output())), "the reloaded page's prompt");

    for (const page of [secondTab, reloaded]) expect(page.engineStates().every((state) => state === "ready")).toBe(true);
    expect(inspect).not.toHaveBeenCalled();
    expect(engines.current(studentId)).toBe(engine);
    process.stdout.write(`second tab: ready ${readyMs.toFixed(1)} ms after its socket opened\n`);
    inspect.mockRestore();
  });

  it("an engine that dies is told to the page attached to it, and the next page gets a new engine, not 'ready' for the dead one", async () => {
    const page = pages.at(-1)!;
    const dead = engines.current(studentId)!;
    await dead.container.kill();
    await page.waitFor(() => page.received.some((m) => m.type === "engine.status" && m.state === "error" && m.message === ENGINE_LOST_MESSAGE), "the engine lost message");
    expect(engines.knownAlive(studentId)).toBeUndefined();

    const next = openPage();
    next.type({ type: "terminal.attach", cols: 80, rows: 24, lastSeq: 0 });
    await next.waitFor(() => PROMPT.test(withoutAnsi(next.output())), "the new engine's prompt", 180_000);
    // Looked at first (the dead engine removed: "stopped"), then a new one started: never "ready" before "starting".
    const states = next.engineStates();
    expect(states.slice(0, states.indexOf("ready"))).toContain("starting");
    expect(engines.current(studentId)?.container.id).not.toBe(dead.container.id);
  });
});
