/**
 * A minimal client of the workbench websocket (/ws) for benchmarks: the `ws` package, the shared
 * protocol's decoder, and "wait for the next message that matches" with a time limit.
 */
import WebSocket from "ws";
import { decodeServerMessage, encodeMessage, type ClientMessage, type ServerMessage } from "../../lib/protocol/messages";
import { TimeoutError, fmtMs, now, onCleanup } from "./common";
import type { BenchWorkbench } from "./workbench";

type Waiter = { match: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void };

/** CSI/OSC escape sequences and other control characters removed: what a terminal would show. */
export function stripAnsi(text: string): string {
  return text
    .replace(/\x1b\][^\x07\x1b]*(\x07|\x1b\\)/g, "")
    .replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, "")
    .replace(/\x1b[()][A-Za-z0-9]/g, "")
    .replace(/\x1b[=>]/g, "")
    .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, "");
}

/** The learner's bash prompt (engine image bashrc: learner@host:dir$ ) at the end of the output. */
export const PROMPT_AT_END = /learner@[\w.-]+:[^\n]*\$\s*$/;

export class BenchSocket {
  private waiters: Waiter[] = [];
  /** Called with every decoded message before waiters see it. */
  onMessage: ((message: ServerMessage, at: number) => void) | undefined;
  /** Called once when the socket closes (by either side), with its close code and reason. */
  onClose: ((code: number, reason: string) => void) | undefined;
  /** All terminal output so far (raw). */
  terminalText = "";
  closed = false;
  readonly closeNow: () => Promise<void>;

  private constructor(private readonly ws: WebSocket) {
    ws.on("message", (raw, isBinary) => {
      const at = now();
      const decoded = decodeServerMessage(isBinary ? new Uint8Array(raw as Buffer) : String(raw));
      if (!decoded.ok) {
        process.stderr.write(`the server sent an undecodable frame: ${decoded.error}\n`);
        return;
      }
      const message = decoded.message;
      if (message.type === "terminal.output") this.terminalText = (this.terminalText + message.data).slice(-100_000);
      this.onMessage?.(message, at);
      const waiting = this.waiters;
      this.waiters = [];
      for (const w of waiting) {
        if (w.match(message)) w.resolve(message);
        else this.waiters.push(w);
      }
    });
    ws.on("close", (code, reason) => {
      this.closed = true;
      this.onClose?.(code, reason.toString());
    });
    this.closeNow = onCleanup("websocket", () => this.close());
  }

  static async open(wb: BenchWorkbench, cookieHeader: string, timeoutMs = 15_000): Promise<BenchSocket> {
    const ws = new WebSocket(`ws://127.0.0.1:${wb.port}/ws`, { headers: { Cookie: cookieHeader, Origin: wb.url }, handshakeTimeout: timeoutMs });
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
      ws.once("unexpected-response", (_req, res) => reject(new Error(`websocket refused: HTTP ${res.statusCode}`)));
    });
    return new BenchSocket(ws);
  }

  send(message: ClientMessage): void {
    this.ws.send(encodeMessage(message));
  }

  /** The next message (from now on) that matches. */
  next<T extends ServerMessage["type"]>(type: T, timeoutMs: number, match: (m: Extract<ServerMessage, { type: T }>) => boolean = () => true): Promise<Extract<ServerMessage, { type: T }>> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        match: (m) => {
          if (m.type === "error") {
            reject(new Error(`server error ${m.code}: ${m.message}`));
            return true;
          }
          return m.type === type && match(m as Extract<ServerMessage, { type: T }>);
        },
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m as Extract<ServerMessage, { type: T }>);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new TimeoutError(`no ${type} message within ${fmtMs(timeoutMs)}`));
      }, timeoutMs);
      timer.unref();
      this.waiters.push(waiter);
    });
  }

  /** Resolves once the terminal has printed nothing for `quietMs` (or after `maxMs`). */
  async settle(quietMs: number, maxMs: number): Promise<void> {
    const deadline = now() + maxMs;
    for (;;) {
      const seen = this.terminalText.length;
      const left = deadline - now();
      if (left <= 0) return;
      await new Promise((r) => setTimeout(r, Math.min(quietMs, left)));
      if (this.terminalText.length === seen) return;
    }
  }

  /** Waits until the terminal shows the bash prompt at the end of its output. */
  async waitForPrompt(timeoutMs: number): Promise<void> {
    const deadline = now() + timeoutMs;
    while (!PROMPT_AT_END.test(stripAnsi(this.terminalText))) {
      const left = deadline - now();
      if (left <= 0) throw new TimeoutError(`no shell prompt within ${fmtMs(timeoutMs)}; the terminal shows: ${JSON.stringify(stripAnsi(this.terminalText).slice(-300))}`);
      await this.next("terminal.output", left).catch(() => undefined);
    }
  }

  private async close(): Promise<void> {
    if (this.closed) return;
    const closed = new Promise((r) => this.ws.once("close", r));
    this.ws.close(1000, "benchmark done");
    await Promise.race([closed, new Promise((r) => setTimeout(r, 2_000))]);
    if (!this.closed) this.ws.terminate();
  }

  /**
   * Types `count` printable characters one at a time, each timed from `terminal.input` sent to the
   * first `terminal.output` holding it; the next is sent only after. Every LINE_CHARS characters a
   * Ctrl-U (untimed) clears the line so readline never wraps. `pause` runs between keystrokes.
   */
  async typeTimed(count: number, options: { timeoutMs: number; onEcho: (ms: number) => void; onMiss: (index: number, error: unknown) => void; pause?: () => Promise<void> }): Promise<void> {
    for (let i = 0; i < count; i++) {
      if (i > 0 && i % ECHO_LINE_CHARS === 0) {
        this.send({ type: "terminal.input", data: CTRL_U });
        await this.settle(150, 2_000);
      }
      const ch = ECHO_CHARS[i % ECHO_CHARS.length]!;
      const echoed = this.next("terminal.output", options.timeoutMs, (m) => m.data.includes(ch));
      const sent = now();
      this.send({ type: "terminal.input", data: ch });
      try {
        await echoed;
        options.onEcho(now() - sent);
      } catch (error) {
        options.onMiss(i, error);
        await this.settle(200, 2_000);
      }
      await options.pause?.();
    }
  }
}

export const ECHO_LINE_CHARS = 40;
export const ECHO_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";
export const CTRL_U = "\x15";
