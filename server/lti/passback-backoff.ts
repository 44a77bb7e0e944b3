/**
 * When a score passback that failed is tried again: 30 s after the first failure, then four times
 * longer each time, at most 6 hours apart; after the 8th failure (≈ 15 hours in all) it is given
 * up and shown to the teacher as failed, who can send it again. Pure.
 */
export const PASSBACK_MAX_ATTEMPTS = 8;
const FIRST_DELAY_MS = 30_000;
const LONGEST_DELAY_MS = 6 * 3_600_000;

/** The next try after `attempts` failed tries, or null to give up. */
export function nextPassbackAttempt(attempts: number, now: Date, retryable = true): Date | null {
  if (!retryable || attempts >= PASSBACK_MAX_ATTEMPTS) return null;
  const delay = Math.min(FIRST_DELAY_MS * 4 ** Math.max(0, attempts - 1), LONGEST_DELAY_MS);
  return new Date(now.getTime() + delay);
}
