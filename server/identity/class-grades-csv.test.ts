import { describe, expect, it } from "vitest";
import { classGradesCsv, constraintsCsv, csvCell, gradesFileName } from "./class-grades-csv";
import type { ClassGridCell, ClassGridRow } from "./classes";

const NOTHING: Omit<ClassGridCell, "step"> = {
  state: "not-started",
  bestScore: null,
  onTimeScore: null,
  passed: false,
  passedOnTime: false,
  late: false,
  lateSubmissions: 0,
  practicePassed: false,
  attempts: 0,
  lastCheckAt: null,
  dueAt: null,
  extended: false,
};
const row = (name: string, email: string | null, cells: ClassGridRow["cells"]): ClassGridRow => ({ studentId: "s", name, email, lastActivityAt: "2026-12-04T09:12:00.000Z", cells });

describe("class gradebook CSV", () => {
  it("has a row per student and eight columns per step, scores as percentages from graded runs, late work marked", () => {
    const csv = classGradesCsv(
      [1, 2],
      [
        row("Ada", "ada@example.org", [
          { ...NOTHING, step: 1, state: "submitted", bestScore: 87.5, onTimeScore: 50, late: true, lateSubmissions: 1, practicePassed: true, attempts: 3, dueAt: "2026-12-10T17:00:00.000Z" },
          { ...NOTHING, step: 2 },
        ]),
      ],
    );
    const lines = csv.split("\r\n");
    const perStep = (n: number) =>
      [`status`, `best graded score (%)`, `on-time graded score (%)`, `graded pass`, `late`, `practice pass`, `attempts`, `due (UTC)`].map((c) => `step ${n} ${c}`).join(",");
    expect(lines[0]).toBe(`student,email,last activity (UTC),${perStep(1)},${perStep(2)}`);
    expect(lines[1]).toBe("Ada,ada@example.org,2026-12-04T09:12:00.000Z,submitted,87.5,50,no,yes,yes,3,2026-12-10T17:00:00.000Z,not-started,,,no,no,no,0,");
    expect(lines[2]).toBe(""); // ends with a line break
  });

  it("quotes commas, quotes and line breaks, and defuses what a spreadsheet would run as a formula", () => {
    expect(csvCell('Smith, "Jo"')).toBe('"Smith, ""Jo"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell("+33 6")).toBe("'+33 6");
    expect(csvCell("-1")).toBe("'-1");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell(-1)).toBe("-1"); // our own numbers stay numbers
    expect(csvCell(null)).toBe("");
    const csv = classGradesCsv([1], [row("=cmd|' /C calc'!A0", null, [])]);
    expect(csv.split("\r\n")[1]!.startsWith("'=cmd")).toBe(true);
  });

  it("names the file after the class, safely", () => {
    const at = new Date("2026-12-04T10:00:00Z");
    expect(gradesFileName("Groupe du lundi (B2)", at)).toBe("Groupe-du-lundi-B2-grades-2026-12-04.csv");
    expect(gradesFileName('../../"; rm', at)).toBe("..-..-rm-grades-2026-12-04.csv");
    expect(gradesFileName("!!!", at)).toBe("class-grades-2026-12-04.csv");
  });

  it("lists one step's constraints per student: the kind of their latest run, its score, and each constraint's status in it", () => {
    const csv = constraintsCsv(
      2,
      [
        { id: "folder", title: "The folder, holds a Dockerfile" },
        { id: "build", title: "It builds" },
      ],
      [
        {
          name: "Ada",
          email: "ada@example.org",
          latest: {
            mode: "verified",
            startedAt: new Date("2026-12-04T10:00:00Z"),
            score: 50,
            results: [
              { id: "folder", status: "pass" },
              { id: "build", status: "fail" },
            ],
          },
        },
        { name: "Bob", email: null, latest: { mode: "practice", startedAt: new Date("2026-12-04T11:00:00Z"), score: 0, results: [{ id: "folder", status: "fail" }] } },
        { name: "=Eve", email: null, latest: null },
      ],
    );
    expect(csv.split("\r\n")).toEqual([
      'student,email,step 2 latest run,run started (UTC),score (%),"The folder, holds a Dockerfile [folder]",It builds [build]',
      "Ada,ada@example.org,submission,2026-12-04T10:00:00.000Z,50,pass,fail",
      "Bob,,practice check,2026-12-04T11:00:00.000Z,0,fail,",
      "'=Eve,,none,,,,",
      "",
    ]);
  });
});
