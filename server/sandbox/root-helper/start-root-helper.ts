/**
 * The server's side of the root helper (./root-helper.ts): forks it while the server is still
 * root (IPC channel only, nothing anyone else can reach), waits until it is ready, and carries
 * requests to it. Every request waiting when the helper goes fails with a clear error.
 */
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { AppError, type AppErrorCode } from "../../app-error";
import type { Logger } from "../../logger";
import type { DiskLimits } from "../../grading/disk-full";
import type { HelperArgs, HelperOp } from "./helper-requests";
import type { HelperReply } from "./root-helper";

/** The helper's first message: whether the learners' disks are capped here, and how. */
export interface HelperReady {
  type: "ready";
  capped: { limits: DiskLimits; keepsEngineData: boolean } | null;
}

const READY_TIMEOUT_MS = 120_000;

export class RootHelper {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void; op: string }>();
  private gone: string | undefined;
  private disconnecting = false;

  private constructor(
    private readonly child: ChildProcess,
    readonly ready: HelperReady,
    log: Logger,
  ) {
    child.on("message", (message: HelperReply) => this.receive(message));
    child.once("exit", (code, signal) => {
      this.gone = `the root helper exited (${signal ?? `code ${code}`})`;
      // The helper leaves only when the server does: until a restart, no disk or pool mount can change.
      if (!this.disconnecting) log.error("the root helper exited: learners' disks and pool mounts cannot change until the server restarts", { code, signal, waiting: this.waiting.size });
      for (const request of this.waiting.values()) request.reject(new Error(`${request.op}: ${this.gone}`));
      this.waiting.clear();
    });
  }

  /** Forks the helper (this process must be root) and waits for it to be ready. */
  static async start(log: Logger): Promise<RootHelper> {
    const child = fork(path.join(__dirname, "root-helper-main.ts"), [], {
      // The same loader (tsx) and environment as the server; its output goes where the server's does.
      execArgv: process.execArgv,
      stdio: ["ignore", "inherit", "inherit", "ipc"],
      serialization: "json",
    });
    const ready = await new Promise<HelperReady>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new Error(`the root helper was not ready within ${READY_TIMEOUT_MS / 1000} s`));
      }, READY_TIMEOUT_MS);
      child.once("message", (message: HelperReady) => {
        clearTimeout(timer);
        resolve(message);
      });
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the root helper exited before it was ready (${signal ?? `code ${code}`}); its log lines say why`));
      });
    });
    log.info("root helper started", { pid: child.pid, capped: ready.capped !== null });
    return new RootHelper(child, ready, log);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Carries one request; its answer, or its error (an AppError keeps its code and message for students). */
  request<O extends HelperOp>(op: O, args: HelperArgs<O>): Promise<unknown> {
    if (this.gone || !this.child.connected) return Promise.reject(new Error(`${op}: ${this.gone ?? "the root helper is not connected"}`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, op });
      this.child.send({ id, op, ...args }, (error) => {
        if (!error) return;
        this.waiting.delete(id);
        reject(new Error(`${op}: the root helper could not be reached: ${error.message}`));
      });
    });
  }

  private receive(reply: HelperReply): void {
    const request = this.waiting.get(reply.id);
    if (!request) return;
    this.waiting.delete(reply.id);
    if (reply.ok) return request.resolve(reply.value);
    const { message, code, userMessage } = reply.error;
    if (code && userMessage) request.reject(new AppError(code as AppErrorCode, userMessage, { cause: new Error(message) }));
    else request.reject(new Error(message));
  }

  /** Closes the channel: the helper releases its holds and exits once its requests under way are done. */
  disconnect(): void {
    this.disconnecting = true;
    if (this.child.connected) this.child.disconnect();
  }
}
