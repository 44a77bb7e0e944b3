import { describe, expect, it } from "vitest";
import { ReadWriteLock } from "./read-write-lock";

/** A piece of work that runs until the test ends it, recording when it began and ended. */
function gated(events: string[], name: string) {
  let end!: () => void;
  const ended = new Promise<void>((resolve) => (end = resolve));
  return {
    work: async () => {
      events.push(`${name} begins`);
      await ended;
      events.push(`${name} ends`);
      return name;
    },
    end,
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("ReadWriteLock", () => {
  it("lets shared holders run together, and an exclusive one only once they have all ended", async () => {
    const lock = new ReadWriteLock();
    const events: string[] = [];
    const [pull1, pull2, prune] = [gated(events, "pull 1"), gated(events, "pull 2"), gated(events, "prune")];
    const pulls = [lock.shared(pull1.work), lock.shared(pull2.work)];
    const pruned = lock.exclusive(prune.work);
    await settle();
    expect(events).toEqual(["pull 1 begins", "pull 2 begins"]);
    pull1.end();
    await settle();
    expect(events).not.toContain("prune begins"); // pull 2 still runs
    pull2.end();
    await settle();
    expect(events.at(-1)).toBe("prune begins");
    prune.end();
    expect(await Promise.all([...pulls, pruned])).toEqual(["pull 1", "pull 2", "prune"]);
  });

  it("makes a shared request that comes after a waiting exclusive one wait behind it (a stream of pulls never starves a prune)", async () => {
    const lock = new ReadWriteLock();
    const events: string[] = [];
    const [early, prune, late] = [gated(events, "early pull"), gated(events, "prune"), gated(events, "late pull")];
    const done = [lock.shared(early.work), lock.exclusive(prune.work), lock.shared(late.work)];
    await settle();
    expect(events).toEqual(["early pull begins"]);
    early.end();
    await settle();
    expect(events).toEqual(["early pull begins", "early pull ends", "prune begins"]);
    prune.end();
    await settle();
    expect(events.slice(-2)).toEqual(["prune ends", "late pull begins"]);
    late.end();
    await Promise.all(done);
    expect(lock.state).toEqual({ readers: 0, writing: false, waiting: 0 });
  });

  it("releases the lock when the work throws", async () => {
    const lock = new ReadWriteLock();
    await expect(lock.exclusive(() => Promise.reject(new Error("gc failed")))).rejects.toThrow("gc failed");
    await expect(lock.shared(async () => "pulled")).resolves.toBe("pulled");
  });

  it("a waiting request aborted leaves the queue with the signal's reason, and those behind it go on", async () => {
    const lock = new ReadWriteLock();
    const events: string[] = [];
    const [pull, prune] = [gated(events, "pull"), gated(events, "prune")];
    const pulling = lock.shared(pull.work);
    const giveUp = new AbortController();
    const waitingPrune = lock.exclusive(prune.work, giveUp.signal);
    const behind = lock.shared(async () => "second pull");
    await settle();
    giveUp.abort(new Error("server stopping"));
    await expect(waitingPrune).rejects.toThrow("server stopping");
    // With the prune gone, the pull behind it shares the lock with the one running.
    await expect(behind).resolves.toBe("second pull");
    expect(events).not.toContain("prune begins");
    pull.end();
    await pulling;
    expect(lock.state).toEqual({ readers: 0, writing: false, waiting: 0 });
  });

  it("refuses at once a request whose signal is already aborted", async () => {
    const lock = new ReadWriteLock();
    await expect(lock.shared(async () => "x", AbortSignal.abort(new Error("too late")))).rejects.toThrow("too late");
    expect(lock.state.readers).toBe(0);
  });
});
