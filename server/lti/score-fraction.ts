/**
 * A graded run's score as the LMS receives it: constraints passed out of constraints judged. A
 * constraint skipped because an earlier one failed (nothing built, so nothing ran) counts as not
 * passed; one that could not be judged where the grading ran (`notJudgedHere`: step 9's
 * three-node checks without clusters) does not count either way, as in the run's own score. Pure.
 */
import type { CheckStatus } from "../../lib/protocol/messages";

export interface ScoreFraction {
  scoreGiven: number;
  scoreMaximum: number;
}

/** The fraction, or null when no constraint was judged at all. */
export function scoreFractionOf(results: readonly { status: CheckStatus; notJudgedHere?: true }[]): ScoreFraction | null {
  const judged = results.filter((result) => !result.notJudgedHere);
  if (judged.length === 0) return null;
  return { scoreGiven: judged.filter((result) => result.status === "pass").length, scoreMaximum: judged.length };
}
