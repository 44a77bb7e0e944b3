import { describe, expect, it } from "vitest";
import { formatWhen } from "./format";

const now = Date.parse("2026-12-04T12:00:00Z");
const ago = (ms: number) => new Date(now - ms).toISOString();

describe("when a check ran", () => {
  it("reads naturally in each language", () => {
    expect(formatWhen(ago(10_000), "en", now)).toBe("just now");
    expect(formatWhen(ago(10_000), "fr", now)).toBe("à l’instant");
    expect(formatWhen(ago(5 * 60_000), "en", now)).toMatch(/^5 min\.? ago$/);
    expect(formatWhen(ago(5 * 60_000), "fr", now)).toMatch(/^il y a 5\smin\.?$/);
    expect(formatWhen(ago(3 * 3600_000), "fr", now)).toMatch(/^il y a 3\sh$/);
    expect(formatWhen("not a date", "en", now)).toBe("");
  });
});
