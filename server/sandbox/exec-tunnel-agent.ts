/**
 * An http.Agent whose connections are `docker system dial-stdio` processes exec'd inside a
 * learner's engine container. It lets dockerode speak to the learner's inner engine without that
 * engine listening on any network, and without the host following a socket path (or symlink)
 * that the learner controls: the path is resolved inside the learner's own container.
 */
import http from "node:http";
import { Duplex } from "node:stream";
import type Docker from "dockerode";

const STDOUT = 1;
const STDERR = 2;

/** The parts of net.Socket that http.Agent and ClientRequest call on a socket, for a Duplex that carries a connection some other way. */
export abstract class SocketLikeDuplex extends Duplex {
  private idleTimer: NodeJS.Timeout | undefined;
  private idleMs = 0;
  private onIdle: (() => void) | undefined;

  setKeepAlive(): this {
    return this;
  }
  setNoDelay(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  setTimeout(ms: number, onTimeout?: () => void): this {
    this.idleMs = ms;
    // A kept-alive socket is reused for many requests: hold one callback, not one per request.
    if (this.onIdle) this.off("timeout", this.onIdle);
    this.onIdle = onTimeout;
    if (onTimeout) this.once("timeout", onTimeout);
    this.bumpIdle();
    return this;
  }
  /** Bytes went one way or the other: the idle timeout starts again. */
  protected bumpIdle(): void {
    clearTimeout(this.idleTimer);
    if (this.idleMs > 0) this.idleTimer = setTimeout(() => this.emit("timeout"), this.idleMs);
  }
  protected stopIdle(): void {
    clearTimeout(this.idleTimer);
  }
}

/** A Duplex carrying raw bytes over a hijacked, multiplexed (Tty=false) exec stream; the process's stderr is kept apart (and emitted as "stderr"). */
export class ExecTunnelSocket extends SocketLikeDuplex {
  private pending: Buffer = Buffer.alloc(0);
  stderrText = "";

  constructor(private readonly raw: Duplex) {
    super();
    raw.on("data", (chunk: Buffer) => this.demux(chunk));
    raw.on("end", () => this.push(null));
    raw.on("close", () => this.destroy());
    raw.on("error", (error) => this.destroy(error));
  }

  private demux(chunk: Buffer): void {
    this.bumpIdle();
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (this.pending.length >= 8) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) break;
      const kind = this.pending[0];
      const payload = this.pending.subarray(8, 8 + size);
      this.pending = this.pending.subarray(8 + size);
      if (kind === STDOUT) this.push(payload);
      else if (kind === STDERR) {
        this.stderrText = (this.stderrText + payload.toString()).slice(-2000);
        this.emit("stderr", payload.toString());
      }
    }
  }

  override _read(): void {}

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.bumpIdle();
    this.raw.write(chunk, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.raw.end();
    callback();
  }

  override _destroy(error: Error | null, callback: (error: Error | null) => void): void {
    this.stopIdle();
    this.raw.destroy();
    callback(error);
  }
}

export interface ExecTunnelTarget {
  container: Docker.Container;
  user: string;
  /** DOCKER_HOST of the inner engine as seen inside the container. */
  innerDockerHost: string;
}

export class ExecTunnelAgent extends http.Agent {
  constructor(private readonly target: ExecTunnelTarget) {
    super({ keepAlive: true, maxSockets: 6, timeout: 30_000 });
  }

  async openTunnel(): Promise<ExecTunnelSocket> {
    const exec = await this.target.container.exec({
      Cmd: ["docker", "system", "dial-stdio"],
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
      User: this.target.user,
      Env: [`DOCKER_HOST=${this.target.innerDockerHost}`],
    });
    const raw = (await exec.start({ hijack: true, stdin: true })) as unknown as Duplex;
    return new ExecTunnelSocket(raw);
  }

  // Node's Agent accepts an asynchronous createConnection that reports through the callback.
  createConnection(_options: unknown, callback: (error: Error | null, socket?: Duplex) => void): undefined {
    this.openTunnel().then(
      (socket) => callback(null, socket),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
    );
    return undefined;
  }
}
