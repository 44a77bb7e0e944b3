/**
 * Teachers' re-grades of a step (server/identity/class-regrades.ts decides who may, the worker in
 * server/grading-services/regrade-worker.ts grades). A job is written "queued" by the route, taken
 * by the server's worker ("running"), "ready" once every row has a result (or an error), then
 * "applied" or "cancelled". Apply writes one new verified run per graded row, marked with the run
 * it grades again (CheckRun.regradeOfId); the old run stays as it was, and progress reads the new one.
 */
import { z } from "zod";
import { checkResultSchema, type CheckResult } from "@/lib/protocol/messages";
import { getConfig } from "../../config";
import { capLog } from "../cap-log";
import { getDb } from "../client";

export type RegradeJobStatus = "queued" | "running" | "ready" | "applied" | "cancelled" | "error";
export type RegradeRowStatus = "pending" | "graded" | "error";
/** A job not yet applied nor cancelled: one of these per class and step at a time. */
export const OPEN_REGRADE_STATUSES: readonly RegradeJobStatus[] = ["queued", "running", "ready"];

export interface RegradeRowRecord {
  id: string;
  position: number;
  studentId: string;
  studentName: string;
  status: RegradeRowStatus;
  old: { runId: string; startedAt: Date; score: number | null; passed: boolean | null; results: CheckResult[] };
  next: { score: number | null; passed: boolean | null; results: CheckResult[] };
  durationMs: number | null;
  errorMessage: string | null;
  appliedRunId: string | null;
}

export interface RegradeJobRecord {
  id: string;
  classId: string;
  step: number;
  requestedById: string;
  status: RegradeJobStatus;
  checksFingerprint: string;
  total: number;
  done: number;
  current: string | null;
  errorMessage: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  appliedAt: Date | null;
}

/** The latest finished verified run of the step of each of these students: what a re-grade grades again. */
export async function listLatestSubmissions(studentIds: string[], step: number): Promise<{ id: string; studentId: string }[]> {
  if (studentIds.length === 0) return [];
  // A run already re-graded is history: its re-grade (same start time) is the one graded again.
  const replaced = await listRegradedRunIds(studentIds);
  const rows = await getDb().checkRun.findMany({
    where: { studentId: { in: studentIds }, step, mode: "verified", status: "finished", ...(replaced.length > 0 && { id: { notIn: replaced } }) },
    orderBy: [{ startedAt: "asc" }, { id: "asc" }],
    select: { id: true, studentId: true },
  });
  const latest = new Map<string, string>();
  for (const row of rows) latest.set(row.studentId, row.id); // oldest first: the last one wins
  return [...latest].map(([studentId, id]) => ({ id, studentId }));
}

/** A new job with its rows, queued for the worker; the class's other open job of the step, if any, is cancelled first. */
export async function createRegradeJob(input: {
  classId: string;
  step: number;
  requestedById: string;
  checksFingerprint: string;
  rows: { studentId: string; studentName: string; oldRunId: string }[];
}): Promise<string> {
  const db = getDb();
  return db.$transaction(async (tx) => {
    await tx.regradeJob.updateMany({
      where: { classId: input.classId, step: input.step, status: { in: [...OPEN_REGRADE_STATUSES] } },
      data: { status: "cancelled", finishedAt: new Date(), current: null },
    });
    const empty = input.rows.length === 0;
    const job = await tx.regradeJob.create({
      data: {
        classId: input.classId,
        step: input.step,
        requestedById: input.requestedById,
        checksFingerprint: input.checksFingerprint,
        total: input.rows.length,
        // Nothing to grade: ready at once.
        status: empty ? "ready" : "queued",
        finishedAt: empty ? new Date() : null,
        rows: { create: input.rows.map((row, position) => ({ ...row, position })) },
      },
      select: { id: true },
    });
    return job.id;
  });
}

/** The class's latest job of the step (any status), or null. */
export async function getLatestRegradeJob(classId: string, step: number): Promise<RegradeJobRecord | null> {
  const row = await getDb().regradeJob.findFirst({ where: { classId, step }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  return row && toJob(row);
}

export async function getRegradeJob(id: string): Promise<RegradeJobRecord | null> {
  const row = await getDb().regradeJob.findUnique({ where: { id } });
  return row && toJob(row);
}

/** The job's rows in order, each with the run it grades again. */
export async function listRegradeRows(jobId: string): Promise<RegradeRowRecord[]> {
  const db = getDb();
  const rows = await db.regradeRow.findMany({ where: { jobId }, orderBy: { position: "asc" } });
  const runs = await db.checkRun.findMany({
    where: { id: { in: rows.map((row) => row.oldRunId) } },
    select: { id: true, startedAt: true, score: true, passed: true, results: true },
  });
  const byId = new Map(runs.map((run) => [run.id, run]));
  return rows.map((row) => {
    const run = byId.get(row.oldRunId);
    return {
      id: row.id,
      position: row.position,
      studentId: row.studentId,
      studentName: row.studentName,
      status: toRowStatus(row.status),
      old: { runId: row.oldRunId, startedAt: run?.startedAt ?? new Date(0), score: run?.score ?? null, passed: run?.passed ?? null, results: parseResults(run?.results ?? "[]") },
      next: { score: row.newScore, passed: row.newPassed, results: parseResults(row.newResults) },
      durationMs: row.durationMs,
      errorMessage: row.errorMessage,
      appliedRunId: row.appliedRunId,
    };
  });
}

/** The oldest queued job, now "running" for this worker; null when none is queued (or another worker took it). */
export async function claimQueuedRegradeJob(): Promise<RegradeJobRecord | null> {
  const db = getDb();
  const next = await db.regradeJob.findFirst({ where: { status: "queued" }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true } });
  if (!next) return null;
  const { count } = await db.regradeJob.updateMany({ where: { id: next.id, status: "queued" }, data: { status: "running" } });
  return count === 1 ? getRegradeJob(next.id) : null;
}

/** At start-up: jobs a stopped process was running are queued again (their graded rows are kept, the rest graded). */
export async function requeueRunningRegradeJobs(): Promise<number> {
  const { count } = await getDb().regradeJob.updateMany({ where: { status: "running" }, data: { status: "queued", current: null } });
  return count;
}

/** The files of the run a row grades again ({workspace path: text}). */
export async function getRunFiles(runId: string): Promise<Record<string, string> | null> {
  const run = await getDb().checkRun.findUnique({ where: { id: runId }, select: { filesSnapshot: true } });
  if (!run) return null;
  const parsed = z.record(z.string(), z.string()).safeParse(safeJson(run.filesSnapshot));
  return parsed.success ? parsed.data : {};
}

/** Progress of a running job: rows done and whose submission is being graded now. False once it is no longer running (cancelled). */
export async function setRegradeProgress(jobId: string, done: number, current: string | null): Promise<boolean> {
  const { count } = await getDb().regradeJob.updateMany({ where: { id: jobId, status: "running" }, data: { done, current } });
  return count === 1;
}

export async function saveRegradeRow(
  rowId: string,
  outcome: { score: number; passed: boolean; results: CheckResult[]; buildLog: string; durationMs: number } | { errorMessage: string; buildLog: string; durationMs: number },
): Promise<void> {
  const buildLog = capLog(outcome.buildLog, getConfig().BUILD_LOG_MAX_BYTES);
  const durationMs = Math.round(outcome.durationMs);
  await getDb().regradeRow.update({
    where: { id: rowId },
    data:
      "errorMessage" in outcome
        ? { status: "error", errorMessage: outcome.errorMessage, buildLog, durationMs }
        : { status: "graded", newScore: outcome.score, newPassed: outcome.passed, newResults: JSON.stringify(outcome.results), buildLog, durationMs, errorMessage: null },
  });
}

/** A running job's end: "ready" (every row has its result or error) or "error" (the job itself could not go on). */
export async function finishRegradeJob(jobId: string, outcome: { status: "ready" } | { status: "error"; errorMessage: string }): Promise<boolean> {
  const { count } = await getDb().regradeJob.updateMany({
    where: { id: jobId, status: "running" },
    data: { ...outcome, current: null, finishedAt: new Date() },
  });
  return count === 1;
}

/** Cancels an open job. False when it was already applied, cancelled or failed. */
export async function cancelRegradeJob(jobId: string): Promise<boolean> {
  const { count } = await getDb().regradeJob.updateMany({ where: { id: jobId, status: { in: [...OPEN_REGRADE_STATUSES] } }, data: { status: "cancelled", current: null, finishedAt: new Date() } });
  return count === 1;
}

/**
 * Applies a ready job, once: each graded row becomes a new finished verified run of the student
 * (the old run's files and start time, so a late submission stays late; the re-grade's results and
 * build log), marked as the re-grade of the old run. Rows in error change nothing. Returns the new
 * runs, or null when the job was not ready (applied meanwhile, cancelled).
 */
export async function applyRegradeJob(jobId: string): Promise<{ runId: string; studentId: string; step: number; results: CheckResult[] }[] | null> {
  const db = getDb();
  return db.$transaction(async (tx) => {
    const appliedAt = new Date();
    const { count } = await tx.regradeJob.updateMany({ where: { id: jobId, status: "ready" }, data: { status: "applied", appliedAt } });
    if (count !== 1) return null;
    const job = await tx.regradeJob.findUniqueOrThrow({ where: { id: jobId }, select: { step: true } });
    const rows = await tx.regradeRow.findMany({ where: { jobId, status: "graded" }, orderBy: { position: "asc" } });
    const created: { runId: string; studentId: string; step: number; results: CheckResult[] }[] = [];
    for (const row of rows) {
      const old = await tx.checkRun.findUnique({ where: { id: row.oldRunId }, select: { filesSnapshot: true, startedAt: true } });
      if (!old) continue; // the student was deleted meanwhile
      const run = await tx.checkRun.create({
        data: {
          studentId: row.studentId,
          step: job.step,
          status: "finished",
          mode: "verified",
          startedAt: old.startedAt,
          finishedAt: appliedAt,
          durationMs: row.durationMs,
          score: row.newScore,
          passed: row.newPassed,
          results: row.newResults,
          buildLog: row.buildLog,
          filesSnapshot: old.filesSnapshot,
          regradeOfId: row.oldRunId,
        },
        select: { id: true },
      });
      await tx.regradeRow.update({ where: { id: row.id }, data: { appliedRunId: run.id } });
      created.push({ runId: run.id, studentId: row.studentId, step: job.step, results: parseResults(row.newResults) });
    }
    return created;
  });
}

/** The runs of these students that a re-grade replaced (kept as history, no longer their grade). */
export async function listRegradedRunIds(studentIds: string[]): Promise<string[]> {
  if (studentIds.length === 0) return [];
  const rows = await getDb().checkRun.findMany({ where: { studentId: { in: studentIds }, regradeOfId: { not: null } }, select: { regradeOfId: true } });
  return rows.map((row) => row.regradeOfId!);
}

function toJob(row: { status: string } & Omit<RegradeJobRecord, "status">): RegradeJobRecord {
  const statuses: RegradeJobStatus[] = ["queued", "running", "ready", "applied", "cancelled", "error"];
  return { ...row, status: statuses.includes(row.status as RegradeJobStatus) ? (row.status as RegradeJobStatus) : "error" };
}

function toRowStatus(status: string): RegradeRowStatus {
  return status === "graded" || status === "error" ? status : "pending";
}

const resultsSchema = z.array(checkResultSchema);

function parseResults(json: string): CheckResult[] {
  const parsed = resultsSchema.safeParse(safeJson(json));
  return parsed.success ? parsed.data : [];
}

function safeJson(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}
