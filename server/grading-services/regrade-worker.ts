/**
 * The server's worker for teachers' re-grades (server/identity/class-regrades.ts queues them; the
 * route code cannot grade, it holds no engines). One job at a time, one student at a time: each
 * stored submission is written from its run's files into a fresh sandbox of the server's and graded
 * with the step's current checks by gradeInFreshSandbox, as Submit grades, waiting in the same
 * engine queue, so a re-grade of a large class takes one engine place and never starves students.
 * Nothing a student sees changes until the teacher applies the preview.
 */
import { getLessonByStep } from "../lessons/load-lessons";
import { stepFolderNames } from "../grading/judges/step-folder";
import { claimQueuedRegradeJob, finishRegradeJob, getRunFiles, listRegradeRows, saveRegradeRow, setRegradeProgress, type RegradeJobRecord } from "../db/repositories/regrades";
import { frozenStepFromSnapshot } from "./frozen-step";
import { gradeInFreshSandbox, type GraderEngines, type SubmitOptions } from "./submit-service";
import { checksFingerprint } from "./regrade-diff";
import { AppError } from "../app-error";
import type { Logger } from "../logger";

export const CHECKS_CHANGED_DURING_PREVIEW = "The step's checks changed while this preview was being prepared: start a new preview.";

export interface RegradeWorkerDeps {
  engines: GraderEngines;
  log: Logger;
  options?: SubmitOptions;
}

/**
 * Grades the job's rows still pending (a job a restart cut short keeps those already graded), then
 * marks it ready. Stops after the current row when the teacher cancelled it. A row whose grading
 * fails gets its error (shown to the teacher) and the job goes on.
 */
export async function runRegradeJob(job: RegradeJobRecord, deps: RegradeWorkerDeps): Promise<void> {
  const log = deps.log.child({ regradeJob: job.id, classId: job.classId, step: job.step });
  const lesson = await getLessonByStep(job.step);
  if (!lesson) {
    await finishRegradeJob(job.id, { status: "error", errorMessage: `There is no step ${job.step} in the course any more.` });
    return;
  }
  if (checksFingerprint(lesson.checks) !== job.checksFingerprint) {
    await finishRegradeJob(job.id, { status: "error", errorMessage: CHECKS_CHANGED_DURING_PREVIEW });
    return;
  }
  const rows = await listRegradeRows(job.id);
  let done = rows.filter((row) => row.status !== "pending").length;
  log.info("re-grade started", { rows: rows.length, alreadyGraded: done });
  for (const row of rows) {
    if (row.status !== "pending") continue;
    if (!(await setRegradeProgress(job.id, done, row.studentName))) {
      log.info("re-grade stopped: cancelled", { done });
      return;
    }
    const started = Date.now();
    let buildLog = "";
    try {
      const files = await getRunFiles(row.old.runId);
      if (!files) throw new AppError("not_found", "The submission to grade again no longer exists.");
      const report = await gradeInFreshSandbox(
        {
          key: `regrade-${row.id}`,
          studentId: row.studentId,
          lesson,
          frozen: frozenStepFromSnapshot(files, stepFolderNames(lesson.checks)),
          progress: () => undefined,
          onLog: (text) => (buildLog += text),
        },
        deps.engines,
        log.child({ regradeRow: row.id, studentId: row.studentId }),
        deps.options,
      );
      await saveRegradeRow(row.id, { score: report.score, passed: report.passed, results: report.results, buildLog: report.buildLog, durationMs: Date.now() - started });
    } catch (error) {
      const message = error instanceof AppError ? error.userMessage : "This submission could not be graded again because of a problem on the server (see its log).";
      log.warn("re-grade of one submission failed", { regradeRow: row.id, studentId: row.studentId, error: String(error) });
      await saveRegradeRow(row.id, { errorMessage: message, buildLog, durationMs: Date.now() - started });
    }
    done++;
  }
  await setRegradeProgress(job.id, done, null);
  await finishRegradeJob(job.id, { status: "ready" });
  log.info("re-grade preview ready", { rows: rows.length });
}

/** How often the worker looks for a queued job (the route writes it to the database). */
export const REGRADE_POLL_MS = 2_000;

/** Takes queued jobs, one at a time, until stopped. */
export function startRegradeWorker(deps: RegradeWorkerDeps, pollMs = REGRADE_POLL_MS): { stop(): Promise<void> } {
  let busy: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (busy || stopped) return;
    busy = (async () => {
      for (let job = await claimQueuedRegradeJob(); job && !stopped; job = await claimQueuedRegradeJob()) {
        const claimed = job;
        await runRegradeJob(claimed, deps).catch(async (error: unknown) => {
          deps.log.error("re-grade job failed", { regradeJob: claimed.id, error: String(error) });
          await finishRegradeJob(claimed.id, { status: "error", errorMessage: "The re-grade stopped because of a problem on the server: start it again." }).catch(() => undefined);
        });
      }
    })()
      .catch((error: unknown) => deps.log.warn("could not look for queued re-grades", { error: String(error) }))
      .finally(() => {
        busy = null;
      });
  };
  const timer = setInterval(tick, pollMs);
  timer.unref();
  tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await busy;
    },
  };
}
