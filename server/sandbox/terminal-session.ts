/**
 * A learner's shell: one interactive bash (TTY) exec'd in their engine container. Output is kept
 * in a bounded buffer of numbered chunks so a page that reconnects receives only what it has not
 * written yet, and a reloaded page gets the recent screen back exactly once.
 */
import { StringDecoder } from "node:string_decoder";
import type { Duplex } from "node:stream";
import type Docker from "dockerode";

export interface TerminalChunk {
  seq: number;
  data: string;
}

export interface TerminalListener {
  output: (chunk: TerminalChunk) => void;
  exit: (message: string) => void;
  /** True while this page cannot take more output (its socket's send buffer is full). */
  congested?: () => boolean;
  /** Told when this page stayed congested too long: the shell goes on without it. */
  stalled?: () => void;
}

export interface TerminalSpec {
  user: string;
  workingDir: string;
  env: string[];
  cmd: string[];
}

const BUFFER_LIMIT = 200_000; // characters kept for replay
/** How often a paused shell looks whether its pages have drained. */
const FLOW_POLL_MS = 50;
/** A page congested this long is given up on (its socket is closed; it reattaches when it can). */
export const STALL_MS = 15_000;

export class TerminalSession {
  private chunks: TerminalChunk[] = [];
  private buffered = 0;
  private nextSeq = 1;
  private readonly listeners = new Set<TerminalListener>();
  private stream: Duplex | undefined;
  private exec: Docker.Exec | undefined;
  private exited = false;
  private size = { cols: 80, rows: 24 };
  /** Set while the shell's output is paused because a page cannot keep up. */
  private flowTimer: NodeJS.Timeout | undefined;
  private pausedAt = 0;

  private constructor(private readonly stallMs: number) {}

  /**
   * A session on an already attached stream (what open() does after starting the exec). Output is
   * read with backpressure: while a page is congested the stream is paused, so the shell's own
   * writes block instead of the server buffering without bound.
   */
  static fromStream(stream: Duplex, exec?: Docker.Exec, size = { cols: 80, rows: 24 }, stallMs = STALL_MS): TerminalSession {
    const session = new TerminalSession(stallMs);
    session.size = size;
    session.exec = exec;
    session.stream = stream;
    const decoder = new StringDecoder("utf8");
    stream.on("data", (data: Buffer) => session.append(decoder.write(data)));
    const onEnd = () => session.markExited("The shell has ended.");
    stream.on("end", onEnd);
    stream.on("close", onEnd);
    stream.on("error", () => session.markExited("The connection to your shell was lost."));
    return session;
  }

  static async open(container: Docker.Container, spec: TerminalSpec, cols: number, rows: number): Promise<TerminalSession> {
    const exec = await container.exec({
      Cmd: spec.cmd,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: true,
      User: spec.user,
      WorkingDir: spec.workingDir,
      Env: [...spec.env, `COLUMNS=${cols}`, `LINES=${rows}`],
    });
    const stream = (await exec.start({ hijack: true, stdin: true, Tty: true })) as unknown as Duplex;
    const session = TerminalSession.fromStream(stream, exec, { cols, rows });
    await exec.resize({ h: rows, w: cols }).catch(() => undefined);
    return session;
  }

  get isExited(): boolean {
    return this.exited;
  }

  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  /**
   * Subscribes a page. Returns the chunks it lacks: those after `lastSeq`, or everything held
   * with `reset: true` when the page is fresh (0) or has fallen behind what is still buffered.
   */
  attach(listener: TerminalListener, lastSeq: number): { reset: boolean; replay: TerminalChunk[]; detach: () => void } {
    this.listeners.add(listener);
    const oldest = this.chunks[0]?.seq ?? this.nextSeq;
    const fresh = lastSeq === 0 || lastSeq > this.lastSeq;
    const reset = fresh || lastSeq < oldest - 1;
    const replay = reset ? [...this.chunks] : this.chunks.filter((c) => c.seq > lastSeq);
    if (this.exited) queueMicrotask(() => listener.exit("The shell has ended."));
    return { reset, replay, detach: () => this.listeners.delete(listener) };
  }

  /** Resolves once the shell has printed anything (at once if it already has): true, or false if it ended first. */
  firstOutput(): Promise<boolean> {
    if (this.lastSeq > 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const { detach } = this.attach(
        {
          output: () => {
            detach();
            resolve(true);
          },
          exit: () => {
            detach();
            resolve(false);
          },
        },
        0,
      );
    });
  }

  write(data: string): void {
    if (!this.exited) this.stream?.write(data);
  }

  async resize(cols: number, rows: number): Promise<void> {
    if (this.exited || (cols === this.size.cols && rows === this.size.rows)) return;
    this.size = { cols, rows };
    await this.exec?.resize({ h: rows, w: cols }).catch(() => undefined);
  }

  close(): void {
    this.stream?.destroy();
    this.markExited("The shell was closed.");
  }

  private append(data: string): void {
    if (!data) return;
    const chunk = { seq: this.nextSeq++, data };
    this.chunks.push(chunk);
    this.buffered += data.length;
    while (this.buffered > BUFFER_LIMIT && this.chunks.length > 1) {
      this.buffered -= this.chunks.shift()!.data.length;
    }
    for (const listener of this.listeners) listener.output(chunk);
    if (!this.flowTimer && [...this.listeners].some((l) => l.congested?.())) this.pause();
  }

  /** Stops reading the shell until every page has drained (or one is given up on). */
  private pause(): void {
    this.stream?.pause();
    this.pausedAt = Date.now();
    this.flowTimer = setInterval(() => {
      const congested = [...this.listeners].filter((l) => l.congested?.());
      if (congested.length && Date.now() - this.pausedAt < this.stallMs) return;
      for (const listener of congested) {
        this.listeners.delete(listener);
        listener.stalled?.();
      }
      this.resume();
    }, FLOW_POLL_MS);
    this.flowTimer.unref();
  }

  private resume(): void {
    clearInterval(this.flowTimer);
    this.flowTimer = undefined;
    if (!this.exited) this.stream?.resume();
  }

  /** Whether output is paused for a page that cannot keep up. */
  get isPaused(): boolean {
    return this.flowTimer !== undefined;
  }

  private markExited(message: string): void {
    if (this.exited) return;
    this.exited = true;
    clearInterval(this.flowTimer);
    this.flowTimer = undefined;
    for (const listener of this.listeners) listener.exit(message);
  }
}
