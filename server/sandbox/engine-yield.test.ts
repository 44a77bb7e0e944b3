import { describe, expect, it } from "vitest";
import { chooseYields, type YieldCandidate } from "./engine-yield";
import { EngineAdmission } from "./engine-admission";
import { createLogger } from "../logger";

const MIN = 60_000;
const NOW = 100 * MIN;
const policy = { idleMs: 5 * MIN, closedMs: 60_000 };

/** A student with a page open who last did something `inactiveMin` minutes ago. */
const open = (studentId: string, inactiveMin: number, busy = false): YieldCandidate => ({ studentId, lastActiveMs: NOW - inactiveMin * MIN, closedAtMs: undefined, busy });
/** A student whose pages all closed `closedSec` seconds ago, last active `inactiveMin` minutes ago. */
const closed = (studentId: string, closedSec: number, inactiveMin = 1): YieldCandidate => ({
  studentId,
  lastActiveMs: NOW - inactiveMin * MIN,
  closedAtMs: NOW - closedSec * 1000,
  busy: false,
});

describe("chooseYields: which engines give their place to queued students", () => {
  it("yields nothing while nobody waits, however long its student has been inactive", () => {
    expect(chooseYields([open("a", 60), closed("b", 600)], 0, policy, NOW)).toEqual([]);
  });

  it("yields the engine inactive for the configured time, not the one used 4 minutes ago", () => {
    expect(chooseYields([open("busyTyping", 4), open("away", 5)], 1, policy, NOW)).toEqual(["away"]);
    expect(chooseYields([open("busyTyping", 4)], 1, policy, NOW)).toEqual([]);
  });

  it("takes the oldest-inactive first, and only as many as students wait", () => {
    const engines = [open("six", 6), open("twenty", 20), open("ten", 10), open("one", 1)];
    expect(chooseYields(engines, 1, policy, NOW)).toEqual(["twenty"]);
    expect(chooseYields(engines, 2, policy, NOW)).toEqual(["twenty", "ten"]);
    // More waiting than inactive engines: the active student keeps theirs.
    expect(chooseYields(engines, 8, policy, NOW)).toEqual(["twenty", "ten", "six"]);
  });

  it("never yields during a Check, a Submit or a cluster in use, however long the student has waited on it", () => {
    expect(chooseYields([open("checking", 45, true), open("idle", 6)], 2, policy, NOW)).toEqual(["idle"]);
    expect(chooseYields([open("checking", 45, true)], 1, policy, NOW)).toEqual([]);
  });

  it("yields a closed page's engine after the short grace, before any open page's", () => {
    expect(chooseYields([closed("left", 59)], 1, policy, NOW)).toEqual([]);
    expect(chooseYields([closed("left", 60)], 1, policy, NOW)).toEqual(["left"]);
    // Closed pages come first even when an open page's student has been inactive longer.
    expect(chooseYields([open("asleep", 40), closed("left", 90, 2)], 1, policy, NOW)).toEqual(["left"]);
  });

  it("is off when the idle time is 0: open pages never yield; closed pages only by their own grace", () => {
    const off = { idleMs: 0, closedMs: 60_000 };
    expect(chooseYields([open("asleep", 600)], 1, off, NOW)).toEqual([]);
    expect(chooseYields([closed("left", 120)], 1, off, NOW)).toEqual(["left"]);
    const allOff = { idleMs: 0, closedMs: 0 };
    expect(chooseYields([open("asleep", 600), closed("left", 6000, 600)], 2, allOff, NOW)).toEqual([]);
  });

  it("with the closed grace off, a closed page's engine yields by the idle rule", () => {
    const noGrace = { idleMs: 5 * MIN, closedMs: 0 };
    expect(chooseYields([closed("left", 6000, 2)], 1, noGrace, NOW)).toEqual([]);
    expect(chooseYields([closed("left", 6000, 7)], 1, noGrace, NOW)).toEqual(["left"]);
  });
});

describe("EngineAdmission.placesWanted: how many running engines the queue needs", () => {
  const log = createLogger({ level: "error", write: () => undefined });

  it("is one per waiting student, none when nobody waits, and a cluster's weight for a cluster", async () => {
    const admission = new EngineAdmission({ limit: 2, log });
    expect(admission.placesWanted).toBe(0);
    const held = [admission.tryAdmit("a"), admission.tryAdmit("b")];
    expect(admission.placesWanted).toBe(0);
    const leave = new AbortController();
    const c = admission.admit({ key: "c", signal: leave.signal }).catch(() => undefined);
    const d = admission.admit({ key: "d", signal: leave.signal }).catch(() => undefined);
    expect(admission.placesWanted).toBe(2);
    held[0]?.release(); // c gets it
    await c;
    expect(admission.placesWanted).toBe(1);
    leave.abort();
    await d;
    expect(admission.placesWanted).toBe(0);
    const cluster = admission.admit({ key: "cluster", weight: 2 }).catch(() => undefined);
    expect(admission.placesWanted).toBe(2);
    held[1]?.release(); // one free place: the cluster still lacks one
    expect(admission.placesWanted).toBe(1);
    void cluster;
  });
});
