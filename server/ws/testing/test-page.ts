/**
 * A browser tab as the websocket's server side sees it (the part of a `ws` WebSocket that
 * handleConnection uses), for tests that drive that side without a browser: it keeps what the
 * server sent, and types the page's messages.
 */
import { EventEmitter } from "node:events";
import type { ClientMessage, ServerMessage } from "../../../lib/protocol/messages";

export class TestPage extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  readonly received: ServerMessage[] = [];

  /** `pollMs`: how often waitFor looks; `timeoutMs`: how long it waits unless told. */
  constructor(private readonly wait: { pollMs: number; timeoutMs: number } = { pollMs: 5, timeoutMs: 2_000 }) {
    super();
  }

  send(raw: string): void {
    this.received.push(JSON.parse(raw) as ServerMessage);
  }

  type(message: ClientMessage): void {
    this.emit("message", Buffer.from(JSON.stringify(message)), false);
  }

  close(): void {
    this.readyState = 3;
    this.emit("close");
  }

  terminate(): void {
    this.close();
  }

  /** The engine.status messages the page was told, in order. */
  engineStatuses(): Extract<ServerMessage, { type: "engine.status" }>[] {
    return this.received.flatMap((m) => (m.type === "engine.status" ? [m] : []));
  }

  /** The engine states the page was told, in order. */
  engineStates(): string[] {
    return this.engineStatuses().map((m) => m.state);
  }

  /** The terminal's output received since message `from`, joined as sent (every shell's). */
  output(from = 0): string {
    return this.outputWhere(from, () => true);
  }

  /** The output of one shell received since message `from`: a cluster node's (step 9), or with no node the student's own engine's. */
  shellOutput(node: string | undefined, from = 0): string {
    return this.outputWhere(from, (m) => m.node === node);
  }

  private outputWhere(from: number, isWanted: (message: Extract<ServerMessage, { type: "terminal.output" }>) => boolean): string {
    return this.received
      .slice(from)
      .flatMap((m) => (m.type === "terminal.output" && isWanted(m) ? [m.data] : []))
      .join("");
  }

  async waitFor(predicate: () => boolean, what: string, timeoutMs = this.wait.timeoutMs): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; received: ${JSON.stringify(this.received.slice(-8)).slice(0, 1200)}`);
      await new Promise((resolve) => setTimeout(resolve, this.wait.pollMs));
    }
  }
}

/** Terminal text without its colours and cursor moves. */
// eslint-disable-next-line no-control-regex
export const withoutAnsi = (text: string): string => text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "");
