import { describe, expect, it } from "vitest";
import { nextPassbackAttempt, PASSBACK_MAX_ATTEMPTS } from "./passback-backoff";

const now = new Date("2026-12-04T10:00:00Z");
const delayAfter = (attempts: number) => (nextPassbackAttempt(attempts, now)?.getTime() ?? NaN) - now.getTime();

describe("nextPassbackAttempt", () => {
  it("waits 30 s, then four times longer each time, at most 6 hours", () => {
    expect(delayAfter(1)).toBe(30_000);
    expect(delayAfter(2)).toBe(120_000);
    expect(delayAfter(3)).toBe(480_000);
    expect(delayAfter(7)).toBe(6 * 3_600_000);
  });
  it("gives up after the last attempt, or at once when trying again cannot help", () => {
    expect(nextPassbackAttempt(PASSBACK_MAX_ATTEMPTS, now)).toBeNull();
    expect(nextPassbackAttempt(1, now, false)).toBeNull();
  });
});
