import { describe, expect, it } from "vitest";
import { capLog } from "./cap-log";

describe("capLog", () => {
  it("leaves a log within the limit alone", () => {
    expect(capLog("short", 100)).toBe("short");
    expect(capLog("", 100)).toBe("");
  });

  it("keeps head and tail around a marker that counts the bytes left out", () => {
    const log = `BEGIN${"-".repeat(10_000)}END`;
    const capped = capLog(log, 1000);
    expect(Buffer.byteLength(capped)).toBeLessThanOrEqual(1000);
    expect(capped.startsWith("BEGIN")).toBe(true);
    expect(capped.endsWith("END")).toBe(true);
    const [head, tail] = capped.split(/\n… \d+ bytes omitted …\n/);
    const omitted = Number(/… (\d+) bytes omitted …/.exec(capped)![1]);
    expect(Buffer.byteLength(head!) + omitted + Buffer.byteLength(tail!)).toBe(Buffer.byteLength(log));
  });

  it("never splits a multi-byte character", () => {
    const log = "é".repeat(5000) + "🐳".repeat(5000);
    for (const max of [101, 102, 103, 257, 1000]) {
      const capped = capLog(log, max);
      expect(capped).not.toContain("\uFFFD");
      expect(Buffer.byteLength(capped)).toBeLessThanOrEqual(max);
    }
  });
});
