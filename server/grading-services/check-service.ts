/**
 * One student's Check: snapshot the files, record the run, grade in the student's engine,
 * stream progress, store the outcome. The verdict is computed here, but in an engine the student
 * controls: it is stored as a "practice" run, feedback that never counts (Submit, in
 * ./submit-service.ts, grades in a sandbox the server owns).
 */
import type { ServerMessage } from "../../lib/protocol/messages";
import { getLessonByStep } from "../lessons/load-lessons";
import { runChecks, type GradingReport } from "../grading/run-checks";
import { isStaticKind } from "../grading/kinds/registry";
import { EngineGradingSandbox } from "../sandbox/engine-grading-sandbox";
import type { EngineManager } from "../sandbox/engine-manager";
import type { ClusterManager } from "../sandbox/cluster-manager";
import { ClusterGradingSandbox } from "../sandbox/cluster-grading-sandbox";
import { SingleEngineSwarmSandbox } from "../sandbox/single-engine-swarm-sandbox";
import { createCheckRun, failCheckRun, finishCheckRun } from "../db/repositories";
import { workspaceRoot } from "../workspace";
import { snapshotForGrading } from "./grading-snapshot";
import { AppError } from "../app-error";
import { getConfig } from "../config";
import { CappedStorage } from "../sandbox/capped-storage";
import { hostBuildSlots } from "../sandbox/host-build-slots";
import { buildSlotGate } from "./build-slot-gate";
import type { BuildGate } from "../sandbox/build-slots";
import type { Logger } from "../logger";

export async function runCheckForStudent(
  studentId: string,
  step: number,
  engines: EngineManager,
  emit: (message: ServerMessage) => void,
  log: Logger,
  /** Step 9: lessons whose front matter asks for a cluster are graded on it (when enabled). */
  clusters?: ClusterManager,
  /** host:port the student's browser uses for the workbench: a site the grader installs records it (steps 7–8). */
  browserHost?: string,
  /** Aborts when nobody follows the Check any more (every page closed): a build waiting for a slot leaves the queue. */
  signal?: AbortSignal,
): Promise<GradingReport> {
  const lesson = await getLessonByStep(step);
  if (!lesson) throw new AppError("not_found", `There is no step ${step} in this course.`);
  const workspace = await snapshotForGrading(studentId, lesson);
  const runId = await createCheckRun({ studentId, step, filesSnapshot: workspace.files, mode: "practice" });
  const checks = lesson.checks.checks;
  emit({
    type: "check.started",
    runId,
    step,
    mode: "practice",
    checks: checks.map((c) => ({ id: c.id, title: c.title, phase: isStaticKind(c.kind) ? "static" : "dynamic" })),
  });
  let buildLog = "";
  try {
    emit({ type: "check.progress", runId, stage: "engine", message: "Waiting for your Docker engine…" });
    // Every build of the Check (a build check, compose `up --build`, a script that builds), whatever
    // the sandbox (one engine, a one-node swarm, node1 of a cluster), waits for a build slot of its
    // machine, told as its own stage ("queue").
    const gate = buildSlotGate({
      slots: hostBuildSlots(),
      holder: studentId,
      waitMs: getConfig().CHECK_BUILD_SLOT_WAIT_SECONDS * 1000,
      signal,
      progress: (stage, message, fraction, text) => emit({ type: "check.progress", runId, stage, message, fraction, ...(text ? { text } : {}) }),
    });
    const sandbox =
      lesson.cluster && clusters?.enabled
        ? await clusterSandbox(studentId, clusters, (message) => emit({ type: "check.progress", runId, stage: "engine", message }), gate)
        : lesson.cluster
          ? new SingleEngineSwarmSandbox(await engines.ensure(studentId), workspaceRoot(studentId), gate) // no clusters here: the student's one-node swarm
          : new EngineGradingSandbox(await engines.ensure(studentId), workspaceRoot(studentId), gate);
    const report = await runChecks(
      lesson.checks,
      workspace,
      sandbox,
      {
        onProgress: (stage, message, fraction, text) => emit({ type: "check.progress", runId, stage, message, fraction, ...(text ? { text } : {}) }),
        onLog: (text) => {
          buildLog += text;
          emit({ type: "check.log", runId, text });
        },
        onResult: (result) => emit({ type: "check.result", runId, result }),
      },
      { buildTimeoutMs: getConfig().BUILD_TIMEOUT_SECONDS * 1000, siteHost: browserHost, disks: CappedStorage.active()?.limits },
    );
    await finishCheckRun(runId, {
      score: report.score,
      passed: report.passed,
      results: report.results,
      buildLog: report.buildLog,
      durationMs: report.durationMs,
    });
    log.info("check finished", { runId, step, score: report.score, passed: report.passed, durationMs: report.durationMs });
    emit({ type: "check.finished", runId, step, mode: "practice", score: report.score, passed: report.passed, results: report.results });
    return report;
  } catch (error) {
    const message = error instanceof AppError ? error.userMessage : "The check could not finish because of a problem on our side.";
    log.error("check failed", { runId, step, error: String(error) });
    await failCheckRun(runId, message, buildLog).catch(() => undefined);
    throw error instanceof AppError ? error : new AppError("internal", message, { cause: error });
  }
}

async function clusterSandbox(studentId: string, clusters: ClusterManager, progress: (message: string) => void, gate: BuildGate): Promise<ClusterGradingSandbox> {
  progress("Waiting for your three-node cluster…");
  const cluster = await clusters.ensure(studentId, progress);
  return new ClusterGradingSandbox(cluster, workspaceRoot(studentId), gate);
}
