/**
 * A class's gradebook as CSV, for a spreadsheet or an LMS import: one row per student, for each step
 * of the class where the student is (not started … passed), its best graded score (a percentage,
 * from Submit runs only) and the best of those on time, whether a graded run passed, whether the
 * work counts only late, whether a practice Check passed, the attempts, and the student's due
 * date; the student's last activity.
 *
 * Names and e-mails are the students' own words: a cell a spreadsheet would read as a formula
 * (starting with =, +, -, @, a tab or a carriage return) is prefixed with an apostrophe, and every
 * cell is quoted as RFC 4180 says when it holds a comma, a quote or a line break.
 */
import type { ClassGridRow } from "./classes";

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return "";
  let text = typeof value === "boolean" ? (value ? "yes" : "no") : String(value);
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Scores are stored as percentages (0–100): one decimal at most. */
const percent = (score: number | null | undefined) => (score == null ? null : Math.round(score * 10) / 10);

const csvLine = (cells: (string | number | boolean | null)[]) => cells.map(csvCell).join(",");

export function classGradesCsv(steps: number[], rows: ClassGridRow[]): string {
  const header = ["student", "email", "last activity (UTC)"];
  for (const step of steps)
    header.push(
      `step ${step} status`,
      `step ${step} best graded score (%)`,
      `step ${step} on-time graded score (%)`,
      `step ${step} graded pass`,
      `step ${step} late`,
      `step ${step} practice pass`,
      `step ${step} attempts`,
      `step ${step} due (UTC)`,
    );
  const lines = [csvLine(header)];
  for (const row of rows) {
    const cells: (string | number | boolean | null)[] = [row.name, row.email, row.lastActivityAt];
    for (const step of steps) {
      const cell = row.cells.find((c) => c.step === step);
      cells.push(
        cell?.state ?? "not-started",
        percent(cell?.bestScore),
        percent(cell?.onTimeScore),
        cell?.passed ?? false,
        cell?.late ?? false,
        cell?.practicePassed ?? false,
        cell?.attempts ?? 0,
        cell?.dueAt ?? null,
      );
    }
    lines.push(csvLine(cells));
  }
  return `${lines.join("\r\n")}\r\n`;
}

/** A file name for the download: the class's name reduced to safe characters. */
export function gradesFileName(className: string, now = new Date()): string {
  const base =
    className
      .normalize("NFKD")
      .replace(/[^\w.-]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || "class";
  return `${base}-grades-${now.toISOString().slice(0, 10)}.csv`;
}
