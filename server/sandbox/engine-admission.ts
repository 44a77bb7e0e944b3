/**
 * How many learner engines may run at once on this server, and the queue of those waiting for
 * one: first come, first served. A request holds `weight` places (a student's engine 1, a step-9
 * cluster 3) from admission until it releases them. The head of the queue is admitted as soon as
 * its places are free and nobody behind it overtakes it, so a large request is never starved by
 * small ones. Waiters are told their position whenever it changes, and leave the queue when their
 * AbortSignal fires (the student closed the page). Every change of the queue is logged.
 */
import { AppError, isAppError } from "../app-error";
import type { Logger } from "../logger";
import { queueEtaMinutes } from "../../lib/queue-eta-minutes";

export interface EngineAdmissionOptions {
  /** Places (running engines) in all; Infinity: no limit. */
  limit: number;
  log: Logger;
  /**
   * How long until `placesNeeded` places come back (a waiter's own weight plus those ahead of it,
   * beyond the free places), or undefined when nothing can be estimated: waiters are told it as `etaMs`.
   */
  estimateWaitMs?: (placesNeeded: number) => number | undefined;
}

/** Where a waiter stands: `position` 1 is next. */
export interface QueuePosition {
  position: number;
  /** Waiters in the queue, this one included. */
  queued: number;
  limit: number;
  /** An estimate of the wait (see EngineAdmissionOptions.estimateWaitMs); absent when there is none. */
  etaMs?: number;
}

export interface AdmissionRequest {
  /** Who is waiting, for the log (a student id, "pool-…", "cluster-…"). */
  key: string;
  /** Places needed at once; 1 unless said. */
  weight?: number;
  /** Told when the request has to wait, then each time its position changes. */
  onQueued?: (where: QueuePosition) => void;
  /** Aborting leaves the queue: admit() rejects with the signal's reason if it is an AppError, else with one saying so. */
  signal?: AbortSignal;
}

/** Places held; release() gives them back (repeatable). */
export interface AdmissionSlot {
  readonly key: string;
  readonly weight: number;
  release(): void;
}

interface Waiter {
  key: string;
  weight: number;
  since: number;
  position: number;
  /** The estimate last told, in whole minutes (undefined: none told). */
  etaMinutes: number | undefined;
  onQueued?: (where: QueuePosition) => void;
  admit: (slot: AdmissionSlot) => void;
  leave: () => void;
}

export class EngineAdmission {
  private used = 0;
  private readonly queue: Waiter[] = [];

  constructor(private readonly options: EngineAdmissionOptions) {
    if (!(options.limit >= 1)) throw new Error(`the engine limit must be at least 1 (got ${options.limit})`);
  }

  get limit(): number {
    return this.options.limit;
  }

  /** Places held now. */
  get inUse(): number {
    return this.used;
  }

  /** Requests waiting now. */
  get queueLength(): number {
    return this.queue.length;
  }

  /** Places the queue lacks now: the waiters' weight beyond the free places (what running engines would have to give up). */
  get placesWanted(): number {
    const waiting = this.queue.reduce((sum, waiter) => sum + waiter.weight, 0);
    return waiting === 0 ? 0 : Math.max(0, waiting - Math.max(0, this.options.limit - this.used));
  }

  /** Whether a request of this weight would be admitted at once. */
  hasRoom(weight = 1): boolean {
    return this.queue.length === 0 && this.used + weight <= this.options.limit;
  }

  /** Admits at once if there is room and nobody waits; otherwise undefined (never queues). */
  tryAdmit(key: string, weight = 1): AdmissionSlot | undefined {
    if (!this.hasRoom(weight)) return undefined;
    return this.grant(key, weight, 0);
  }

  /** Admits when there is room, in order of arrival. Rejects if the request can never fit or is aborted. */
  admit(request: AdmissionRequest): Promise<AdmissionSlot> {
    const { key, signal } = request;
    const weight = request.weight ?? 1;
    const { log, limit } = this.options;
    if (weight > limit) {
      log.warn("engine request larger than the engine limit", { key, weight, limit });
      return Promise.reject(new AppError("engine_unavailable", `This needs ${weight} Docker engines at once, but this server runs at most ${limit}. Tell your teacher.`));
    }
    if (signal?.aborted) return Promise.reject(leftReason(signal));
    const slot = this.tryAdmit(key, weight);
    if (slot) return Promise.resolve(slot);

    return new Promise<AdmissionSlot>((resolve, reject) => {
      const onAbort = () => waiter.leave();
      const waiter: Waiter = {
        key,
        weight,
        since: Date.now(),
        position: 0,
        etaMinutes: undefined,
        onQueued: request.onQueued,
        admit: (granted) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(granted);
        },
        leave: () => {
          const index = this.queue.indexOf(waiter);
          if (index < 0) return;
          this.queue.splice(index, 1);
          signal?.removeEventListener("abort", onAbort);
          log.info("left the engine queue", { key, position: index + 1, waitedMs: Date.now() - waiter.since, queued: this.queue.length });
          reject(signal ? leftReason(signal) : leftReason());
          // The head may fit now (a large request left), and everyone behind moved up.
          this.drain();
        },
      };
      this.queue.push(waiter);
      signal?.addEventListener("abort", onAbort, { once: true });
      log.info("engine request queued", { key, weight, position: this.queue.length, inUse: this.used, limit });
      this.announcePositions();
    });
  }

  private grant(key: string, weight: number, waitedMs: number): AdmissionSlot {
    this.used += weight;
    this.options.log.info("engine admitted", { key, weight, inUse: this.used, limit: this.options.limit, queued: this.queue.length, waitedMs });
    let held = true;
    return {
      key,
      weight,
      release: () => {
        if (!held) return;
        held = false;
        this.used -= weight;
        this.options.log.info("engine place released", { key, weight, inUse: this.used, limit: this.options.limit, queued: this.queue.length });
        this.drain();
      },
    };
  }

  /** Admits waiters from the head while they fit, then tells the others where they stand. */
  private drain(): void {
    for (let head = this.queue[0]; head && this.used + head.weight <= this.options.limit; head = this.queue[0]) {
      this.queue.shift();
      head.admit(this.grant(head.key, head.weight, Date.now() - head.since));
    }
    this.announcePositions();
  }

  /** Tells waiters whose estimate changed (a student became active, an engine became busy): called as time passes. */
  refreshEstimates(): void {
    this.announcePositions();
  }

  /** Tells each waiter where it stands when its position, or its estimate in whole minutes, changed. */
  private announcePositions(): void {
    const free = Math.max(0, this.options.limit - this.used);
    let weightAhead = 0;
    this.queue.forEach((waiter, index) => {
      const position = index + 1;
      weightAhead += waiter.weight;
      const etaMs = this.estimate(waiter.key, weightAhead - free);
      const minutes = etaMs === undefined ? undefined : queueEtaMinutes(etaMs);
      if (waiter.position === position && waiter.etaMinutes === minutes) return;
      const moved = waiter.position !== 0 && waiter.position !== position; // the first position was logged with "queued"
      waiter.position = position;
      waiter.etaMinutes = minutes;
      if (moved) this.options.log.info("engine queue position", { key: waiter.key, position, queued: this.queue.length, etaMs });
      try {
        waiter.onQueued?.({ position, queued: this.queue.length, limit: this.options.limit, ...(etaMs === undefined ? {} : { etaMs }) });
      } catch (error) {
        this.options.log.error("engine queue listener failed", { key: waiter.key, error: String(error) });
      }
    });
  }

  private estimate(key: string, placesNeeded: number): number | undefined {
    // None needed: the waiter is admitted in this same turn, nothing to estimate.
    if (!this.options.estimateWaitMs || placesNeeded <= 0) return undefined;
    try {
      const etaMs = this.options.estimateWaitMs(placesNeeded);
      return etaMs === undefined || !Number.isFinite(etaMs) ? undefined : Math.max(0, Math.round(etaMs));
    } catch (error) {
      this.options.log.error("engine queue estimate failed", { key, error: String(error) });
      return undefined;
    }
  }
}

function leftReason(signal?: AbortSignal): Error {
  if (isAppError(signal?.reason)) return signal.reason;
  return new AppError("engine_unavailable", "You left the queue for a Docker engine. Reload the page to queue again.");
}
