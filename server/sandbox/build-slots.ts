/**
 * Build slots: the CPU-heavy part of a Check or Submit (an image build, compose `up --build`) waits
 * for one of `limit` slots of the machine it builds on. Apt unpacking and compiling are CPU work: eight
 * builds at once on two cores each take three to four times as long, with no gain in throughput.
 *
 * One first-come queue per machine (a node of the swarm, or the server's own host). Fair: a holder
 * (a student) builds in one slot at a time, so their second build (a Check beside a Submit) waits
 * without holding up the others behind it; a wait that is abandoned (its signal aborts: a cancelled
 * Check, a closed page, a wait that timed out) leaves the queue at once and the next one moves up.
 * Every waiter is told its place again whenever it changes, with an estimate from the durations of
 * the machine's recent builds.
 */
import { estimateQueueWaitMs } from "../grading-services/queue-eta";

/** Where a waiting build stands: number `position` (from 1) of `waiting`; etaMs null before any build finished there. */
export interface BuildSlotPlace {
  position: number;
  waiting: number;
  limit: number;
  etaMs: number | null;
}

export interface BuildSlotRequest {
  /** The machine the build runs on: a swarm node's id, or LOCAL_BUILD_HOST. */
  host: string;
  /** Who builds: one slot at a time per holder. */
  holder: string;
  signal?: AbortSignal;
  /** Told when the build has to wait, and again each time its place changes. */
  onWaiting?: (place: BuildSlotPlace) => void;
}

export interface BuildSlot {
  /** Gives the slot back (repeatable); the time since it was granted counts as one of the machine's recent builds. */
  release(): void;
}

/** The queue key of an engine not placed on a swarm node: the server's own host. */
export const LOCAL_BUILD_HOST = "local";

/** How many of a machine's last builds the estimate is made from. */
const RECENT_BUILDS = 10;

interface Waiter {
  holder: string;
  grant: (slot: BuildSlot) => void;
  onWaiting?: (place: BuildSlotPlace) => void;
  told?: string;
}

interface HostQueue {
  running: Map<object, string>;
  waiting: Waiter[];
  recentMs: number[];
}

export class BuildSlots {
  private readonly hosts = new Map<string, HostQueue>();
  /** Machines with a limit of their own (a swarm node, from its size); the others have `limit`. */
  private readonly hostLimits = new Map<string, number>();

  constructor(
    /** Slots of a machine without a limit of its own (the server's host). */
    readonly limit: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(limit >= 1)) throw new Error(`a build slot limit must be at least 1 (got ${limit})`);
  }

  /** Resolves with a slot of `host`, at once when one is free; rejects with the signal's reason when it aborts first. */
  acquire(request: BuildSlotRequest): Promise<BuildSlot> {
    const { signal } = request;
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    const queue = this.queueOf(request.host);
    return new Promise<BuildSlot>((resolve, reject) => {
      const waiter: Waiter = {
        holder: request.holder,
        onWaiting: request.onWaiting,
        grant: (slot) => {
          signal?.removeEventListener("abort", leave);
          resolve(slot);
        },
      };
      const leave = () => {
        const index = queue.waiting.indexOf(waiter);
        if (index < 0) return;
        queue.waiting.splice(index, 1);
        reject(signal?.reason as Error);
        this.pump(request.host);
      };
      signal?.addEventListener("abort", leave, { once: true });
      queue.waiting.push(waiter);
      this.pump(request.host);
    });
  }

  /** How many builds `host` runs at once. */
  limitOf(host: string): number {
    return this.hostLimits.get(host) ?? this.limit;
  }

  /** Gives `host` a limit of its own (a swarm node's, from its cores and memory); a higher one lets waiting builds start at once. */
  setLimit(host: string, limit: number): void {
    if (!(limit >= 1)) throw new Error(`a build slot limit must be at least 1 (got ${limit})`);
    this.hostLimits.set(host, limit);
    this.pump(host);
  }

  /** Builds running and waiting on `host` (for the log and the tests). */
  load(host: string): { running: number; waiting: number } {
    const queue = this.hosts.get(host);
    return { running: queue?.running.size ?? 0, waiting: queue?.waiting.length ?? 0 };
  }

  /** The median of the host's recent build durations (slot held); null before any. */
  typicalBuildMs(host: string): number | null {
    const recent = [...(this.hosts.get(host)?.recentMs ?? [])].sort((a, b) => a - b);
    return recent.length ? recent[Math.floor((recent.length - 1) / 2)]! : null;
  }

  private queueOf(host: string): HostQueue {
    let queue = this.hosts.get(host);
    if (!queue) {
      queue = { running: new Map(), waiting: [], recentMs: [] };
      this.hosts.set(host, queue);
    }
    return queue;
  }

  /** Grants free slots in arrival order (skipping holders already building), then tells the rest their places. */
  private pump(host: string): void {
    const queue = this.queueOf(host);
    const limit = this.limitOf(host);
    for (let index = 0; index < queue.waiting.length && queue.running.size < limit;) {
      const waiter = queue.waiting[index]!;
      if ([...queue.running.values()].includes(waiter.holder)) {
        index += 1;
        continue;
      }
      queue.waiting.splice(index, 1);
      waiter.grant(this.grant(host, queue, waiter.holder));
    }
    const typicalMs = this.typicalBuildMs(host);
    queue.waiting.forEach((waiter, index) => {
      const position = index + 1;
      const place = { position, waiting: queue.waiting.length, limit, etaMs: typicalMs === null ? null : estimateQueueWaitMs(position, limit, typicalMs) };
      const said = `${place.position}/${place.waiting}/${place.etaMs}`;
      if (waiter.told === said) return;
      waiter.told = said;
      waiter.onWaiting?.(place);
    });
    if (queue.running.size === 0 && queue.waiting.length === 0 && queue.recentMs.length === 0) this.hosts.delete(host);
  }

  private grant(host: string, queue: HostQueue, holder: string): BuildSlot {
    const token = {};
    const grantedAt = this.now();
    queue.running.set(token, holder);
    return {
      release: () => {
        if (!queue.running.delete(token)) return;
        queue.recentMs.push(this.now() - grantedAt);
        if (queue.recentMs.length > RECENT_BUILDS) queue.recentMs.shift();
        this.pump(host);
      },
    };
  }
}

/** What a sandbox awaits before an image build: a slot of the machine (`host`) it builds on. */
export type BuildGate = (host: string) => Promise<BuildSlot>;
