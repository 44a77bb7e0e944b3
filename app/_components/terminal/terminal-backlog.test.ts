import { describe, expect, it } from "vitest";
import type { ServerMessage } from "@/lib/protocol/messages";
import { MAX_BACKLOG_CHARS, TerminalBacklog } from "./terminal-backlog";

/** The socket's message side: what the pane listens to. */
function fakeSocket() {
  const listeners = new Set<(message: ServerMessage) => void>();
  return {
    onMessage(listener: (message: ServerMessage) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit: (message: ServerMessage) => [...listeners].forEach((listener) => listener(message)),
    listening: () => listeners.size,
  };
}

const output = (seq: number, data = `line ${seq}\r\n`): ServerMessage => ({ type: "terminal.output", data, seq });

describe("TerminalBacklog", () => {
  it("keeps what the shell said before the terminal was there, in order, and only the terminal's messages", () => {
    const socket = fakeSocket();
    const backlog = new TerminalBacklog();
    backlog.listenTo(socket);
    socket.emit({ type: "engine.status", state: "ready", message: "Your Docker engine is ready." });
    socket.emit({ type: "terminal.reset" });
    socket.emit(output(1, "learner@engine:~/workspace$ "));
    socket.emit({ type: "pong", t: 1 });
    socket.emit(output(2));
    socket.emit({ type: "terminal.exit", message: "The shell ended." });

    expect(backlog.take()).toEqual([{ type: "terminal.reset" }, output(1, "learner@engine:~/workspace$ "), output(2), { type: "terminal.exit", message: "The shell ended." }]);
  });

  it("is taken once: it stops listening, and a terminal mounted again gets nothing (it attaches from the start)", () => {
    const socket = fakeSocket();
    const backlog = new TerminalBacklog();
    backlog.listenTo(socket);
    socket.emit(output(1));
    expect(backlog.take()).toHaveLength(1);
    expect(socket.listening()).toBe(0);
    socket.emit(output(2));
    expect(backlog.take()).toEqual([]);
    backlog.listenTo(socket);
    expect(socket.listening()).toBe(0);
  });

  it("drops everything once the output grows past its limit, so that the terminal asks the server from the start", () => {
    const socket = fakeSocket();
    const backlog = new TerminalBacklog();
    backlog.listenTo(socket);
    socket.emit(output(1, "x".repeat(MAX_BACKLOG_CHARS - 10)));
    socket.emit(output(2, "y".repeat(11)));
    socket.emit(output(3, "z"));
    expect(socket.listening()).toBe(0);
    expect(backlog.take()).toEqual([]);
  });

  it("listens again after its pane's effect is undone and redone (strict mode), without keeping what it forgot", () => {
    const socket = fakeSocket();
    const backlog = new TerminalBacklog();
    const stop = backlog.listenTo(socket);
    socket.emit(output(1));
    stop();
    expect(socket.listening()).toBe(0);
    backlog.listenTo(socket);
    socket.emit(output(2));
    expect(backlog.take()).toEqual([output(2)]);
  });
});
