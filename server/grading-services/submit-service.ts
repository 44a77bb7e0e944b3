/**
 * Submit for grading: a grade that counts. The student controls their own engine (its socket, its
 * binaries), so a Check there is practice only (./check-service.ts). Here the server freezes its
 * own snapshot of the step folder, writes it into a fresh folder the student never touches, starts
 * a fresh engine of its own on it (labelled with the run, reaped like every engine, removed when
 * the run ends), grades there as `npm run grade` does, streams the same check.* messages, and
 * stores a "verified" run: the only kind progress counts.
 */
import { rm } from "node:fs/promises";
import type { ServerMessage } from "../../lib/protocol/messages";
import type { TextRef } from "../../lib/i18n/text-ref";
import { getLessonByStep } from "../lessons/load-lessons";
import { runChecks, runStaticChecks, type GradingReport } from "../grading/run-checks";
import { isStaticKind } from "../grading/kinds/registry";
import type { GradingSandbox } from "../grading/grading-sandbox";
import { unavailableSandbox } from "./unavailable-sandbox";
import { freezeStep, writeFrozenStep, type FrozenStep } from "./frozen-step";
import { chooseFolderForGrading } from "./grading-snapshot";
import { swarmGradingPlan } from "../grading/swarm/swarm-grading-plan";
import { EngineGradingSandbox } from "../sandbox/engine-grading-sandbox";
import { ClusterGradingSandbox } from "../sandbox/cluster-grading-sandbox";
import { SingleEngineSwarmSandbox } from "../sandbox/single-engine-swarm-sandbox";
import type { ClusterProgress, LearnerCluster } from "../sandbox/cluster-manager";
import type { ExtraEngineParams, StartedEngine } from "../sandbox/engine-manager";
import { LEARNER_GID, LEARNER_UID } from "../sandbox/engine-options";
import { LABEL_GRADER_RUN, type SandboxOwner } from "../sandbox/labels";
import { createCheckRun, failCheckRun, failInterruptedRun, finishCheckRun, typicalSubmissionMs } from "../db/repositories";
import { queueWaitSentence } from "./queue-eta";
import { RESUMED_STAGE } from "../ws/check-replay";
import { buildSlotGate } from "./build-slot-gate";
import { hostBuildSlots } from "../sandbox/host-build-slots";
import type { BuildGate } from "../sandbox/build-slots";
import { queueScorePassbacks } from "../lti/score-passback";
import type { Lesson } from "../lessons/load-lessons";
import type { SubmissionArchive } from "./submission-archive";
import { AppError } from "../app-error";
import { getConfig } from "../config";
import type { Logger } from "../logger";

/** What Submit needs of the EngineManager. */
export interface GraderEngines {
  launchExtra(params: ExtraEngineParams): Promise<StartedEngine>;
  removeExtraEngine(name: string): Promise<void>;
  /**
   * A place under the server's engine limit, waited for in the same queue as students' engines
   * (when the manager has one): a grading sandbox is an engine like any other.
   */
  reserveExtra?(key: string, count: number, onQueued?: (message: string, where?: { position: number; limit: number }) => void, signal?: AbortSignal): Promise<{ release(): void }>;
  /** True while the server stops: a submission that could not be graded then is kept for the restart, not failed. */
  stopping?(): boolean;
}

/** How long a submission waits for a free engine before it gives up (the student may Check meanwhile only once it has). */
export const DEFAULT_QUEUE_WAIT_MS = 10 * 60_000;

export interface SubmitOptions {
  /** Owner part of the grading engine's name and labels; the manager's own owner. Default "server". */
  owner?: SandboxOwner;
  /** host:port the student's browser uses for the workbench (steps 7–8 record it in the site they install). */
  browserHost?: string;
  /** Longest wait for a place under the engine limit; default DEFAULT_QUEUE_WAIT_MS. */
  queueWaitMs?: number;
  /**
   * The server's three-node clusters (step 9). When the operator enabled them, a lesson that asks
   * for one is graded on a fresh cluster of the grader's own: it forms the swarm, deploys the
   * student's stack and scales it as the lab asks, then judges. Otherwise (or without them) such
   * a lesson is graded on one fresh engine, in a one-node swarm, and the checks that need three
   * nodes say they are not judged there.
   */
  clusters?: GradingClusters;
  /** Where a submission's files are kept until its grade is stored, so that a restart grades them again. */
  archive?: SubmissionArchive;
}

/** What Submit needs of the ClusterManager. */
export interface GradingClusters {
  readonly enabled: boolean;
  ensureForGrading(key: string, workspaceHostPath: string, onProgress?: ClusterProgress): Promise<LearnerCluster>;
  remove(key: string): Promise<void>;
}

/** Longest wait for a stack's services to start before the swarm checks judge what runs. */
const SWARM_SETTLE_MS = 8 * 60_000;

/** Name of the engine container grading one run (reaped with the manager's engines: same labels). */
export const graderEngineName = (owner: SandboxOwner, runId: string) => `wb-${owner}-grader-${runId}`;

export async function submitForGrading(
  studentId: string,
  step: number,
  engines: GraderEngines,
  emit: (message: ServerMessage) => void,
  log: Logger,
  options: SubmitOptions = {},
): Promise<GradingReport> {
  const lesson = await getLessonByStep(step);
  if (!lesson) throw new AppError("not_found", `There is no step ${step} in this course.`);
  const chosen = await chooseFolderForGrading(studentId, lesson);
  const frozen = await freezeStep(studentId, chosen.folder, chosen.accepted);
  const runId = await createCheckRun({ studentId, step, filesSnapshot: frozen.snapshot.files, mode: "verified" });
  // Kept until the grade is stored: a restart in between grades these very files again (resumeSubmission).
  await options.archive
    ?.save(runId, frozen, { browserHost: options.browserHost })
    .catch((error: unknown) => log.warn("submission not kept for a restart (it is graded now all the same)", { runId, error: String(error) }));
  return gradeFrozenSubmission({ runId, studentId, lesson, frozen }, engines, emit, log, options);
}

/** What a restarted server says of a submission it grades again. */
export const RESUMED_MESSAGE = "The server restarted while your submission was being graded: it is graded again now, from the files you submitted.";

/**
 * Grades again a submission the server was stopped in the middle of (its run still "running"),
 * from the files kept when it was submitted. Without them the run is marked interrupted, as a
 * Check is, and the student submits again. Returns null then.
 */
export async function resumeSubmission(
  run: { id: string; studentId: string; step: number },
  engines: GraderEngines,
  emit: (message: ServerMessage) => void,
  log: Logger,
  options: SubmitOptions & { archive: SubmissionArchive },
): Promise<GradingReport | null> {
  const [kept, lesson] = await Promise.all([options.archive.load(run.id), getLessonByStep(run.step)]);
  if (!kept || !lesson) {
    log.warn("submission cut short by a restart could not be graded again", { runId: run.id, kept: Boolean(kept), lesson: Boolean(lesson) });
    await failInterruptedRun(run.id);
    await options.archive.remove(run.id);
    return null;
  }
  log.info("grading again a submission cut short by a restart", { runId: run.id, studentId: run.studentId, step: run.step });
  return gradeFrozenSubmission({ runId: run.id, studentId: run.studentId, lesson, frozen: kept.frozen, resumed: true }, engines, emit, log, {
    ...options,
    browserHost: options.browserHost ?? kept.browserHost,
  });
}

async function gradeFrozenSubmission(
  submission: { runId: string; studentId: string; lesson: Lesson; frozen: FrozenStep; resumed?: boolean },
  engines: GraderEngines,
  emit: (message: ServerMessage) => void,
  log: Logger,
  options: SubmitOptions,
): Promise<GradingReport> {
  const { runId, studentId, lesson, frozen } = submission;
  const step = lesson.step;
  const checks = lesson.checks.checks;
  emit({
    type: "check.started",
    runId,
    step,
    mode: "verified",
    checks: checks.map((c) => ({ id: c.id, title: c.title, phase: isStaticKind(c.kind) ? "static" : "dynamic" })),
  });
  const progress = (stage: string, message: string, fraction?: number, text?: TextRef) => emit({ type: "check.progress", runId, stage, message, fraction, ...(text ? { text } : {}) });
  if (submission.resumed) progress(RESUMED_STAGE, RESUMED_MESSAGE);
  const runLog = log.child({ runId, step, mode: "verified" });
  let buildLog = "";
  let leftForRestart = false;
  try {
    const report = await gradeInFreshSandbox(
      {
        key: runId,
        studentId,
        lesson,
        frozen,
        progress,
        onLog: (text) => {
          buildLog += text;
          emit({ type: "check.log", runId, text });
        },
        onResult: (result) => emit({ type: "check.result", runId, result }),
      },
      engines,
      runLog,
      options,
    );
    // The stored duration is the whole submission's, the sandbox's start included.
    await finishCheckRun(runId, { score: report.score, passed: report.passed, results: report.results, buildLog: report.buildLog });
    // The LMS of the student's LTI-bound classes gets the score (recorded here, sent and retried in the background; never throws).
    await queueScorePassbacks({ runId, studentId, step, results: report.results });
    runLog.info("verified grade finished", { score: report.score, passed: report.passed, checksMs: report.durationMs });
    emit({ type: "check.finished", runId, step, mode: "verified", score: report.score, passed: report.passed, results: report.results });
    return report;
  } catch (error) {
    if (engines.stopping?.()) {
      // The server stops under it: the run stays open and its files kept, so the restart grades it (resumeSubmission).
      leftForRestart = true;
      runLog.info("submission left for the restart: the server is stopping", { error: String(error) });
      throw error instanceof AppError ? error : new AppError("engine_unavailable", "The workbench is stopping: your submission is graded when it is back.", { cause: error });
    }
    const message = error instanceof AppError ? error.userMessage : "Your submission could not be graded because of a problem on our side. Your files are safe: submit again.";
    runLog.error("verified grade failed", { error: String(error) });
    await failCheckRun(runId, message, buildLog).catch(() => undefined);
    throw error instanceof AppError ? error : new AppError("internal", message, { cause: error });
  } finally {
    // Reached only by a grade stored or failed: a process that dies (or stops first) never gets here, so its files stay for the restart.
    if (!leftForRestart) await options.archive?.remove(runId).catch((error: unknown) => runLog.warn("kept submission not removed", { error: String(error) }));
  }
}

/** One grading of frozen files in a fresh sandbox of the server's: what Submit and a teacher's re-grade share. */
export interface FreshSandboxGrading {
  /** Names the grading engine (or cluster) and its place in the engine queue: a run id, or a re-grade row's. */
  key: string;
  /** Whose files these are (the engine's student label). */
  studentId: string;
  lesson: Lesson;
  frozen: FrozenStep;
  /** `text`, when given, is the message as a catalog TextRef (the grader's lines); the others' is recognised as they are sent. */
  progress: (stage: string, message: string, fraction?: number, text?: TextRef) => void;
  onLog?: (text: string) => void;
  onResult?: (result: GradingReport["results"][number]) => void;
}

/**
 * Grades frozen files with the lesson's checks: static checks from the files; when a check needs an
 * engine, in a fresh engine (or cluster) of the server's, started under the engine limit after
 * waiting in the same queue as students' engines, and removed at the end, whatever happens. A step
 * whose checks are all static, or whose folder is missing, needs no engine. Stores nothing.
 */
export async function gradeInFreshSandbox(grading: FreshSandboxGrading, engines: GraderEngines, runLog: Logger, options: SubmitOptions = {}): Promise<GradingReport> {
  const { key, studentId, lesson, frozen, progress } = grading;
  const step = lesson.step;
  const checks = lesson.checks.checks;
  let workspace: string | undefined;
  let engineName: string | undefined;
  let engine: StartedEngine | undefined;
  let place: { release(): void } | undefined;
  let clusterKey: string | undefined;
  const onLog = (text: string) => grading.onLog?.(text);
  // Its builds wait for a build slot of the machine they run on, as the students' Checks do (one per student at a time),
  // whatever the sandbox: one engine, a one-node swarm, node1 of a grading cluster.
  const gate = buildSlotGate({ slots: hostBuildSlots(), holder: studentId, waitMs: getConfig().CHECK_BUILD_SLOT_WAIT_SECONDS * 1000, progress });
  const startGradingEngine = async (copy: string): Promise<GradingSandbox> => {
    // How long gradings of this step took lately: the queue's estimate of the wait, if there is one.
    const typicalMs = engines.reserveExtra ? await typicalSubmissionMs(step).catch(() => null) : null;
    place = await waitForPlace(engines, key, options.queueWaitMs ?? DEFAULT_QUEUE_WAIT_MS, (where) =>
      progress(
        "queue",
        where
          ? `Every Docker engine of this server is in use: your submission is number ${where.position} in the queue. It is graded as soon as one is free.${queueWaitSentence(where.position, where.limit, typicalMs)}`
          : "Waiting for a free Docker engine to grade your submission…",
      ),
    );
    progress("sandbox", "Starting a fresh grading sandbox (a Docker engine of the server's, not yours)…");
    engineName = graderEngineName(options.owner ?? "server", key);
    engine = await engines.launchExtra({ name: engineName, studentLabel: studentId, workspaceHostPath: copy, labels: { [LABEL_GRADER_RUN]: key } }).catch((error: unknown) => {
      // launchExtra's message speaks of the student's own engine; this one is the server's.
      throw new AppError("engine_unavailable", "The grading sandbox could not be started. Your files are safe: submit again in a moment; if it persists, tell your teacher.", { cause: error });
    });
    runLog.info("grading sandbox ready", { engine: engineName, readyMs: engine.readyMs });
    const started = { ...engine, studentId, fromPool: false };
    // Step 9 without clusters: a one-node swarm in this engine.
    return lesson.cluster ? new SingleEngineSwarmSandbox(started, copy, gate) : new EngineGradingSandbox(started, copy, gate);
  };
  try {
    let sandbox: GradingSandbox;
    const folderCheck = checks.find((c) => c.kind === "folder");
    const folderFails = !frozen.found || (folderCheck && runStaticChecks(lesson.checks, frozen.snapshot).find((r) => r.id === folderCheck.id)?.status !== "pass");
    if (folderFails || checks.every((c) => isStaticKind(c.kind))) {
      sandbox = unavailableSandbox(); // nothing to build, or nothing judged in an engine: no dynamic check runs there
    } else {
      progress("sandbox", "Copying your files into a fresh grading sandbox…");
      workspace = await writeFrozenStep(frozen, { uid: LEARNER_UID, gid: LEARNER_GID });
      sandbox =
        lesson.cluster && options.clusters?.enabled ? await startGradingCluster(options.clusters, (clusterKey = `grader-${key}`), workspace, progress, gate) : await startGradingEngine(workspace);
      const plan = swarmGradingPlan(lesson.checks, frozen.snapshot);
      if (plan && sandbox.prepareSwarm) {
        await sandbox.prepareSwarm({
          folder: frozen.folder,
          plan,
          timeoutMs: Math.min(SWARM_SETTLE_MS, getConfig().BUILD_TIMEOUT_SECONDS * 1000),
          onLog,
          onProgress: (message) => progress("swarm", message),
        });
      }
    }
    return await runChecks(
      lesson.checks,
      frozen.snapshot,
      sandbox,
      { onProgress: progress, onLog, onResult: (result) => grading.onResult?.(result) },
      { buildTimeoutMs: getConfig().BUILD_TIMEOUT_SECONDS * 1000, siteHost: options.browserHost },
    );
  } finally {
    engine?.close();
    if (engineName) {
      const name = engineName;
      await engines.removeExtraEngine(name).catch((error: unknown) => runLog.error("grading sandbox not removed (the reaper will)", { engine: name, error: String(error) }));
    }
    place?.release();
    if (clusterKey) {
      const cluster = clusterKey;
      await options.clusters?.remove(cluster).catch((error: unknown) => runLog.error("grading cluster not removed (the reaper will)", { cluster, error: String(error) }));
    }
    if (workspace) await rm(workspace, { recursive: true, force: true }).catch((error: unknown) => runLog.warn("grading copy not removed", { error: String(error) }));
  }
}

/** A place under the engine limit for the grading engine (none to wait for when the manager has no limit). */
async function waitForPlace(engines: GraderEngines, key: string, waitMs: number, onQueued: (where?: { position: number; limit: number }) => void): Promise<{ release(): void } | undefined> {
  if (!engines.reserveExtra) return undefined;
  const minutes = Math.max(1, Math.round(waitMs / 60_000));
  const giveUp = new AbortController();
  const timer = setTimeout(
    () =>
      giveUp.abort(
        new AppError(
          "engine_unavailable",
          minutes === 1
            ? "No Docker engine became free to grade your submission within 1 minute: every engine of this server is in use. Your files are safe: submit again later."
            : `No Docker engine became free to grade your submission within ${minutes} minutes: every engine of this server is in use. Your files are safe: submit again later.`,
        ),
      ),
    waitMs,
  );
  try {
    return await engines.reserveExtra(`grader-${key}`, 1, (_message, where) => onQueued(where), giveUp.signal);
  } finally {
    clearTimeout(timer);
  }
}

/** A fresh three-node cluster of the grader's, node1 holding the frozen copy of the step. */
async function startGradingCluster(clusters: GradingClusters, key: string, workspace: string, progress: (stage: string, message: string) => void, gate: BuildGate): Promise<GradingSandbox> {
  progress("sandbox", "Starting a fresh three-node cluster of the server's to grade your stack on (not yours: yours stays as it is)…");
  const cluster = await clusters
    .ensureForGrading(key, workspace, (message) => progress("sandbox", message))
    .catch((error: unknown) => {
      if (error instanceof AppError && error.code === "engine_unavailable") {
        throw new AppError(
          "engine_unavailable",
          "The three-node cluster to grade your stack on could not be started. Your files are safe: submit again in a moment; if it persists, tell your teacher.",
          { cause: error },
        );
      }
      throw error;
    });
  return new ClusterGradingSandbox(cluster, workspace, gate);
}
