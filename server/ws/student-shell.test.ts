/**
 * The student's shell starts with their engine, not with the page's terminal.attach: through the
 * real websocket handler (handleConnection) and the real TerminalSession, with an engine manager
 * and a container whose exec is a stream this test writes the shell's output into.
 */
import { afterEach, describe, expect, it } from "vitest";
import { PassThrough } from "node:stream";
import type { WebSocket } from "ws";
import type Docker from "dockerode";
import type { ServerMessage } from "../../lib/protocol/messages";
import type { EngineManager, LearnerEngine } from "../sandbox/engine-manager";
import { handleConnection } from "./connection";
import { HubRegistry } from "./student-hub";
import { TestPage } from "./testing/test-page";
import { openStudentShell, startShellWithEarlyEngine } from "./student-shell";
import { ShellAhead } from "../sandbox/shell-ahead";
import { createLogger } from "../logger";

const log = createLogger({ level: "error", write: () => undefined });
const PROMPT = "learner@workbench:~/workspace$ ";

/** A container whose every exec is a shell this test controls; `startGate` holds exec.start until released. */
class FakeContainer {
  readonly shells: PassThrough[] = [];
  readonly sizes: { w: number; h: number }[] = [];
  /** Execs created on this container (each shell is one). */
  execs = 0;
  startGate: Promise<void> = Promise.resolve();
  exec() {
    this.execs++;
    return Promise.resolve({
      start: async () => {
        await this.startGate;
        const shell = new PassThrough();
        this.shells.push(shell);
        shell.write(PROMPT); // bash -l prints its prompt as soon as it runs
        return shell;
      },
      resize: async (size: { w: number; h: number }) => void this.sizes.push(size),
    });
  }
}

/** The engine manager's side of a connection: one engine per student, ready when `readyEngine` resolves. */
function fakeEngines(container: FakeContainer) {
  let resolveReady!: (engine: LearnerEngine) => void;
  const engine = { studentId: "s1", containerName: "wb-test", container: container as unknown as Docker.Container, fromPool: true, readyMs: 10 } as LearnerEngine;
  const starting = new Promise<LearnerEngine>((resolve) => (resolveReady = resolve));
  let ready: LearnerEngine | undefined;
  let removed = false;
  const engines = {
    acquire: () => undefined,
    release: () => undefined,
    noteActivity: () => undefined,
    holdBusy: () => () => undefined,
    current: () => ready,
    knownAlive: () => undefined, // never known without a look: these tests go the engine's whole way
    isAlive: async () => !removed,
    ensure: (_id: string, onProgress?: (state: "starting", message: string) => void) => {
      onProgress?.("starting", "Connecting to your Docker engine…");
      return starting;
    },
  };
  return {
    engines: engines as unknown as EngineManager,
    engine,
    /** The hand-over is done: the engine is the student's. */
    handOver: () => {
      ready = engine;
      resolveReady(engine);
    },
    remove: () => {
      removed = true;
      ready = undefined;
    },
  };
}

const sockets: TestPage[] = [];
function connect(engines: EngineManager, hubs: HubRegistry): TestPage {
  const socket = new TestPage();
  sockets.push(socket);
  handleConnection(socket as unknown as WebSocket, "s1", { engines, hubs, log });
  return socket;
}

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});

const isReady = (m: ServerMessage) => m.type === "engine.status" && m.state === "ready";

describe("the student's shell starts with their engine", () => {
  it("is started when the socket has the engine, before the page attaches, and the attach gets its prompt at once at the page's size", async () => {
    const container = new FakeContainer();
    const fake = fakeEngines(container);
    const hubs = new HubRegistry();
    const page = connect(fake.engines, hubs);
    fake.handOver();
    await page.waitFor(() => page.received.some(isReady), "the ready message");
    // No terminal.attach yet (the page's xterm is still loading): the shell is already running.
    await page.waitFor(() => hubs.get("s1").terminal?.lastSeq === 1, "the shell's prompt on the server");
    expect(container.shells).toHaveLength(1);
    expect(page.output()).toBe(""); // nothing is sent to a page that has not attached

    const mark = page.received.length;
    page.type({ type: "terminal.attach", cols: 132, rows: 40, lastSeq: 0 });
    await page.waitFor(() => page.output(mark).includes(PROMPT), "the prompt replayed");
    expect(page.received.slice(mark).find((m) => m.type.startsWith("terminal."))?.type).toBe("terminal.reset");
    expect(container.shells).toHaveLength(1); // the attach used the shell started ahead
    await page.waitFor(() => container.sizes.some((s) => s.w === 132 && s.h === 40), "the shell resized to the page");
  });

  it("the ready message does not wait for the shell: it is sent while the exec has not started", async () => {
    const container = new FakeContainer();
    let releaseStart!: () => void;
    container.startGate = new Promise<void>((resolve) => (releaseStart = resolve));
    const fake = fakeEngines(container);
    const hubs = new HubRegistry();
    const page = connect(fake.engines, hubs);
    fake.handOver();
    await page.waitFor(() => page.received.some(isReady), "the ready message");
    expect(container.shells).toHaveLength(0);
    // Keys typed before the shell is there reach it once it is.
    page.type({ type: "terminal.attach", cols: 80, rows: 24, lastSeq: 0 });
    page.type({ type: "terminal.input", data: "ls\r" });
    releaseStart();
    // The fake shell's stream echoes what is written to it, as a TTY does: the keys come after the prompt.
    await page.waitFor(() => page.output().includes(`${PROMPT}ls\r`), "the prompt, then the early keys echoed by the shell");
    expect(container.shells).toHaveLength(1);
  });

  it("a page reconnecting with its last sequence number gets only what it lacks from the same shell", async () => {
    const container = new FakeContainer();
    const fake = fakeEngines(container);
    const hubs = new HubRegistry();
    const first = connect(fake.engines, hubs);
    fake.handOver();
    first.type({ type: "terminal.attach", cols: 80, rows: 24, lastSeq: 0 });
    await first.waitFor(() => first.output().includes(PROMPT), "the prompt");
    container.shells[0]!.write("after the prompt\r\n");
    await first.waitFor(() => first.output().includes("after the prompt"), "the second chunk");
    first.close();
    container.shells[0]!.write("while away\r\n");

    const again = connect(fake.engines, hubs);
    again.type({ type: "terminal.attach", cols: 80, rows: 24, lastSeq: 2 });
    await again.waitFor(() => again.output().includes("while away"), "what was missed");
    expect(again.received.some((m) => m.type === "terminal.reset")).toBe(false);
    expect(again.output()).not.toContain("after the prompt");
    expect(container.shells).toHaveLength(1);
  });

  it("a socket closed before its engine was ready starts no shell", async () => {
    const container = new FakeContainer();
    const fake = fakeEngines(container);
    const hubs = new HubRegistry();
    connect(fake.engines, hubs).close();
    fake.handOver();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(container.shells).toHaveLength(0);
  });
});

describe("the shell of an engine started early (the page's early request, its GET)", () => {
  it("starts once the engine handed over is ready, in the student's own hub", async () => {
    const container = new FakeContainer();
    const fake = fakeEngines(container);
    const hubs = new HubRegistry();
    expect(startShellWithEarlyEngine(true, "s1", { engines: fake.engines, hubs, log })).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(container.shells).toHaveLength(0); // not before the engine is the student's
    fake.handOver();
    const page = new TestPage();
    await page.waitFor(() => hubs.get("s1").terminal?.lastSeq === 1, "the shell's prompt on the server");
    expect(hubs.all().map((hub) => hub.studentId)).toEqual(["s1"]);

    // The page's socket then finds it: its attach is the prompt, with no second shell.
    const socket = connect(fake.engines, hubs);
    socket.type({ type: "terminal.attach", cols: 100, rows: 30, lastSeq: 0 });
    await socket.waitFor(() => socket.output().includes(PROMPT), "the prompt");
    expect(container.shells).toHaveLength(1);
  });

  it("starts nothing when no engine was begun, or when the engine was removed before it was ready", async () => {
    const container = new FakeContainer();
    const fake = fakeEngines(container);
    const hubs = new HubRegistry();
    expect(startShellWithEarlyEngine(false, "s1", { engines: fake.engines, hubs, log })).toBe(false);
    startShellWithEarlyEngine(true, "s1", { engines: fake.engines, hubs, log });
    fake.handOver();
    fake.remove();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(container.shells).toHaveLength(0);
    expect(hubs.all()).toHaveLength(0);
  });
});

describe("the shell a pool engine started before the hand-over", () => {
  /** The server's log lines, parsed. */
  function recording() {
    const lines: Record<string, unknown>[] = [];
    return { lines, log: createLogger({ level: "info", write: (line) => void lines.push(JSON.parse(line) as Record<string, unknown>) }) };
  }
  const promptIn = (session: { lastSeq: number } | undefined) => (session?.lastSeq ?? 0) > 0;

  it("is the student's shell at the hand-over: no exec then, its prompt already buffered, logged as pooled", async () => {
    const container = new FakeContainer();
    const fake = fakeEngines(container);
    const { lines, log: recorded } = recording();
    // The pool engine is ready and nobody has it yet: its shell starts and prints its prompt.
    fake.engine.shellAhead = new ShellAhead(container as unknown as Docker.Container, recorded);
    await new TestPage().waitFor(() => fake.engine.shellAhead!.promptMs !== undefined, "the pool shell's prompt");
    expect(container.execs).toBe(1);

    const hubs = new HubRegistry();
    startShellWithEarlyEngine(true, "s1", { engines: fake.engines, hubs, log: recorded });
    fake.handOver();
    await new TestPage().waitFor(() => promptIn(hubs.get("s1").terminal), "the shell in the student's hub");
    expect(container.execs).toBe(1); // the hand-over opened none
    expect(fake.engine.shellAhead!.gave(hubs.get("s1").terminal!)).toBe(true);
    const line = lines.find((l) => l.msg === "shell started ahead");
    expect(line).toMatchObject({ pooled: true, studentId: "s1" });
    expect(line!.promptMs).toBe(line!.openMs); // the prompt was there when the hub got the shell
    expect(line!.pooledPromptMs).toEqual(expect.any(Number));

    // The page's attach is answered from that buffer, at the page's size.
    const page = connect(fake.engines, hubs);
    page.type({ type: "terminal.attach", cols: 120, rows: 30, lastSeq: 0 });
    await page.waitFor(() => page.output().includes(PROMPT), "the prompt");
    await page.waitFor(() => container.sizes.some((s) => s.w === 120 && s.h === 30), "the shell resized to the page");
    expect(container.execs).toBe(1);
  });

  it("is given once: a second taker (another student's hub) gets a shell of its own", async () => {
    const container = new FakeContainer();
    const fake = fakeEngines(container);
    fake.engine.shellAhead = new ShellAhead(container as unknown as Docker.Container, log);
    const hubs = new HubRegistry();
    const first = await openStudentShell(hubs.get("s1"), fake.engine, 80, 24);
    const second = await openStudentShell(hubs.get("s2"), fake.engine, 80, 24);
    expect(second).not.toBe(first);
    expect(fake.engine.shellAhead.gave(first)).toBe(true);
    expect(container.execs).toBe(2);
  });

  it("when it has ended before the hand-over, the student gets a new shell", async () => {
    const container = new FakeContainer();
    const fake = fakeEngines(container);
    fake.engine.shellAhead = new ShellAhead(container as unknown as Docker.Container, log);
    await new TestPage().waitFor(() => container.shells.length === 1, "the pool shell");
    container.shells[0]!.end(); // bash exited (killed in the engine, say)
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fake.engine.shellAhead.waiting).toBe(false);
    const hubs = new HubRegistry();
    const shell = await openStudentShell(hubs.get("s1"), fake.engine, 80, 24);
    expect(shell.isExited).toBe(false);
    expect(container.execs).toBe(2);
  });

  it("discarded with its pool engine, it ends, even while it was still opening, and is given to nobody", async () => {
    const container = new FakeContainer();
    let releaseStart!: () => void;
    container.startGate = new Promise<void>((resolve) => (releaseStart = resolve));
    const opening = new ShellAhead(container as unknown as Docker.Container, log);
    opening.discard();
    releaseStart();
    await new TestPage().waitFor(() => container.shells.length === 1, "the exec's stream");
    await new TestPage().waitFor(() => container.shells[0]!.destroyed, "the stream closed");
    expect(opening.take()).toBeUndefined();

    const opened = new ShellAhead(container as unknown as Docker.Container, log);
    await new TestPage().waitFor(() => opened.promptMs !== undefined, "the prompt");
    opened.discard();
    expect(container.shells[1]!.destroyed).toBe(true);
    expect(opened.take()).toBeUndefined();
  });
});
