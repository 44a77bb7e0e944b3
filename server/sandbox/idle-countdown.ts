/**
 * Who is using a student's sandbox (an engine, a cluster), and the countdown to removing it once
 * nobody is: the last user leaving starts it, a new user cancels it. Shared by the engine and
 * cluster managers so both keep exactly the same idle rules.
 */
import type { Logger } from "../logger";

export interface IdleCountdownOptions {
  idleMs: number;
  /** What is removed, for the log: "engine", "cluster". */
  what: string;
  log: Logger;
  remove: (studentId: string) => Promise<void>;
}

export class IdleCountdown {
  private readonly users = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly options: IdleCountdownOptions) {}

  /** Someone uses it: no removal while they do. */
  acquire(studentId: string): void {
    this.users.set(studentId, (this.users.get(studentId) ?? 0) + 1);
    this.cancel(studentId);
  }

  /** Someone left; when nobody is left and the sandbox exists, the countdown starts. */
  release(studentId: string, exists: boolean): void {
    const left = Math.max(0, (this.users.get(studentId) ?? 1) - 1);
    this.users.set(studentId, left);
    if (left === 0 && exists) this.schedule(studentId);
  }

  inUse(studentId: string): boolean {
    return (this.users.get(studentId) ?? 0) > 0;
  }

  /** Starts (or restarts) the countdown to removal (by default the configured idle time). */
  schedule(studentId: string, idleMs = this.options.idleMs): void {
    this.cancel(studentId);
    const { what, log, remove } = this.options;
    const timer = setTimeout(() => {
      this.timers.delete(studentId);
      log.info(`removing idle ${what}`, { studentId });
      void remove(studentId).catch((error: unknown) => log.error(`idle ${what} removal failed`, { studentId, error: String(error) }));
    }, idleMs);
    timer.unref();
    this.timers.set(studentId, timer);
  }

  cancel(studentId: string): void {
    clearTimeout(this.timers.get(studentId));
    this.timers.delete(studentId);
  }
}
