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

/** One student's latest finished run of a step, as the per-constraint CSV reads it (none: never checked). */
export interface ConstraintRow {
  name: string;
  email: string | null;
  latest: { mode: "practice" | "verified"; startedAt: Date; score: number | null; results: { id: string; status: string }[] } | null;
}

/**
 * One step's constraints as CSV: a row per student, with their latest finished run (a submission
 * or a practice Check, said in a column), its date and score, then one column per constraint of
 * the step: pass, fail, skip or error in that run, empty when the run did not judge it.
 */
export function constraintsCsv(step: number, constraints: { id: string; title: string }[], rows: ConstraintRow[]): string {
  const header = ["student", "email", `step ${step} latest run`, "run started (UTC)", "score (%)", ...constraints.map((c) => `${c.title} [${c.id}]`)];
  const lines = [csvLine(header)];
  for (const row of rows) {
    const run = row.latest;
    const statuses = constraints.map((c) => run?.results.find((r) => r.id === c.id)?.status ?? null);
    const kind = run ? (run.mode === "verified" ? "submission" : "practice check") : "none";
    lines.push(csvLine([row.name, row.email, kind, run?.startedAt.toISOString() ?? null, percent(run?.score), ...statuses]));
  }
  return `${lines.join("\r\n")}\r\n`;
}

/** A file name for a download (`what`: grades, step-1-constraints…): the class's name reduced to safe characters. */
export function gradesFileName(className: string, now = new Date(), what = "grades"): string {
  const base =
    className
      .normalize("NFKD")
      .replace(/[^\w.-]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || "class";
  return `${base}-${what}-${now.toISOString().slice(0, 10)}.csv`;
}
