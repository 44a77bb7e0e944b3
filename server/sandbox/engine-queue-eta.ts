/**
 * When a place in the engine queue should come back, from the time-sharing rules (./engine-yield.ts):
 * each running engine may give its place up once its pages have been closed for `closedMs`, or its
 * student has done nothing for `idleMs`, whichever comes first; an engine busy with a Check never
 * does. Number `placesNeeded` in line gets in when that many engines have become eligible. An
 * estimate (a student who types puts their engine's moment off), so it is said as "about", and
 * there is none when the rules cannot say (time-sharing off, too few engines that could yield).
 */
import type { YieldCandidate, YieldPolicy } from "./engine-yield";

/** The earliest moment the candidate's engine may yield; undefined if the rules never let it (busy, or both rules off). */
export function yieldEligibleAtMs(candidate: YieldCandidate, policy: YieldPolicy): number | undefined {
  if (candidate.busy) return undefined;
  const moments: number[] = [];
  if (policy.idleMs > 0) moments.push(candidate.lastActiveMs + policy.idleMs);
  if (policy.closedMs > 0 && candidate.closedAtMs !== undefined) moments.push(candidate.closedAtMs + policy.closedMs);
  return moments.length ? Math.min(...moments) : undefined;
}

/**
 * How long until `placesNeeded` places have come back (the waiter's own weight plus those of the
 * waiters ahead, beyond the places free now), at `nowMs`. `yieldingNow` engines are already being
 * removed: their places come first. Undefined when the running engines cannot give that many back
 * by the rules; 0 when they may already.
 */
export function estimateEngineWaitMs(candidates: readonly YieldCandidate[], placesNeeded: number, policy: YieldPolicy, nowMs: number, yieldingNow = 0): number | undefined {
  const fromRules = placesNeeded - yieldingNow;
  if (fromRules <= 0) return 0;
  const moments = candidates.flatMap((candidate) => {
    const at = yieldEligibleAtMs(candidate, policy);
    return at === undefined ? [] : [at];
  });
  if (moments.length < fromRules) return undefined;
  moments.sort((a, b) => a - b);
  return Math.max(0, moments[fromRules - 1]! - nowMs);
}
