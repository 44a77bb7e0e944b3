/** What a teacher's class grid needs beyond getProgress (check-runs.ts): practice Checks that passed. */
import { getDb } from "../client";
import { listRegradedRunIds } from "./regrades";

/** The steps where one of the student's practice Checks passed (feedback in their own engine, not a grade). */
export async function listPracticePassedSteps(studentId: string): Promise<number[]> {
  const rows = await getDb().checkRun.groupBy({ by: ["step"], where: { studentId, mode: "practice", passed: true } });
  return rows.map((row) => row.step).sort((a, b) => a - b);
}

export interface SubmissionRow {
  studentId: string;
  step: number;
  startedAt: Date;
  score: number | null;
  passed: boolean | null;
}

/**
 * The finished submissions (verified runs) of these students on these steps, oldest first: what
 * the grid marks against each step's due date (server/identity/deadlines.ts). A run a teacher's
 * re-grade replaced is left out: its re-grade (same start time) counts instead.
 */
export async function listSubmissions(studentIds: string[], steps: number[]): Promise<SubmissionRow[]> {
  if (studentIds.length === 0 || steps.length === 0) return [];
  const replaced = await listRegradedRunIds(studentIds);
  return getDb().checkRun.findMany({
    where: { studentId: { in: studentIds }, step: { in: steps }, mode: "verified", status: "finished", ...(replaced.length > 0 && { id: { notIn: replaced } }) },
    orderBy: [{ startedAt: "asc" }, { id: "asc" }],
    select: { studentId: true, step: true, startedAt: true, score: true, passed: true },
  });
}
