import { describe, expect, it } from "vitest";
import { ActivityThrottle } from "./activity-throttle";

describe("ActivityThrottle", () => {
  it("records a page polling every 100 ms once per interval, not once per request", () => {
    let now = 1_000_000;
    const throttle = new ActivityThrottle(10_000, () => now);
    let recorded = 0;
    for (let i = 0; i < 300; i++, now += 100) if (throttle.admits("alice")) recorded++; // 30 s of polling
    expect(recorded).toBe(3);
  });

  it("records each student's first request, and the next one once the interval has passed", () => {
    let now = 0;
    const throttle = new ActivityThrottle(10_000, () => now);
    expect(throttle.admits("alice")).toBe(true);
    expect(throttle.admits("bob")).toBe(true); // one student's traffic never hides another's
    now = 9_999;
    expect(throttle.admits("alice")).toBe(false);
    now = 10_000;
    expect(throttle.admits("alice")).toBe(true);
    expect(throttle.admits("bob")).toBe(true);
  });

  it("forgets students not seen for an interval once it holds many, and still records them when they come back", () => {
    let now = 0;
    const throttle = new ActivityThrottle(1_000, () => now);
    for (let i = 0; i < 300; i++) throttle.admits(`s${i}`);
    now = 5_000;
    expect(throttle.admits("late")).toBe(true);
    expect((throttle as unknown as { lastAt: Map<string, number> }).lastAt.size).toBe(1);
    expect(throttle.admits("s1")).toBe(true);
    expect(throttle.admits("s1")).toBe(false);
  });
});
