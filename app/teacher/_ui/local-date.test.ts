import { describe, expect, it } from "vitest";
import { fromLocalInput, toLocalInput } from "./local-date";

describe("due dates in the teacher's time zone", () => {
  it("reads an input's value as local time and gives it back unchanged", () => {
    const iso = fromLocalInput("2026-12-10T18:00");
    expect(iso).toBe(new Date(2026, 11, 10, 18, 0).toISOString());
    expect(toLocalInput(iso!)).toBe("2026-12-10T18:00");
  });

  it("refuses an empty or malformed value instead of sending a wrong date", () => {
    for (const bad of ["", "2026-12-10", "10/12/2026 18:00", "2026-13-40T99:99", "2026-12-10T18:00Z"]) expect(fromLocalInput(bad)).toBeNull();
    expect(toLocalInput("nonsense")).toBe("");
  });
});
