/**
 * A student's engine moved to another node (WB_PLACEMENT=swarm: its node drained or lost): the
 * open page is told so, in the catalog's words, and its terminal comes back on the new engine
 * without the student doing anything. Through the real websocket handler and TerminalSession,
 * with an engine manager whose engines are containers of this test.
 */
import { afterEach, describe, expect, it } from "vitest";
import { PassThrough } from "node:stream";
import type { WebSocket } from "ws";
import type Docker from "dockerode";
import type { EngineManager, LearnerEngine } from "../sandbox/engine-manager";
import { handleConnection } from "./connection";
import { ENGINE_MOVED_MESSAGE, HubRegistry } from "./student-hub";
import { TestPage } from "./testing/test-page";
import { createLogger } from "../logger";

const log = createLogger({ level: "error", write: () => undefined });

/** A container whose execs are shells printing `prompt`. */
function shellContainer(prompt: string) {
  const shells: PassThrough[] = [];
  const container = {
    exec: () =>
      Promise.resolve({
        start: async () => {
          const shell = new PassThrough();
          shells.push(shell);
          shell.write(prompt);
          return shell;
        },
        resize: async () => undefined,
      }),
  };
  return { container: container as unknown as Docker.Container, shells };
}

/** One engine at a time for student s1: `move()` drops the current one, and the next ensure starts the next. */
function movingEngines(prompts: string[]) {
  let started = 0;
  let current: LearnerEngine | undefined;
  const engines = {
    acquire: () => undefined,
    release: () => undefined,
    noteActivity: () => undefined,
    holdBusy: () => () => undefined,
    current: () => current,
    knownAlive: () => current,
    isAlive: async () => current !== undefined,
    ensure: async () => {
      const { container } = shellContainer(prompts[started] ?? "?");
      started += 1;
      current = { studentId: "s1", containerName: `wb-test-${started}`, container, fromPool: false, readyMs: 1200 } as LearnerEngine;
      return current;
    },
  };
  return { engines: engines as unknown as EngineManager, move: () => (current = undefined), started: () => started };
}

const pages: TestPage[] = [];
afterEach(() => {
  for (const page of pages.splice(0)) page.close();
});

describe("an engine moved to another node", () => {
  it("tells the open page why, in the catalog's words, and reattaches its terminal to a shell of the new engine", async () => {
    const fake = movingEngines(["first-node$ ", "second-node$ "]);
    const hubs = new HubRegistry();
    const page = new TestPage({ pollMs: 5, timeoutMs: 3_000 });
    pages.push(page);
    handleConnection(page as unknown as WebSocket, "s1", { engines: fake.engines, hubs, log });
    page.type({ type: "terminal.attach", cols: 80, rows: 24, lastSeq: 0 });
    await page.waitFor(() => page.output().includes("first-node$ "), "the first engine's prompt");

    const mark = page.received.length;
    fake.move();
    hubs.moved("s1");
    await page.waitFor(() => page.output(mark).includes("second-node$ "), "the new engine's prompt");
    const told = page.received.slice(mark).find((m) => m.type === "engine.status" && m.state === "starting");
    expect(told).toMatchObject({ message: ENGINE_MOVED_MESSAGE, text: { key: "engine.moved" } });
    expect(ENGINE_MOVED_MESSAGE).toContain("your files are safe");
    // In order: told it moved, the new engine ready, the terminal cleared, then the new shell's output.
    const kinds = page.received.slice(mark).map((m) => (m.type === "engine.status" ? `${m.type}:${m.state}` : m.type));
    expect(kinds.indexOf("engine.status:starting")).toBeLessThan(kinds.indexOf("engine.status:ready"));
    expect(kinds.indexOf("terminal.reset")).toBeLessThan(kinds.lastIndexOf("terminal.output"));
    expect(fake.started()).toBe(2);
  });

  it("with no page open, nothing is started: the student's next page gets the new engine", () => {
    const fake = movingEngines(["first$ "]);
    const hubs = new HubRegistry();
    hubs.get("s1");
    hubs.moved("s1");
    expect(fake.started()).toBe(0);
    expect(hubs.all()).toHaveLength(0);
  });
});
