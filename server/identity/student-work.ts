/**
 * A teacher's view of one student's work on one step of their class: every Check and submission
 * (newest first, submissions after the due date marked late) and one of them opened with the
 * files it graded, its results and its build log. Permission as for the class (its teacher or an
 * admin), and the student must be in it: another class's student is "not found", like a run of
 * another student or step.
 */
import { AppError } from "../app-error";
import { say } from "../../lib/i18n/text-ref";
import { getCheckRun, listCheckRuns, listClassMembers, type CheckRunRecord, type CheckRunSummary, type ClassMemberRecord, type ClassRecord } from "../db/repositories";
import type { SignedIn } from "./accounts";
import { assertClassStep, getVisibleClass } from "./classes";
import { dueDateFor } from "./deadlines";

/** How many runs the timeline lists (the newest). */
export const TIMELINE_RUNS = 200;

export interface TimelineRun extends CheckRunSummary {
  /** A submission started after the student's due date. */
  late: boolean;
}

export interface StudentStepWork {
  class: ClassRecord;
  student: ClassMemberRecord;
  step: number;
  dueAt: Date | null;
  /** dueAt is the student's own date. */
  extended: boolean;
  runs: TimelineRun[];
  /** The run asked for, else the latest submission, else the latest run; null without runs. */
  shown: CheckRunRecord | null;
}

export async function getStudentStepWork(actor: SignedIn, classId: string, studentId: string, step: number, runId?: string): Promise<StudentStepWork> {
  const klass = await getVisibleClass(actor, classId);
  assertClassStep(klass, step);
  const student = (await listClassMembers(klass.id)).find((m) => m.studentId === studentId);
  if (!student) throw new AppError("not_found", say("class.studentNotInClass"));
  const dueAt = dueDateFor(step, klass.deadlines, student.extensions);
  const runs = (await listCheckRuns(studentId, step, TIMELINE_RUNS)).map((run) => ({
    ...run,
    late: run.mode === "verified" && dueAt !== null && run.startedAt.getTime() > dueAt.getTime(),
  }));
  let shown: CheckRunRecord | null = null;
  if (runId !== undefined) {
    shown = await getCheckRun(runId);
    // Only this student's runs of this step: an id of any other run reads as unknown.
    if (!shown || shown.studentId !== studentId || shown.step !== step) throw new AppError("not_found", say("class.noSuchRun"));
  } else {
    const chosen = runs.find((run) => run.mode === "verified" && run.status === "finished") ?? runs[0];
    shown = chosen ? await getCheckRun(chosen.id) : null;
  }
  return { class: klass, student, step, dueAt, extended: student.extensions.has(step), runs, shown };
}
