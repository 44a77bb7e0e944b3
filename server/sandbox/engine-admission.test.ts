import { describe, expect, it } from "vitest";
import { EngineAdmission, type AdmissionSlot, type QueuePosition } from "./engine-admission";
import { AppError } from "../app-error";
import { createLogger } from "../logger";

function setUp(limit: number) {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({ level: "debug", write: (line) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { admission: new EngineAdmission({ limit, log }), lines };
}

/** A queued request and everything it was told. */
function waitFor(admission: EngineAdmission, key: string, options: { weight?: number; signal?: AbortSignal } = {}) {
  const positions: number[] = [];
  let slot: AdmissionSlot | undefined;
  let error: unknown;
  const promise = admission.admit({ key, ...options, onQueued: (where: QueuePosition) => positions.push(where.position) }).then(
    (granted) => (slot = granted),
    (e: unknown) => (error = e),
  );
  return { positions, promise, slot: () => slot, error: () => error };
}

const settle = () => new Promise((r) => setImmediate(r));

describe("EngineAdmission", () => {
  it("admits up to the limit at once; the next one waits and is told it is number 1", async () => {
    const { admission, lines } = setUp(2);
    const a = waitFor(admission, "a");
    const b = waitFor(admission, "b");
    const c = waitFor(admission, "c");
    await settle();
    expect(a.slot()?.key).toBe("a");
    expect(b.slot()?.key).toBe("b");
    expect(a.positions).toEqual([]);
    expect(c.slot()).toBeUndefined();
    expect(c.positions).toEqual([1]);
    expect(admission.inUse).toBe(2);
    expect(admission.queueLength).toBe(1);
    expect(lines).toContainEqual(expect.objectContaining({ msg: "engine request queued", key: "c", position: 1, inUse: 2, limit: 2 }));
  });

  it("release admits the next in order of arrival, and those behind move up", async () => {
    const { admission, lines } = setUp(1);
    const first = admission.tryAdmit("first")!;
    const waiters = ["w1", "w2", "w3"].map((key) => waitFor(admission, key));
    await settle();
    expect(waiters.map((w) => w.positions)).toEqual([[1], [2], [3]]);

    first.release();
    await settle();
    expect(waiters[0]!.slot()?.key).toBe("w1");
    expect(waiters[1]!.slot()).toBeUndefined();
    expect(waiters.map((w) => w.positions)).toEqual([[1], [2, 1], [3, 2]]);
    expect(lines).toContainEqual(expect.objectContaining({ msg: "engine admitted", key: "w1", inUse: 1, queued: 2 }));
    expect(lines).toContainEqual(expect.objectContaining({ msg: "engine queue position", key: "w3", position: 2 }));

    waiters[0]!.slot()!.release();
    waiters[0]!.slot()!.release(); // repeatable: frees one place, not two
    await settle();
    expect(waiters[1]!.slot()?.key).toBe("w2");
    expect(waiters[2]!.slot()).toBeUndefined();
    expect(admission.inUse).toBe(1);
  });

  it("a cancelled waiter leaves the queue, frees its place and the others move up", async () => {
    const { admission, lines } = setUp(1);
    const running = admission.tryAdmit("running")!;
    const leaving = new AbortController();
    const gone = waitFor(admission, "gone", { signal: leaving.signal });
    const stays = waitFor(admission, "stays");
    await settle();
    expect(stays.positions).toEqual([2]);

    leaving.abort();
    await settle();
    expect(gone.error()).toBeInstanceOf(AppError);
    expect((gone.error() as AppError).userMessage).toMatch(/left the queue/);
    expect(stays.positions).toEqual([2, 1]);
    expect(admission.queueLength).toBe(1);
    expect(lines).toContainEqual(expect.objectContaining({ msg: "left the engine queue", key: "gone", position: 1 }));

    running.release();
    await settle();
    expect(stays.slot()?.key).toBe("stays");
    expect(gone.slot()).toBeUndefined(); // a waiter that left is never admitted
    expect(admission.inUse).toBe(1);
  });

  it("rejects a waiter whose signal already fired, with the signal's reason", async () => {
    const { admission } = setUp(1);
    const controller = new AbortController();
    controller.abort(new AppError("engine_unavailable", "stopped"));
    await expect(admission.admit({ key: "late", signal: controller.signal })).rejects.toThrow("stopped");
    expect(admission.inUse).toBe(0);
  });

  it("does not starve a large request: later small ones wait behind it", async () => {
    const { admission } = setUp(3);
    const small = [admission.tryAdmit("s1")!, admission.tryAdmit("s2")!];
    const cluster = waitFor(admission, "cluster", { weight: 3 });
    const late = waitFor(admission, "late");
    await settle();
    expect(admission.inUse).toBe(2); // a place is free, but "late" may not overtake the cluster
    expect(late.slot()).toBeUndefined();
    expect(late.positions).toEqual([2]);

    small[0]!.release();
    await settle();
    expect(cluster.slot()).toBeUndefined();
    small[1]!.release();
    await settle();
    expect(cluster.slot()?.weight).toBe(3);
    expect(late.slot()).toBeUndefined();
    cluster.slot()!.release();
    await settle();
    expect(late.slot()?.key).toBe("late");
  });

  it("refuses at once a request larger than the limit, and tryAdmit never queues", async () => {
    const { admission } = setUp(2);
    await expect(admission.admit({ key: "cluster", weight: 3 })).rejects.toThrow(/at most 2/);
    expect(admission.tryAdmit("a")).toBeDefined();
    expect(admission.tryAdmit("b")).toBeDefined();
    expect(admission.tryAdmit("c")).toBeUndefined();
    expect(admission.queueLength).toBe(0);
  });

  it("tryAdmit does not overtake a waiter even when a place is free", async () => {
    const { admission } = setUp(2);
    const one = admission.tryAdmit("one")!;
    const big = waitFor(admission, "big", { weight: 2 });
    await settle();
    expect(admission.hasRoom()).toBe(false);
    expect(admission.tryAdmit("pool")).toBeUndefined();
    one.release();
    await settle();
    expect(big.slot()?.weight).toBe(2);
  });

  it("tells each waiter the estimate for the places it needs, and again when the estimate in minutes changes", async () => {
    const lines: Record<string, unknown>[] = [];
    const log = createLogger({ level: "debug", write: (line) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
    // Places come back at 2 minutes, 7 minutes, then no more can be estimated.
    let moments = [2 * 60_000, 7 * 60_000];
    const admission = new EngineAdmission({ limit: 1, log, estimateWaitMs: (needed) => moments[needed - 1] });
    const held = admission.tryAdmit("running")!;
    const told: Record<"a" | "b" | "c", QueuePosition[]> = { a: [], b: [], c: [] };
    for (const key of ["a", "b", "c"] as const) void admission.admit({ key, onQueued: (where) => told[key].push(where) }).catch(() => undefined);
    await settle();
    expect(told.a).toEqual([{ position: 1, queued: 1, limit: 1, etaMs: 120_000 }]);
    expect(told.b.at(-1)).toEqual({ position: 2, queued: 2, limit: 1, etaMs: 420_000 });
    expect(told.c.at(-1)).toEqual({ position: 3, queued: 3, limit: 1 }); // nothing to estimate from: no etaMs
    const countBefore = told.a.length + told.b.length + told.c.length;

    // A few seconds less: the same minutes, nobody is told again.
    moments = [2 * 60_000 - 5_000, 7 * 60_000 - 5_000];
    admission.refreshEstimates();
    expect(told.a.length + told.b.length + told.c.length).toBe(countBefore);

    // The engine that would have yielded first became active: a's estimate grows to 4 minutes.
    moments = [4 * 60_000, 7 * 60_000];
    admission.refreshEstimates();
    expect(told.a.at(-1)).toEqual({ position: 1, queued: 3, limit: 1, etaMs: 240_000 });
    expect(told.b.length + told.c.length).toBe(countBefore - 1);

    // An estimate that throws is logged and left out.
    const failing = new EngineAdmission({
      limit: 1,
      log,
      estimateWaitMs: () => {
        throw new Error("boom");
      },
    });
    failing.tryAdmit("x");
    const where: QueuePosition[] = [];
    void failing.admit({ key: "y", onQueued: (w) => where.push(w) }).catch(() => undefined);
    await settle();
    expect(where).toEqual([{ position: 1, queued: 1, limit: 1 }]);
    expect(lines).toContainEqual(expect.objectContaining({ msg: "engine queue estimate failed", key: "y" }));
    held.release();
  });
});
