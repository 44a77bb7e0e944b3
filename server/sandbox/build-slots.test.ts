import { describe, expect, it } from "vitest";
import { BuildSlots, type BuildSlot, type BuildSlotPlace } from "./build-slots";
import { defaultBuildSlots } from "../config";

const GiB = 1024 ** 3;

/** A build that asks for a slot and records what it is told and when it gets it. */
function ask(slots: BuildSlots, holder: string, host = "local", signal?: AbortSignal) {
  const asked = { holder, places: [] as BuildSlotPlace[], slot: undefined as BuildSlot | undefined, error: undefined as unknown };
  const done = slots.acquire({ host, holder, signal, onWaiting: (place) => asked.places.push(place) }).then(
    (slot) => (asked.slot = slot),
    (error: unknown) => (asked.error = error),
  );
  return Object.assign(asked, { done });
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("build slots", () => {
  it("let `limit` builds run, queue the rest first come first served, and move everyone up as slots free", async () => {
    const slots = new BuildSlots(2);
    const [a, b, c, d] = ["a", "b", "c", "d"].map((who) => ask(slots, who));
    await settle();
    expect([a!.slot, b!.slot].every(Boolean)).toBe(true);
    expect(c!.slot).toBeUndefined();
    expect(c!.places.at(-1)).toMatchObject({ position: 1, waiting: 2, limit: 2, etaMs: null });
    expect(d!.places.at(-1)).toMatchObject({ position: 2, waiting: 2 });
    b!.slot!.release();
    await settle();
    expect(c!.slot).toBeDefined();
    expect(d!.slot).toBeUndefined();
    expect(d!.places.at(-1)).toMatchObject({ position: 1, waiting: 1 });
    a!.slot!.release();
    await settle();
    expect(d!.slot).toBeDefined();
    expect(slots.load("local")).toEqual({ running: 2, waiting: 0 });
  });

  it("give one student one slot at a time: their second build does not hold up the others behind it", async () => {
    const slots = new BuildSlots(2);
    const aliceCheck = ask(slots, "alice");
    const aliceSubmit = ask(slots, "alice");
    const bob = ask(slots, "bob");
    await settle();
    expect(aliceCheck.slot).toBeDefined();
    expect(aliceSubmit.slot).toBeUndefined(); // a slot is free, but Alice already builds
    expect(bob.slot).toBeDefined(); // Bob, behind her, passes
    expect(aliceSubmit.places.at(-1)).toMatchObject({ position: 1, waiting: 1 });
    aliceCheck.slot!.release();
    await settle();
    expect(aliceSubmit.slot).toBeDefined();
  });

  it("let a cancelled wait leave at once, its place passing to the next", async () => {
    const slots = new BuildSlots(1);
    const first = ask(slots, "a");
    const cancel = new AbortController();
    const second = ask(slots, "b", "local", cancel.signal);
    const third = ask(slots, "c");
    await settle();
    expect(third.places.at(-1)).toMatchObject({ position: 2, waiting: 2 });
    cancel.abort(new Error("page closed"));
    await settle();
    expect((second.error as Error).message).toBe("page closed");
    expect(second.slot).toBeUndefined();
    expect(third.places.at(-1)).toMatchObject({ position: 1, waiting: 1 });
    first.slot!.release();
    await settle();
    expect(third.slot).toBeDefined();
    // An already aborted signal never queues.
    const late = ask(slots, "d", "local", AbortSignal.abort(new Error("gone")));
    await settle();
    expect((late.error as Error).message).toBe("gone");
    expect(slots.load("local")).toEqual({ running: 1, waiting: 0 });
  });

  it("keep one queue per machine: a node's builds never wait behind another's", async () => {
    const slots = new BuildSlots(1);
    const onNode1 = ask(slots, "a", "node-1");
    const alsoNode1 = ask(slots, "b", "node-1");
    const onNode2 = ask(slots, "c", "node-2");
    const onHost = ask(slots, "d", "local");
    await settle();
    expect(onNode1.slot).toBeDefined();
    expect(alsoNode1.slot).toBeUndefined();
    expect(onNode2.slot).toBeDefined();
    expect(onHost.slot).toBeDefined();
  });

  it("estimate the wait from the machine's recent builds, one round of the slots per place (queue-eta)", async () => {
    let clock = 0;
    const slots = new BuildSlots(1, () => clock);
    const first = ask(slots, "a");
    await settle();
    clock = 60_000;
    first.slot!.release(); // one build of 60 s on this machine
    const second = ask(slots, "b");
    const third = ask(slots, "c");
    const fourth = ask(slots, "d");
    await settle();
    expect(slots.typicalBuildMs("local")).toBe(60_000);
    expect(slots.typicalBuildMs("node-2")).toBeNull();
    expect(second.slot).toBeDefined();
    expect(third.places.at(-1)).toMatchObject({ position: 1, etaMs: 60_000 });
    expect(fourth.places.at(-1)).toMatchObject({ position: 2, etaMs: 120_000 });
    second.slot!.release();
    second.slot!.release(); // repeatable: frees one slot only
    await settle();
    expect(slots.load("local")).toEqual({ running: 1, waiting: 1 });
  });
});

describe("the default build slot limit", () => {
  it("is one per core, bounded by the memory left after the host's reserve (1 GiB a build), at least one", () => {
    expect(defaultBuildSlots({ cpus: 2, totalMemoryBytes: 24 * GiB })).toBe(2);
    expect(defaultBuildSlots({ cpus: 16, totalMemoryBytes: 8 * GiB })).toBe(6);
    expect(defaultBuildSlots({ cpus: 8, totalMemoryBytes: 2 * GiB })).toBe(1);
  });
});
