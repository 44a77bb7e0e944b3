import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { IdleCountdown } from "./idle-countdown";
import { createLogger } from "../logger";

describe("IdleCountdown: a sandbox goes away only once nobody has used it for idleMs", () => {
  let removed: string[];
  let lines: string[];
  let countdown: IdleCountdown;

  beforeEach(() => {
    vi.useFakeTimers();
    removed = [];
    lines = [];
    countdown = new IdleCountdown({
      idleMs: 1000,
      what: "engine",
      log: createLogger({ level: "info", write: (line) => void lines.push(line) }),
      remove: async (id) => void removed.push(id),
    });
  });
  afterEach(() => vi.useRealTimers());

  it("removes it idleMs after the last of two tabs closes, and logs why", async () => {
    countdown.acquire("alice");
    countdown.acquire("alice");
    countdown.release("alice", true);
    await vi.advanceTimersByTimeAsync(5000);
    expect(removed).toEqual([]); // one tab is still open
    countdown.release("alice", true);
    await vi.advanceTimersByTimeAsync(999);
    expect(removed).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(removed).toEqual(["alice"]);
    expect(lines.join("\n")).toContain("removing idle engine");
  });

  it("keeps it when the student comes back before the countdown ends", async () => {
    countdown.acquire("bob");
    countdown.release("bob", true);
    await vi.advanceTimersByTimeAsync(900);
    countdown.acquire("bob"); // a reload
    await vi.advanceTimersByTimeAsync(5000);
    expect(removed).toEqual([]);
  });

  it("starts no countdown for a sandbox that does not exist, and counts no user below zero", async () => {
    countdown.release("carol", false);
    countdown.release("carol", false);
    await vi.advanceTimersByTimeAsync(5000);
    expect(removed).toEqual([]);
    countdown.acquire("carol");
    expect(countdown.inUse("carol")).toBe(true);
    countdown.release("carol", true);
    expect(countdown.inUse("carol")).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(removed).toEqual(["carol"]);
  });

  it("logs a failed removal instead of throwing", async () => {
    const failing = new IdleCountdown({
      idleMs: 10,
      what: "cluster",
      log: createLogger({ level: "info", write: (line) => void lines.push(line) }),
      remove: async () => {
        throw new Error("engine gone");
      },
    });
    failing.schedule("dave");
    await vi.advanceTimersByTimeAsync(10);
    expect(lines.join("\n")).toMatch(/idle cluster removal failed[\s\S]*engine gone/);
  });
});
