import { afterEach, describe, expect, it } from "vitest";
import { decodeClientMessage } from "@/lib/protocol/messages";
import { EARLY_SOCKET_KEY, EARLY_SOCKET_MAX_FRAMES, EARLY_SOCKET_SCRIPT, takeEarlySocket, type EarlySocket } from "./early-socket";
import { FakeWebSocket } from "./testing/fake-websocket";

/** Runs the inline script as the browser would, on a page at `origin`; returns the page's window. */
function runScript(origin: string): Record<string, unknown> {
  const url = new URL(origin);
  const win: Record<string, unknown> = {};
  new Function("window", "location", "WebSocket", EARLY_SOCKET_SCRIPT)(win, { protocol: url.protocol, host: url.host }, FakeWebSocket);
  return win;
}

afterEach(() => {
  FakeWebSocket.created = [];
});

describe("the step page's early socket script", () => {
  it("opens /ws on the page's own host, ws under http and wss under https", () => {
    runScript("http://localhost:3000/steps/1");
    runScript("https://workbench.example.org/steps/4");
    expect(FakeWebSocket.created.map((ws) => ws.url)).toEqual(["ws://localhost:3000/ws", "wss://workbench.example.org/ws"]);
  });

  it("sends the protocol's terminal.attach, and nothing else, as soon as the socket opens", () => {
    const win = runScript("http://localhost:3000/steps/1");
    const ws = FakeWebSocket.created[0]!;
    expect(ws.sent).toEqual([]);
    ws.open();
    expect(ws.sent).toHaveLength(1);
    expect(decodeClientMessage(ws.sent[0]!)).toEqual({ ok: true, message: { type: "terminal.attach", cols: 80, rows: 24, lastSeq: 0 } });
    expect(win[EARLY_SOCKET_KEY]).toMatchObject({ ws, frames: [], overflowed: false });
  });

  it("keeps the server's text frames in order until the client takes the socket, and says when it had to drop some", () => {
    const win = runScript("http://localhost:3000/steps/1");
    const ws = FakeWebSocket.created[0]!;
    ws.open();
    ws.receive('{"type":"engine.status","state":"starting","message":"Starting"}');
    ws.receive(new Uint8Array([1, 2]));
    ws.receive('{"type":"terminal.output","data":"$ ","seq":1}');
    const early = win[EARLY_SOCKET_KEY] as EarlySocket;
    expect(early.frames).toEqual(['{"type":"engine.status","state":"starting","message":"Starting"}', '{"type":"terminal.output","data":"$ ","seq":1}']);
    for (let i = early.frames.length; i < EARLY_SOCKET_MAX_FRAMES; i++) ws.receive("{}");
    expect(early.overflowed).toBe(false);
    ws.receive("{}");
    expect(early.overflowed).toBe(true);
    expect(early.frames).toHaveLength(EARLY_SOCKET_MAX_FRAMES);
  });

  it("leaves nothing behind when the browser cannot open a socket", () => {
    const win: Record<string, unknown> = {};
    const Throwing = function () {
      throw new Error("blocked");
    };
    expect(() => new Function("window", "location", "WebSocket", EARLY_SOCKET_SCRIPT)(win, { protocol: "http:", host: "localhost" }, Throwing)).not.toThrow();
    expect(win[EARLY_SOCKET_KEY]).toBeUndefined();
  });
});

describe("takeEarlySocket", () => {
  it("hands the socket over once: a later workbench (another step) gets none", () => {
    const win = runScript("http://localhost:3000/steps/1");
    const early = takeEarlySocket(win);
    expect(early?.ws).toBe(FakeWebSocket.created[0]);
    expect(takeEarlySocket(win)).toBeNull();
  });

  it("ignores whatever else is at its place on window", () => {
    expect(takeEarlySocket({ [EARLY_SOCKET_KEY]: { ws: "ws://evil/ws", frames: [] } })).toBeNull();
    expect(takeEarlySocket({ [EARLY_SOCKET_KEY]: 42 })).toBeNull();
    expect(takeEarlySocket({})).toBeNull();
  });
});
