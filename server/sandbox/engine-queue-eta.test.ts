import { describe, expect, it } from "vitest";
import { estimateEngineWaitMs, yieldEligibleAtMs } from "./engine-queue-eta";
import { queueEtaMinutes } from "../../lib/queue-eta-minutes";
import type { YieldCandidate } from "./engine-yield";

const MIN = 60_000;
const NOW = 100 * MIN;
const policy = { idleMs: 5 * MIN, closedMs: 60_000 };

/** A student with a page open who last did something `inactiveMin` minutes ago. */
const open = (studentId: string, inactiveMin: number, busy = false): YieldCandidate => ({ studentId, lastActiveMs: NOW - inactiveMin * MIN, closedAtMs: undefined, busy });
/** A student whose pages all closed `closedSec` seconds ago, last active 1 minute ago. */
const closed = (studentId: string, closedSec: number): YieldCandidate => ({ studentId, lastActiveMs: NOW - MIN, closedAtMs: NOW - closedSec * 1000, busy: false });

describe("estimateEngineWaitMs: when a place in the engine queue comes back", () => {
  it("is when the least recently active engine reaches the idle time, for number 1 in line", () => {
    // Active 1 and 3 minutes ago: the second may yield in 2 minutes.
    expect(estimateEngineWaitMs([open("a", 1), open("b", 3)], 1, policy, NOW)).toBe(2 * MIN);
  });

  it("counts one eligible engine per place needed: number 2 waits for the second one", () => {
    expect(estimateEngineWaitMs([open("a", 1), open("b", 3), open("c", 0)], 2, policy, NOW)).toBe(4 * MIN);
    expect(estimateEngineWaitMs([open("a", 1), open("b", 3), open("c", 0)], 3, policy, NOW)).toBe(5 * MIN);
  });

  it("takes a closed page's short grace before the idle time", () => {
    expect(estimateEngineWaitMs([open("a", 1), closed("gone", 20)], 1, policy, NOW)).toBe(40_000);
  });

  it("never counts an engine busy with a Check", () => {
    expect(estimateEngineWaitMs([open("checking", 4, true), open("b", 1)], 1, policy, NOW)).toBe(4 * MIN);
    expect(estimateEngineWaitMs([open("checking", 4, true)], 1, policy, NOW)).toBeUndefined();
  });

  it("says nothing when fewer engines could yield than places are needed, or time-sharing is off", () => {
    expect(estimateEngineWaitMs([open("a", 1)], 2, policy, NOW)).toBeUndefined();
    expect(estimateEngineWaitMs([open("a", 1)], 1, { idleMs: 0, closedMs: 0 }, NOW)).toBeUndefined();
    expect(estimateEngineWaitMs([], 1, policy, NOW)).toBeUndefined();
  });

  it("is 0 once an engine is already eligible, or already being removed for the queue", () => {
    expect(estimateEngineWaitMs([open("away", 12)], 1, policy, NOW)).toBe(0);
    expect(estimateEngineWaitMs([open("a", 1)], 1, policy, NOW, 1)).toBe(0);
    // One place on its way, the second from the rules.
    expect(estimateEngineWaitMs([open("a", 1), open("b", 2)], 2, policy, NOW, 1)).toBe(3 * MIN);
  });

  it("uses only the closed-page rule when the idle rule is off", () => {
    expect(estimateEngineWaitMs([open("a", 30), closed("gone", 50)], 1, { idleMs: 0, closedMs: 60_000 }, NOW)).toBe(10_000);
    expect(yieldEligibleAtMs(open("a", 30), { idleMs: 0, closedMs: 60_000 })).toBeUndefined();
  });
});

describe("queueEtaMinutes", () => {
  it("rounds up to whole minutes, never below one", () => {
    expect(queueEtaMinutes(0)).toBe(1);
    expect(queueEtaMinutes(40_000)).toBe(1);
    expect(queueEtaMinutes(60_001)).toBe(2);
    expect(queueEtaMinutes(4 * MIN)).toBe(4);
  });
});
