import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ServerMessage } from "@/lib/protocol/messages";
import { EARLY_SOCKET_KEY, EARLY_SOCKET_MAX_FRAMES, EARLY_SOCKET_SCRIPT, takeEarlySocket, type EarlySocket } from "./early-socket";
import { FakeWebSocket } from "./testing/fake-websocket";
import { WorkbenchSocket } from "./workbench-socket";

const URL_OF_PAGE = "ws://localhost:3000/ws";
const STARTING = '{"type":"engine.status","state":"starting","message":"Starting your Docker engine"}';
const READY = '{"type":"engine.status","state":"ready","message":"Your Docker engine is ready."}';
const RESET = '{"type":"terminal.reset"}';
const PROMPT = '{"type":"terminal.output","data":"learner@engine:~/workspace$ ","seq":1}';
const LATER = '{"type":"terminal.output","data":"ls\\r\\n","seq":2}';

/** The page's early socket as its inline script leaves it (the real script, on a fake browser). */
function pageWithEarlySocket(): { early: EarlySocket; ws: FakeWebSocket } {
  const win: Record<string, unknown> = {};
  new Function("window", "location", "WebSocket", EARLY_SOCKET_SCRIPT)(win, { protocol: "http:", host: "localhost:3000" }, FakeWebSocket);
  const early = takeEarlySocket(win);
  if (!early) throw new Error("the script left no socket");
  return { early, ws: FakeWebSocket.created.at(-1)! };
}

function record(socket: WorkbenchSocket): string[] {
  const seen: string[] = [];
  socket.onOpen(() => seen.push("open"));
  socket.onMessage((message: ServerMessage) => seen.push(JSON.stringify(message)));
  return seen;
}

/** Lets the socket hand over frames it holds (a microtask, after the listeners of the same React commit subscribed). */
const settle = () => Promise.resolve();

beforeEach(() => {
  FakeWebSocket.created = [];
  vi.stubGlobal("WebSocket", FakeWebSocket);
  vi.stubGlobal("window", { addEventListener: vi.fn(), removeEventListener: vi.fn() });
  vi.stubGlobal("document", { addEventListener: vi.fn(), removeEventListener: vi.fn(), visibilityState: "visible" });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("WorkbenchSocket takes over the page's early socket", () => {
  it("uses the open early socket instead of opening one, and hands its frames to listeners in order, before the later ones", async () => {
    const { early, ws } = pageWithEarlySocket();
    ws.open();
    for (const frame of [STARTING, READY, RESET, PROMPT]) ws.receive(frame);
    const socket = new WorkbenchSocket(
      () => URL_OF_PAGE,
      () => early,
    );

    socket.start();
    // Listeners subscribed right after start (by components of the same commit) still hear every frame.
    const seen = record(socket);
    await settle();
    ws.receive(LATER);

    expect(FakeWebSocket.created).toHaveLength(1);
    expect(seen).toEqual(["open", STARTING, READY, RESET, PROMPT, LATER]);
    expect(socket.getState()).toMatchObject({ status: "open", wasOpen: true, attempt: 0 });
    // It talks through that socket: the script's attach, then what the page sends.
    expect(socket.send({ type: "terminal.resize", cols: 120, rows: 30 })).toBe(true);
    expect(ws.sent.map((frame) => JSON.parse(frame) as { type: string }).map((m) => m.type)).toEqual(["terminal.attach", "terminal.resize"]);
  });

  it("takes over an early socket still opening: the script's attach goes first, then the page's open listeners run", async () => {
    const { early, ws } = pageWithEarlySocket();
    const socket = new WorkbenchSocket(
      () => URL_OF_PAGE,
      () => early,
    );
    const seen = record(socket);
    socket.onOpen(() => socket.send({ type: "preview.watch", port: 80 }));
    socket.start();
    expect(socket.getState().status).toBe("connecting");

    ws.open();
    ws.receive(READY);
    await settle();

    expect(FakeWebSocket.created).toHaveLength(1);
    expect(ws.sent.map((frame) => (JSON.parse(frame) as { type: string }).type)).toEqual(["terminal.attach", "preview.watch"]);
    expect(seen).toEqual(["open", READY]);
  });

  it("opens its own socket when the early one failed, and hears nothing of the failed one", async () => {
    const { early, ws } = pageWithEarlySocket();
    ws.end(1006);
    const socket = new WorkbenchSocket(
      () => URL_OF_PAGE,
      () => early,
    );
    const seen = record(socket);
    socket.start();
    await settle();

    expect(FakeWebSocket.created).toHaveLength(2);
    const own = FakeWebSocket.created[1]!;
    expect(own.url).toBe(URL_OF_PAGE);
    own.open();
    own.receive(READY);
    expect(seen).toEqual(["open", READY]);
  });

  it("closes an early socket that could not keep every frame, and opens its own", async () => {
    const { early, ws } = pageWithEarlySocket();
    ws.open();
    for (let i = 0; i <= EARLY_SOCKET_MAX_FRAMES; i++) ws.receive(READY);
    expect(early.overflowed).toBe(true);
    const socket = new WorkbenchSocket(
      () => URL_OF_PAGE,
      () => early,
    );
    const seen = record(socket);
    socket.start();
    await settle();

    expect(ws.closedWith?.code).toBe(1000);
    expect(FakeWebSocket.created).toHaveLength(2);
    ws.receive(READY); // too late: it is not the page's socket any more
    expect(seen).toEqual([]);
  });

  it("reconnects with a socket of its own when the early one closes later, as it always did", async () => {
    vi.useFakeTimers();
    const { early, ws } = pageWithEarlySocket();
    ws.open();
    const socket = new WorkbenchSocket(
      () => URL_OF_PAGE,
      () => early,
    );
    socket.start();
    await settle();
    ws.end(1006);
    expect(socket.getState()).toMatchObject({ status: "closed", attempt: 1, reason: "connection lost (code 1006)" });

    vi.advanceTimersByTime(500);
    expect(FakeWebSocket.created).toHaveLength(2);
    expect(FakeWebSocket.created[1]!.url).toBe(URL_OF_PAGE);
    socket.stop();
  });

  it("asks for the early socket once: started again after stop (another step, React's strict mode), it opens its own", async () => {
    const { early, ws } = pageWithEarlySocket();
    ws.open();
    const earlySocket = vi.fn(() => early);
    const socket = new WorkbenchSocket(() => URL_OF_PAGE, earlySocket);
    socket.start();
    socket.stop();
    socket.start();
    await settle();

    expect(earlySocket).toHaveBeenCalledTimes(1);
    expect(ws.closedWith).toEqual({ code: 1000, reason: "page closed" });
    expect(FakeWebSocket.created).toHaveLength(2);
    socket.stop();
  });

  it("opens its own socket when the page has no early one (a page without the script)", () => {
    const win: Record<string, unknown> = {};
    const socket = new WorkbenchSocket(
      () => URL_OF_PAGE,
      () => takeEarlySocket(win),
    );
    socket.start();
    expect(FakeWebSocket.created.map((ws) => ws.url)).toEqual([URL_OF_PAGE]);
    expect(win[EARLY_SOCKET_KEY]).toBeUndefined();
    socket.stop();
  });
});
