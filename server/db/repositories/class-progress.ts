/** What a teacher's class grid needs beyond getProgress (check-runs.ts): practice Checks that passed. */
import { getDb } from "../client";

/** The steps where one of the student's practice Checks passed (feedback in their own engine, not a grade). */
export async function listPracticePassedSteps(studentId: string): Promise<number[]> {
  const rows = await getDb().checkRun.groupBy({ by: ["step"], where: { studentId, mode: "practice", passed: true } });
  return rows.map((row) => row.step).sort((a, b) => a - b);
}
