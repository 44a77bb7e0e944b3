import { describe, expect, it } from "vitest";
import { chooseEvictions, type KeptArea } from "./kept-engine-data";

const GB = 1024 ** 3;
const DAY = 24 * 3600_000;
const now = 100 * DAY;
const area = (studentId: string, daysAgo: number, gb: number, inUse = false): KeptArea => ({ studentId, lastUsedMs: now - daysAgo * DAY, bytes: gb * GB, inUse });
const evicted = (areas: KeptArea[], maxGb: number, ttlDays = 30) => chooseEvictions(areas, { maxBytes: maxGb * GB, ttlMs: ttlDays * DAY }, now).map((e) => `${e.area.studentId}:${e.reason}`);

describe("chooseEvictions", () => {
  it("keeps everything that fits and is recent", () => {
    expect(evicted([area("a", 1, 2), area("b", 2, 2)], 10)).toEqual([]);
  });

  it("deletes the least recently used areas until the total fits", () => {
    expect(evicted([area("new", 1, 3), area("oldest", 9, 3), area("old", 5, 3)], 4)).toEqual(["oldest:over-total", "old:over-total"]);
  });

  it("deletes areas unused for longer than the time to live, however small the total", () => {
    expect(evicted([area("stale", 31, 1), area("fresh", 29, 1)], 100)).toEqual(["stale:expired"]);
  });

  it("never deletes an area in use, even the oldest or an expired one; it still counts towards the total", () => {
    expect(evicted([area("busy", 60, 5, true), area("idle", 2, 1)], 5)).toEqual(["idle:over-total"]);
  });

  it("keeps nothing unused when the total allowed is 0", () => {
    expect(evicted([area("a", 0, 0.001), area("b", 0, 1, true)], 0)).toEqual(["a:over-total"]);
  });
});
