import { describe, expect, it } from "vitest";
import { classGradesCsv, csvCell, gradesFileName } from "./class-grades-csv";
import type { ClassGridRow } from "./classes";

const row = (name: string, email: string | null, cells: ClassGridRow["cells"]): ClassGridRow => ({ studentId: "s", name, email, lastActivityAt: "2026-12-04T09:12:00.000Z", cells });

describe("class gradebook CSV", () => {
  it("has a row per student and four columns per step, scores as percentages from graded runs", () => {
    const csv = classGradesCsv([1, 2], [
      row("Ada", "ada@example.org", [
        { step: 1, bestScore: 0.875, passed: false, practicePassed: true, attempts: 3, lastCheckAt: null },
        { step: 2, bestScore: null, passed: false, practicePassed: false, attempts: 0, lastCheckAt: null },
      ]),
    ]);
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe(
      "student,email,last activity (UTC),step 1 best graded score (%),step 1 graded pass,step 1 practice pass,step 1 attempts,step 2 best graded score (%),step 2 graded pass,step 2 practice pass,step 2 attempts",
    );
    expect(lines[1]).toBe("Ada,ada@example.org,2026-12-04T09:12:00.000Z,87.5,no,yes,3,,no,no,0");
    expect(lines[2]).toBe(""); // ends with a line break
  });

  it("quotes commas, quotes and line breaks, and defuses what a spreadsheet would run as a formula", () => {
    expect(csvCell('Smith, "Jo"')).toBe('"Smith, ""Jo"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("=HYPERLINK(\"http://x\")")).toBe("\"'=HYPERLINK(\"\"http://x\"\")\"");
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
});
