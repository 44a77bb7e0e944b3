import { describe, expect, it } from "vitest";
import { dueDateFor, markAgainstDeadline, readDueDates, writeDueDate } from "./deadlines";

const at = (iso: string) => new Date(iso);
const run = (iso: string, score: number | null, passed: boolean | null = score === 100) => ({ startedAt: at(iso), score, passed });
const DUE = at("2026-12-10T17:00:00Z");

describe("markAgainstDeadline", () => {
  it("without a due date every submission is on time", () => {
    const mark = markAgainstDeadline([run("2026-12-01T10:00:00Z", 40), run("2026-12-20T10:00:00Z", 100)], null);
    expect(mark).toEqual({ bestScore: 100, passed: true, onTimeScore: 100, passedOnTime: true, lateSubmissions: 0, late: false });
  });

  it("a pass after the due date is late, and the on-time score is what came before", () => {
    const mark = markAgainstDeadline([run("2026-12-10T16:59:59Z", 60), run("2026-12-10T17:00:01Z", 100)], DUE);
    expect(mark).toMatchObject({ bestScore: 100, passed: true, onTimeScore: 60, passedOnTime: false, lateSubmissions: 1, late: true });
  });

  it("a submission started exactly at the due date is on time", () => {
    expect(markAgainstDeadline([run("2026-12-10T17:00:00Z", 100)], DUE)).toMatchObject({ passedOnTime: true, late: false });
  });

  it("a late resubmission that does no better than the on-time one marks nothing late", () => {
    const mark = markAgainstDeadline([run("2026-12-09T10:00:00Z", 80, false), run("2026-12-11T10:00:00Z", 50, false)], DUE);
    expect(mark).toMatchObject({ bestScore: 80, onTimeScore: 80, lateSubmissions: 1, late: false });
  });

  it("only late work: no on-time score, marked late", () => {
    const mark = markAgainstDeadline([run("2026-12-12T10:00:00Z", 30, false)], DUE);
    expect(mark).toMatchObject({ bestScore: 30, onTimeScore: null, passed: false, late: true });
  });

  it("no submission: nothing to mark", () => {
    expect(markAgainstDeadline([], DUE)).toEqual({ bestScore: null, passed: false, onTimeScore: null, passedOnTime: false, lateSubmissions: 0, late: false });
  });

  it("runs without a score (graded with an error) count as submissions but not as scores", () => {
    expect(markAgainstDeadline([run("2026-12-12T10:00:00Z", null, null)], DUE)).toMatchObject({ bestScore: null, lateSubmissions: 1, late: false });
  });
});

describe("due dates as stored", () => {
  it("an extension replaces the class's date for that student and step only", () => {
    const klass = readDueDates(writeDueDate("{}", 1, DUE));
    const extensions = readDueDates(writeDueDate("{}", 1, at("2026-12-12T17:00:00Z")));
    expect(dueDateFor(1, klass, extensions)?.toISOString()).toBe("2026-12-12T17:00:00.000Z");
    expect(dueDateFor(1, klass, new Map())?.toISOString()).toBe(DUE.toISOString());
    expect(dueDateFor(2, klass, extensions)).toBeNull();
  });

  it("setting one step keeps the others; null removes it", () => {
    let json = writeDueDate("{}", 3, DUE);
    json = writeDueDate(json, 1, at("2026-12-01T08:00:00Z"));
    expect(Object.keys(JSON.parse(json))).toEqual(["1", "3"]);
    json = writeDueDate(json, 3, null);
    expect([...readDueDates(json).keys()]).toEqual([1]);
  });

  it("reads anything malformed as no dates rather than failing the gradebook", () => {
    for (const bad of ["", "not json", "[]", '{"x":"2026-12-01"}', '{"1":12}', "null"]) expect(readDueDates(bad).size).toBe(0);
    expect([...readDueDates('{"1":"not a date","2":"2026-12-01T00:00:00Z"}').keys()]).toEqual([2]);
  });
});
