/**
 * A reader/writer lock within one process: any number of shared holders at once, or one exclusive
 * holder alone. Requests are served in arrival order, so once an exclusive request waits, shared
 * requests that come after it wait behind it: a steady stream of readers never starves a writer.
 * A request may carry an AbortSignal: aborted while it waits, it leaves the queue and rejects with
 * the signal's reason (work already running is not interrupted). The lock is released when the
 * work settles, whether it resolved or threw.
 */
type Mode = "shared" | "exclusive";

interface Waiter {
  mode: Mode;
  grant: () => void;
}

export class ReadWriteLock {
  private readers = 0;
  private writing = false;
  private readonly waiting: Waiter[] = [];

  /** Runs `work` while no exclusive holder runs (other shared holders may). */
  shared<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.run("shared", work, signal);
  }

  /** Runs `work` alone: after every holder before it has finished, and before any request made after it. */
  exclusive<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.run("exclusive", work, signal);
  }

  /** Holders now and requests waiting (for logs and tests). */
  get state(): { readers: number; writing: boolean; waiting: number } {
    return { readers: this.readers, writing: this.writing, waiting: this.waiting.length };
  }

  private async run<T>(mode: Mode, work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(mode, signal);
    try {
      return await work();
    } finally {
      if (mode === "shared") this.readers--;
      else this.writing = false;
      this.grantWaiting();
    }
  }

  private acquire(mode: Mode, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (this.waiting.length === 0 && this.canTake(mode)) {
      this.take(mode);
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const index = this.waiting.indexOf(waiter);
        if (index < 0) return;
        this.waiting.splice(index, 1);
        reject(signal?.reason);
        this.grantWaiting(); // a writer that gave up may have held readers behind it
      };
      const waiter: Waiter = {
        mode,
        grant: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      this.waiting.push(waiter);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  private canTake(mode: Mode): boolean {
    return mode === "shared" ? !this.writing : !this.writing && this.readers === 0;
  }

  private take(mode: Mode): void {
    if (mode === "shared") this.readers++;
    else this.writing = true;
  }

  /** Grants the waiting requests at the head of the queue that may run now, in order. */
  private grantWaiting(): void {
    while (this.waiting.length > 0 && this.canTake(this.waiting[0]!.mode)) {
      const next = this.waiting.shift()!;
      this.take(next.mode);
      next.grant();
    }
  }
}
