import { describe, expect, it } from "vitest";
import { PassThrough } from "node:stream";
import { TerminalSession, type TerminalListener } from "./terminal-session";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A shell's output stream fed faster than a page reads: 64 KiB chunks, as fast as it accepts them. */
function floodingShell(): { stream: PassThrough; written: () => number; stop: () => void } {
  const stream = new PassThrough({ highWaterMark: 64 * 1024 });
  let written = 0;
  let stopped = false;
  const chunk = Buffer.alloc(64 * 1024, "y");
  const pump = () => {
    while (!stopped && written < 64 * 1024 * 1024) {
      written += chunk.length;
      if (!stream.write(chunk)) return void stream.once("drain", pump);
    }
  };
  setImmediate(pump);
  return { stream, written: () => written, stop: () => (stopped = true) };
}

describe("TerminalSession backpressure", () => {
  it("stops reading the shell while a page cannot keep up, and goes on when it drains", async () => {
    const shell = floodingShell();
    const session = TerminalSession.fromStream(shell.stream);
    let received = 0;
    let congested = true;
    const page: TerminalListener = {
      output: (chunk) => (received += chunk.data.length),
      exit: () => undefined,
      congested: () => congested,
    };
    session.attach(page, 0);
    await sleep(300);
    // Paused: the shell could write only about what the stream buffers, not hundreds of MiB.
    expect(session.isPaused).toBe(true);
    expect(shell.written()).toBeLessThan(1024 * 1024);
    const whilePaused = received;
    await sleep(200);
    expect(received).toBe(whilePaused);

    congested = false;
    await sleep(300);
    expect(received).toBeGreaterThan(whilePaused);
    shell.stop();
    session.close();
  });

  it("gives up on a page that stays congested, so the shell and the other pages go on", async () => {
    const shell = floodingShell();
    const session = TerminalSession.fromStream(shell.stream, undefined, undefined, 200);
    let stalled = 0;
    let otherReceived = 0;
    session.attach({ output: () => undefined, exit: () => undefined, congested: () => true, stalled: () => stalled++ }, 0);
    session.attach({ output: (chunk) => (otherReceived += chunk.data.length), exit: () => undefined, congested: () => false }, 0);
    await sleep(600);
    expect(stalled).toBe(1);
    // Once the stalled page was let go, the shell's output flowed on to the page that reads.
    expect(otherReceived).toBeGreaterThan(8 * 1024 * 1024);
    shell.stop();
    session.close();
  });
});
