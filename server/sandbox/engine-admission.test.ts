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
});
