/**
 * Deadlines: a class gives each step a due date; a student may have their own (an extension),
 * which replaces the class's for them. A submission (a verified run) counts as on time when it
 * started at or before the due date: the server's clock when the student pressed Submit, not when
 * the queue got to it. Pure: the dates come in, the marks go out.
 */
import { z } from "zod";

/** step → due date. */
export type DueDates = ReadonlyMap<number, Date>;

const stored = z.record(z.string().regex(/^\d{1,2}$/), z.string());

/** Due dates as stored (JSON {"step": ISO date}); anything unreadable reads as no date. */
export function readDueDates(json: string): Map<number, Date> {
  const dates = new Map<number, Date>();
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return dates;
  }
  const parsed = stored.safeParse(raw);
  if (!parsed.success) return dates;
  for (const [step, iso] of Object.entries(parsed.data)) {
    const date = new Date(iso);
    if (!Number.isNaN(date.getTime())) dates.set(Number(step), date);
  }
  return dates;
}

/** Due dates to store: one step's set (or removed with null), the others kept. */
export function writeDueDate(json: string, step: number, dueAt: Date | null): string {
  const dates = readDueDates(json);
  if (dueAt) dates.set(step, dueAt);
  else dates.delete(step);
  const ordered = [...dates].sort(([a], [b]) => a - b);
  return JSON.stringify(Object.fromEntries(ordered.map(([s, date]) => [String(s), date.toISOString()])));
}

/** When the step is due for this student: their extension, else the class's date, else never. */
export function dueDateFor(step: number, classDates: DueDates, extensions: DueDates): Date | null {
  return extensions.get(step) ?? classDates.get(step) ?? null;
}

/** What a gradebook needs of one finished verified run. */
export interface SubmissionOutcome {
  startedAt: Date;
  score: number | null;
  passed: boolean | null;
}

export interface DeadlineMark {
  /** Best score of any submission, 0–100; null when none finished. */
  bestScore: number | null;
  /** Any submission passed. */
  passed: boolean;
  /** Best score of the submissions on time (all of them without a due date); null when none. */
  onTimeScore: number | null;
  /** A submission on time passed. */
  passedOnTime: boolean;
  /** Submissions that started after the due date. */
  lateSubmissions: number;
  /**
   * The work counts only late: the best score (or the pass) was reached after the due date,
   * above what was on time. A late resubmission that does no better marks nothing.
   */
  late: boolean;
}

export function markAgainstDeadline(submissions: readonly SubmissionOutcome[], dueAt: Date | null): DeadlineMark {
  const isLate = (run: SubmissionOutcome) => dueAt !== null && run.startedAt.getTime() > dueAt.getTime();
  const best = (runs: readonly SubmissionOutcome[]) => runs.reduce<number | null>((max, run) => (run.score === null ? max : max === null ? run.score : Math.max(max, run.score)), null);
  const onTime = submissions.filter((run) => !isLate(run));
  const bestScore = best(submissions);
  const onTimeScore = best(onTime);
  const passed = submissions.some((run) => run.passed === true);
  const passedOnTime = onTime.some((run) => run.passed === true);
  const lateSubmissions = submissions.length - onTime.length;
  const late = (passed && !passedOnTime) || (bestScore !== null && (onTimeScore === null || bestScore > onTimeScore));
  return { bestScore, passed, onTimeScore, passedOnTime, lateSubmissions, late };
}
