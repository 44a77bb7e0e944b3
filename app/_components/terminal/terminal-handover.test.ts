import { describe, expect, it } from "vitest";
import type { ServerMessage } from "@/lib/protocol/messages";
import { TerminalHandoverSkip } from "./terminal-handover";

const replay: ServerMessage[] = [
  { type: "engine.status", state: "ready", message: "Ready" },
  { type: "terminal.reset" },
  { type: "terminal.output", seq: 1, data: "learner@wb:~$ " },
  { type: "terminal.output", seq: 1, data: "node1$ ", node: "node1" },
  { type: "terminal.output", seq: 2, data: "ls\r\n" },
];

describe("adopting the boot terminal: what it drew is not drawn again", () => {
  it("lets pass the first `drawn` messages of the student's own shell, and only those", () => {
    const skip = new TerminalHandoverSkip(2);
    expect(replay.map((message) => skip.alreadyDrawn(message))).toEqual([false, true, true, false, false]);
    expect(skip.alreadyDrawn({ type: "terminal.output", seq: 3, data: "x" })).toBe(false);
  });

  it("skips nothing when the boot drew nothing the socket replays", () => {
    const skip = new TerminalHandoverSkip(0);
    expect(replay.some((message) => skip.alreadyDrawn(message))).toBe(false);
  });
});
