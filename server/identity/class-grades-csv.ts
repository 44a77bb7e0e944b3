/**
 * A class's gradebook as CSV, for a spreadsheet or an LMS import: one row per student, for each step
 * of the class its best graded score (a percentage, from Submit runs only), whether a graded run
 * passed, whether a practice Check passed, and the attempts; the student's last activity.
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

const csvLine = (cells: (string | number | boolean | null)[]) => cells.map(csvCell).join(",");

export function classGradesCsv(steps: number[], rows: ClassGridRow[]): string {
  const header = ["student", "email", "last activity (UTC)"];
  for (const step of steps) header.push(`step ${step} best graded score (%)`, `step ${step} graded pass`, `step ${step} practice pass`, `step ${step} attempts`);
  const lines = [csvLine(header)];
  for (const row of rows) {
    const cells: (string | number | boolean | null)[] = [row.name, row.email, row.lastActivityAt];
    for (const step of steps) {
      const cell = row.cells.find((c) => c.step === step);
      cells.push(cell?.bestScore == null ? null : Math.round(cell.bestScore * 1000) / 10, cell?.passed ?? false, cell?.practicePassed ?? false, cell?.attempts ?? 0);
    }
    lines.push(csvLine(cells));
  }
  return `${lines.join("\r\n")}\r\n`;
}

/** A file name for the download: the class's name reduced to safe characters. */
export function gradesFileName(className: string, now = new Date()): string {
  const base = className.normalize("NFKD").replace(/[^\w.-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60) || "class";
  return `${base}-grades-${now.toISOString().slice(0, 10)}.csv`;
}
