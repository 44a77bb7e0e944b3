/**
 * Check runs: one per press of "Check" or "Submit for grading" on a step. Created "running" with
 * the files it grades, then finished (score, results, build log) or failed (our fault or the
 * infrastructure's; a learner's failing checks are a finished run with passed = false).
 *
 * A run the server was stopped in the middle of (killed, crashed) is marked "interrupted" at the
 * next start: the student is told so and presses Check again.
 *
 * A run's mode says where it was graded: "practice" in the student's own engine (which the student
 * controls, so its verdict is feedback only), "verified" in a fresh sandbox the server owns. Only
 * verified runs count towards progress (passed, best score).
 */
import { z } from "zod";
import { checkResultSchema, type CheckResult } from "@/lib/protocol/messages";
import { getConfig } from "../../config";
import { capLog } from "../cap-log";
import { getDb } from "../client";
import { isDatabaseUnavailable } from "../database-unavailable";
import { listRegradedRunIds } from "./regrades";

/** CheckRun.status (a String column: "interrupted" needs no migration). */
export type CheckRunStatus = "running" | "finished" | "error" | "interrupted";

/** What a run cut short by a server restart says (stored with it, and sent to the student's pages). */
export const INTERRUPTED_BY_RESTART_MESSAGE = "This check was interrupted by a server restart, so it has no result. Press Check again.";
/** Where a run was graded: see the file comment. */
export type CheckRunMode = "practice" | "verified";

export interface CheckRunSummary {
  id: string;
  studentId: string;
  step: number;
  status: CheckRunStatus;
  mode: CheckRunMode;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
  score: number | null;
  passed: boolean | null;
  results: CheckResult[];
  errorMessage: string | null;
}

export interface CheckRunRecord extends CheckRunSummary {
  /** {path relative to the workspace: content} of the text files graded. */
  filesSnapshot: Record<string, string>;
  buildLog: string;
}

export interface StepProgress {
  step: number;
  /** Best score of any finished verified run, 0–100 (as run-checks scores); null when no verified run finished. */
  bestScore: number | null;
  /** True once a verified run of this step passed (a practice Check never counts). */
  passed: boolean;
  /** Runs of either mode. */
  attempts: number;
  lastCheckAt: Date;
}

const summaryFields = {
  id: true,
  studentId: true,
  step: true,
  status: true,
  mode: true,
  startedAt: true,
  finishedAt: true,
  durationMs: true,
  score: true,
  passed: true,
  results: true,
  errorMessage: true,
} as const;

export async function createCheckRun(input: {
  studentId: string;
  step: number;
  filesSnapshot: Record<string, string>;
  /** Default "practice". */
  mode?: CheckRunMode;
}): Promise<string> {
  const row = await getDb().checkRun.create({
    data: {
      studentId: input.studentId,
      step: input.step,
      status: "running",
      mode: input.mode ?? "practice",
      filesSnapshot: JSON.stringify(input.filesSnapshot),
    },
    select: { id: true },
  });
  return row.id;
}

/**
 * Records the outcome of a run that is still "running". Returns false (and changes nothing) when
 * it was already finished or failed, e.g. marked interrupted. durationMs defaults to now − start.
 */
export async function finishCheckRun(id: string, outcome: { score: number; passed: boolean; results: CheckResult[]; buildLog: string; durationMs?: number }): Promise<boolean> {
  return retryWhileUnavailable(async () => {
    const finishedAt = new Date();
    const durationMs = outcome.durationMs ?? (await elapsedSinceStart(id, finishedAt));
    const { count } = await getDb().checkRun.updateMany({
      where: { id, status: "running" },
      data: {
        status: "finished",
        finishedAt,
        durationMs: Math.round(durationMs),
        score: outcome.score,
        passed: outcome.passed,
        results: JSON.stringify(outcome.results),
        buildLog: capLog(outcome.buildLog, getConfig().BUILD_LOG_MAX_BYTES),
      },
    });
    return count === 1;
  });
}

/** Marks a running run as failed on our side. `message` must be safe to show the student. */
export async function failCheckRun(id: string, message: string, buildLog = ""): Promise<boolean> {
  return retryWhileUnavailable(async () => {
    const finishedAt = new Date();
    const durationMs = await elapsedSinceStart(id, finishedAt);
    const { count } = await getDb().checkRun.updateMany({
      where: { id, status: "running" },
      data: {
        status: "error",
        finishedAt,
        durationMs,
        errorMessage: message,
        buildLog: capLog(buildLog, getConfig().BUILD_LOG_MAX_BYTES),
      },
    });
    return count === 1;
  });
}

/**
 * At start-up: runs left "running" by a previous process can never finish; they become
 * "interrupted". Returns how many.
 */
export async function failInterruptedCheckRuns(message = INTERRUPTED_BY_RESTART_MESSAGE, options: { except?: string[] } = {}): Promise<number> {
  const except = options.except ?? [];
  const { count } = await getDb().checkRun.updateMany({
    where: { status: "running", ...(except.length > 0 && { id: { notIn: except } }) },
    data: { status: "interrupted", finishedAt: new Date(), errorMessage: message },
  });
  return count;
}

/** One run left "running" that cannot be resumed: interrupted, as failInterruptedCheckRuns does. */
export async function failInterruptedRun(id: string, message = INTERRUPTED_BY_RESTART_MESSAGE): Promise<boolean> {
  const { count } = await getDb().checkRun.updateMany({ where: { id, status: "running" }, data: { status: "interrupted", finishedAt: new Date(), errorMessage: message } });
  return count === 1;
}

/** Submissions (verified runs) still "running", oldest first: at start-up, those a previous process left. */
export async function listRunningSubmissions(): Promise<{ id: string; studentId: string; step: number }[]> {
  const verified: CheckRunMode = "verified";
  return getDb().checkRun.findMany({
    where: { status: "running", mode: verified },
    orderBy: [{ startedAt: "asc" }, { id: "asc" }],
    select: { id: true, studentId: true, step: true },
  });
}

/** How long a submission of this step took lately (median of the last `sample` graded ones), or null without any. */
export async function typicalSubmissionMs(step: number, sample = 20): Promise<number | null> {
  const verified: CheckRunMode = "verified";
  const rows = await getDb().checkRun.findMany({
    where: { step, mode: verified, status: "finished", durationMs: { not: null } },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: sample,
    select: { durationMs: true },
  });
  const durations = rows.map((row) => row.durationMs!).sort((a, b) => a - b);
  if (durations.length === 0) return null;
  const middle = Math.floor(durations.length / 2);
  return durations.length % 2 ? durations[middle]! : (durations[middle - 1]! + durations[middle]!) / 2;
}

/**
 * The student's interrupted runs that are still the latest run of their step (a newer run of the
 * step, of either mode, supersedes the notice): what their pages are told when they connect.
 */
export async function listUnresolvedInterruptedRuns(studentId: string): Promise<CheckRunSummary[]> {
  const db = getDb();
  const interrupted = await db.checkRun.findMany({
    where: { studentId, status: "interrupted" },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: 20,
    select: summaryFields,
  });
  const latestPerStep = new Map<number, (typeof interrupted)[number]>();
  for (const run of interrupted) if (!latestPerStep.has(run.step)) latestPerStep.set(run.step, run);
  const unresolved: CheckRunSummary[] = [];
  for (const run of latestPerStep.values()) {
    const newer = await db.checkRun.count({ where: { studentId, step: run.step, startedAt: { gt: run.startedAt } } });
    if (newer === 0) unresolved.push(toSummary(run));
  }
  return unresolved.sort((a, b) => a.step - b.step);
}

export async function getCheckRun(id: string): Promise<CheckRunRecord | null> {
  const row = await getDb().checkRun.findUnique({ where: { id } });
  return row && toRecord(row);
}

/** The student's latest run of a step (any status), with its files and build log. */
export async function getLastCheckRun(studentId: string, step: number): Promise<CheckRunRecord | null> {
  const row = await getDb().checkRun.findFirst({ where: { studentId, step }, orderBy: [{ startedAt: "desc" }, { id: "desc" }] });
  return row && toRecord(row);
}

/**
 * The student's latest run of a step that has a result (status finished), with its files and
 * build log: what the page shows as "your last check", also while a newer run is still going.
 */
export async function getLastFinishedCheckRun(studentId: string, step: number): Promise<CheckRunRecord | null> {
  const row = await getDb().checkRun.findFirst({ where: { studentId, step, status: "finished" }, orderBy: [{ startedAt: "desc" }, { id: "desc" }] });
  return row && toRecord(row);
}

/** The latest runs of a step, newest first, without files and build logs. */
export async function listCheckRuns(studentId: string, step: number, limit = 20): Promise<CheckRunSummary[]> {
  const rows = await getDb().checkRun.findMany({
    where: { studentId, step },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: Math.min(Math.max(Math.trunc(limit), 1), 200),
    select: summaryFields,
  });
  return rows.map(toSummary);
}

/**
 * Every finished run of one step by any of these students (either mode), oldest first: what a
 * class's failure analytics read (a run a re-grade replaced left out for its re-grade). At most
 * `limit` runs, the most recent ones.
 */
export async function listFinishedStepRuns(studentIds: string[], step: number, limit = 20_000): Promise<CheckRunSummary[]> {
  if (studentIds.length === 0) return [];
  const finished: CheckRunStatus = "finished";
  // A run a teacher's re-grade replaced counts once, as its re-grade (same start time).
  const replaced = await listRegradedRunIds(studentIds);
  const rows = await getDb().checkRun.findMany({
    where: { studentId: { in: studentIds }, step, status: finished, ...(replaced.length > 0 && { id: { notIn: replaced } }) },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: limit,
    select: summaryFields,
  });
  return rows.map(toSummary).reverse();
}

/**
 * Per step the student has checked: best verified score, whether a verified run passed (runs a
 * re-grade replaced left out), attempts (either mode), last check (either mode).
 */
export async function getProgress(studentId: string): Promise<StepProgress[]> {
  const db = getDb();
  const verified: CheckRunMode = "verified";
  // A run a teacher's re-grade replaced is history: its re-grade is the grade (regrades.ts).
  const replaced = await listRegradedRunIds([studentId]);
  const current = replaced.length > 0 ? { id: { notIn: replaced } } : {};
  const [all, graded, passedSteps] = await Promise.all([
    db.checkRun.groupBy({
      by: ["step"],
      // A teacher's re-grade is no attempt of the student's.
      where: { studentId, regradeOfId: null },
      _max: { startedAt: true },
      _count: { _all: true },
    }),
    db.checkRun.groupBy({ by: ["step"], where: { studentId, mode: verified, ...current }, _max: { score: true } }),
    db.checkRun.groupBy({ by: ["step"], where: { studentId, mode: verified, passed: true, ...current } }),
  ]);
  const best = new Map(graded.map((row) => [row.step, row._max.score ?? null]));
  const passed = new Set(passedSteps.map((row) => row.step));
  return all
    .map((row) => ({
      step: row.step,
      bestScore: best.get(row.step) ?? null,
      passed: passed.has(row.step),
      attempts: row._count._all,
      lastCheckAt: row._max.startedAt!,
    }))
    .sort((a, b) => a.step - b.step);
}

async function elapsedSinceStart(id: string, now: Date): Promise<number> {
  const row = await getDb().checkRun.findUnique({ where: { id }, select: { startedAt: true } });
  return row ? Math.max(0, now.getTime() - row.startedAt.getTime()) : 0;
}

type SummaryRow = { [K in keyof typeof summaryFields]: K extends "status" | "mode" | "results" ? string : CheckRunSummary[K] };

function toSummary(row: SummaryRow): CheckRunSummary {
  return { ...row, status: toStatus(row.status), mode: toMode(row.mode), results: parseResults(row.results) };
}

function toRecord(row: SummaryRow & { filesSnapshot: string; buildLog: string }): CheckRunRecord {
  return { ...toSummary(row), filesSnapshot: parseSnapshot(row.filesSnapshot), buildLog: row.buildLog };
}

/** Anything but "verified" is practice: a grade is never assumed. */
function toMode(mode: string): CheckRunMode {
  return mode === "verified" ? "verified" : "practice";
}

function toStatus(status: string): CheckRunStatus {
  return status === "finished" || status === "error" || status === "interrupted" ? status : "running";
}

/**
 * How long the outcome of a run is retried while the database is unavailable (locked for a
 * moment, restarting): a run that graded must not stay "running" with no result for a blip.
 */
export const OUTCOME_RETRY_MS = 30_000;

async function retryWhileUnavailable<T>(write: () => Promise<T>, windowMs = OUTCOME_RETRY_MS): Promise<T> {
  const deadline = Date.now() + windowMs;
  for (let delay = 250; ; delay = Math.min(delay * 2, 4_000)) {
    try {
      return await write();
    } catch (error) {
      if (!isDatabaseUnavailable(error) || Date.now() + delay > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

const resultsSchema = z.array(checkResultSchema);
const snapshotSchema = z.record(z.string(), z.string());

function parseResults(json: string): CheckResult[] {
  const parsed = resultsSchema.safeParse(safeJson(json));
  return parsed.success ? parsed.data : [];
}

function parseSnapshot(json: string): Record<string, string> {
  const parsed = snapshotSchema.safeParse(safeJson(json));
  return parsed.success ? parsed.data : {};
}

function safeJson(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}
