import { describe, expect, it } from "vitest";
import type { ClassGridCell, ClassGridRow } from "@/server/identity/classes";
import { sortAndFilter } from "./class-grid";

const cell = (state: ClassGridCell["state"], bestScore: number | null = null): ClassGridCell => ({
  step: 1,
  state,
  bestScore,
  onTimeScore: bestScore,
  passed: state === "passed",
  passedOnTime: state === "passed",
  late: false,
  lateSubmissions: 0,
  practicePassed: false,
  attempts: state === "not-started" ? 0 : 1,
  lastCheckAt: null,
  dueAt: null,
  extended: false,
});
const row = (name: string, email: string | null, lastActivityAt: string | null, step1: ClassGridCell): ClassGridRow => ({ studentId: name, name, email, lastActivityAt, cells: [step1] });

const rows = [
  row("Zoé", "zoe@example.org", "2026-12-04T10:00:00Z", cell("submitted", 60)),
  row("Ada", null, null, cell("not-started")),
  row("Marc", "marc@example.org", "2026-12-04T09:00:00Z", cell("passed", 100)),
  row("Léa", "lea@example.org", "2026-12-04T11:00:00Z", cell("submitted", 80)),
];
const names = (list: ClassGridRow[]) => list.map((r) => r.name);

describe("the class grid's order and filter", () => {
  it("sorts by name, last activity, or how far each student is on a step (then their best score)", () => {
    expect(names(sortAndFilter(rows, { key: "name", descending: false }, ""))).toEqual(["Ada", "Léa", "Marc", "Zoé"]);
    expect(names(sortAndFilter(rows, { key: "last", descending: true }, ""))).toEqual(["Léa", "Zoé", "Marc", "Ada"]);
    expect(names(sortAndFilter(rows, { key: 1, descending: false }, ""))).toEqual(["Ada", "Zoé", "Léa", "Marc"]);
    expect(names(sortAndFilter(rows, { key: 1, descending: true }, ""))).toEqual(["Marc", "Léa", "Zoé", "Ada"]);
  });

  it("keeps the students whose name or e-mail holds the text typed, whatever its case", () => {
    expect(names(sortAndFilter(rows, { key: "name", descending: false }, "  EXAMPLE.org "))).toEqual(["Léa", "Marc", "Zoé"]);
    expect(names(sortAndFilter(rows, { key: "name", descending: false }, "ada"))).toEqual(["Ada"]);
    expect(sortAndFilter(rows, { key: "name", descending: false }, "nobody")).toEqual([]);
  });
});
