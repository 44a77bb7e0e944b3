/**
 * A teacher's re-grade of one step of their class, after its checks changed: a preview (each
 * student's latest graded submission graded again with the current checks by the server's worker,
 * server/grading-services/regrade-worker.ts), then Apply or Cancel. Only the class's teacher or an
 * admin (getVisibleClass); a job of another class answers "not found".
 *
 * Apply stores the preview's results, no second grading, and only while the step's checks are
 * those the preview graded with. History is kept: the old run stays as it was, and a new verified
 * run, marked as the re-grade of it (CheckRun.regradeOfId, same files and start time), becomes the
 * student's grade (docs/api.md, "Re-grade").
 */
import { AppError } from "../app-error";
import { say, type TextRef } from "../../lib/i18n/text-ref";
import {
  applyRegradeJob,
  cancelRegradeJob,
  createRegradeJob,
  getLatestRegradeJob,
  getRegradeJob,
  listClassMembers,
  listLatestSubmissions,
  listRegradeRows,
  type RegradeJobRecord,
} from "../db/repositories";
import { getLessonByStep } from "../lessons/load-lessons";
import { checksFingerprint, diffRegrade, type ConstraintChange } from "../grading-services/regrade-diff";
import { queueScorePassbacks } from "../lti/score-passback";
import { logger } from "../logger";
import { assertClassStep, getVisibleClass } from "./classes";
import type { SignedIn } from "./accounts";

const log = logger.child({ area: "regrade" });

export interface RegradeRowView {
  studentId: string;
  name: string;
  status: "pending" | "graded" | "error";
  old: { runId: string; submittedAt: string; score: number | null; passed: boolean | null };
  /** Null until graded (or when its grading failed). */
  new: { score: number | null; passed: boolean | null } | null;
  scoreChanged: boolean;
  passChanged: boolean;
  constraints: ConstraintChange[];
  errorMessage: string | null;
  /** The run Apply recorded for this student. */
  appliedRunId: string | null;
}

export interface RegradeView {
  id: string;
  step: number;
  status: RegradeJobRecord["status"];
  total: number;
  done: number;
  /** Whose submission is being graded now. */
  current: string | null;
  errorMessage: string | null;
  createdAt: string;
  finishedAt: string | null;
  appliedAt: string | null;
  /** The step's checks are still those the preview graded with: Apply is possible (when ready). */
  fresh: boolean;
  /** Rows whose score, pass or a constraint's verdict would change. */
  changed: number;
  rows: RegradeRowView[];
}

/** Queues a preview of the step's re-grade for the class's students with a graded submission (an open preview of the step is cancelled). */
export async function startClassRegrade(actor: SignedIn, classId: string, step: number): Promise<RegradeView> {
  const klass = await getVisibleClass(actor, classId);
  assertClassStep(klass, step);
  const lesson = await getLessonByStep(step);
  if (!lesson) throw new AppError("not_found", say("request.noStep", { step }));
  const members = await listClassMembers(klass.id);
  const names = new Map(members.map((m) => [m.studentId, m.name]));
  const latest = await listLatestSubmissions([...names.keys()], step);
  const rows = members.flatMap((m) => latest.filter((run) => run.studentId === m.studentId).map((run) => ({ studentId: m.studentId, studentName: m.name, oldRunId: run.id })));
  const jobId = await createRegradeJob({ classId: klass.id, step, requestedById: actor.id, checksFingerprint: checksFingerprint(lesson.checks), rows });
  log.info("re-grade preview queued", { classId: klass.id, step, jobId, rows: rows.length, by: actor.id });
  return viewOf((await getRegradeJob(jobId))!);
}

/** The class's latest re-grade of the step (running, ready, applied…), or null when there was none. */
export async function getClassRegrade(actor: SignedIn, classId: string, step: number): Promise<RegradeView | null> {
  const klass = await getVisibleClass(actor, classId);
  assertClassStep(klass, step);
  const job = await getLatestRegradeJob(klass.id, step);
  return job && viewOf(job);
}

/** Stores a ready preview's new results as the grades of its students; refused when the checks changed since. */
export async function applyClassRegrade(actor: SignedIn, classId: string, jobId: string): Promise<RegradeView> {
  const job = await jobOfClass(actor, classId, jobId);
  if (job.status !== "ready") throw new AppError("conflict", notReadyMessage(job));
  const lesson = await getLessonByStep(job.step);
  if (!lesson || checksFingerprint(lesson.checks) !== job.checksFingerprint) {
    throw new AppError("conflict", say("regrade.checksChanged"));
  }
  const created = await applyRegradeJob(job.id);
  if (!created) throw new AppError("conflict", notReadyMessage((await getRegradeJob(job.id)) ?? job));
  // The LMS of LTI-bound classes gets the new scores as it gets a submission's.
  for (const run of created) await queueScorePassbacks(run);
  log.info("re-grade applied", { classId, step: job.step, jobId, runs: created.length, by: actor.id });
  return viewOf((await getRegradeJob(job.id))!);
}

/** Cancels a preview (queued, running or ready): nothing of it is applied. */
export async function cancelClassRegrade(actor: SignedIn, classId: string, jobId: string): Promise<RegradeView> {
  const job = await jobOfClass(actor, classId, jobId);
  if (!(await cancelRegradeJob(job.id))) throw new AppError("conflict", notReadyMessage((await getRegradeJob(job.id)) ?? job));
  log.info("re-grade cancelled", { classId, step: job.step, jobId, by: actor.id });
  return viewOf((await getRegradeJob(job.id))!);
}

async function jobOfClass(actor: SignedIn, classId: string, jobId: string): Promise<RegradeJobRecord> {
  const klass = await getVisibleClass(actor, classId);
  const job = await getRegradeJob(jobId);
  if (!job || job.classId !== klass.id) throw new AppError("not_found", say("regrade.none"));
  return job;
}

function notReadyMessage(job: RegradeJobRecord): TextRef {
  switch (job.status) {
    case "applied":
      return say("regrade.applied");
    case "cancelled":
      return say("regrade.cancelled");
    case "error":
      // The error is the grader's, as it was recorded (quoted unchanged).
      return say("regrade.stopped", { error: job.errorMessage ?? say("regrade.startNewPreview") });
    default:
      return say("regrade.stillGrading");
  }
}

async function viewOf(job: RegradeJobRecord): Promise<RegradeView> {
  const [rows, lesson] = await Promise.all([listRegradeRows(job.id), getLessonByStep(job.step)]);
  const views = rows.map((row): RegradeRowView => {
    const graded = row.status === "graded";
    const diff = graded ? diffRegrade(row.old, row.next) : null;
    return {
      studentId: row.studentId,
      name: row.studentName,
      status: row.status,
      old: { runId: row.old.runId, submittedAt: row.old.startedAt.toISOString(), score: row.old.score, passed: row.old.passed },
      new: graded ? { score: row.next.score, passed: row.next.passed } : null,
      scoreChanged: diff?.scoreChanged ?? false,
      passChanged: diff?.passChanged ?? false,
      constraints: diff?.constraints ?? [],
      errorMessage: row.errorMessage,
      appliedRunId: row.appliedRunId,
    };
  });
  return {
    id: job.id,
    step: job.step,
    status: job.status,
    total: job.total,
    done: job.done,
    current: job.current,
    errorMessage: job.errorMessage,
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
    appliedAt: job.appliedAt?.toISOString() ?? null,
    fresh: Boolean(lesson) && checksFingerprint(lesson!.checks) === job.checksFingerprint,
    changed: views.filter((row) => row.scoreChanged || row.passChanged || row.constraints.length > 0).length,
    rows: views,
  };
}
