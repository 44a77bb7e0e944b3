/**
 * A learner engine owned by "test" (like lessons/01-dirty-dockerfile/step1.int.test.ts) with a
 * temporary workspace, and step 1's grading in it with per-stage timing. The engine gets the
 * production limits (ENGINE_MEMORY_MB / ENGINE_PIDS / ENGINE_CPUS from the environment, else the
 * defaults), so figures are what a student's engine does. Removed by the cleanup registry.
 */
import { chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { parseEnv } from "../../server/config";
import { createLogger } from "../../server/logger";
import { loadLesson, type Lesson } from "../../server/lessons/load-lessons";
import { runChecks, type GradingReport } from "../../server/grading/run-checks";
import { EngineManager, type LearnerEngine } from "../../server/sandbox/engine-manager";
import { EngineGradingSandbox } from "../../server/sandbox/engine-grading-sandbox";
import { LEARNER_UID } from "../../server/sandbox/engine-options";
import { readWorkspaceFromDisk, type SnapshotOptions } from "../../server/workspace";
import type { GradingSandbox } from "../../server/grading/grading-sandbox";
import { REPO_ROOT } from "../../e2e/support/workbench-server";
import { log, now, onCleanup } from "./common";

export const STEP1_DIR = path.join(REPO_ROOT, "lessons/01-dirty-dockerfile");
export const STEP1_FOLDER = "1_worpress_multiservice_dirty";
export const step1Solution = () => readFileSync(path.join(STEP1_DIR, "solution", STEP1_FOLDER, "Dockerfile"), "utf8");

export interface EngineLimits {
  memoryBytes: number;
  pidsLimit: number;
  nanoCpus: number;
}

/** The limits the server gives each engine (same variables, same defaults). */
export function productionEngineLimits(): EngineLimits {
  const config = parseEnv(process.env);
  return {
    memoryBytes: config.ENGINE_MEMORY_MB * 1024 * 1024,
    pidsLimit: config.ENGINE_PIDS,
    nanoCpus: Math.round(config.ENGINE_CPUS * 1e9),
  };
}

export const describeLimits = (l: EngineLimits) => `${(l.memoryBytes / 1024 ** 3).toFixed(1)} GiB, ${l.pidsLimit} pids, ${(l.nanoCpus / 1e9).toFixed(1)} CPU`;

export interface TestEngine {
  engine: LearnerEngine;
  workspace: string;
  studentId: string;
  /** Host-measured time from ensure() to ready. */
  startMs: number;
  remove: () => Promise<void>;
}

/** Starts one engine owned by "test" with a fresh workspace; removed (with its volume) on cleanup. */
export async function startTestEngine(purpose: string, limits = productionEngineLimits()): Promise<TestEngine> {
  const workspace = mkdtempSync(path.join(os.tmpdir(), `wb-bench-${purpose}-`));
  chownSync(workspace, LEARNER_UID, LEARNER_UID);
  const studentId = `bench${purpose.replace(/[^a-z0-9]/g, "")}${randomBytes(4).toString("hex")}`;
  const engines = new EngineManager({
    owner: "test",
    log: createLogger({ level: "warn", write: (l) => void process.stderr.write(`${l}\n`) }),
    workspaceHostPath: async () => workspace,
    idleMs: 3_600_000,
    ...limits,
    instanceId: `bench-${purpose}`,
  });
  const remove = onCleanup(`engine ${studentId}`, async () => {
    await engines.remove(studentId);
    rmSync(workspace, { recursive: true, force: true });
  });
  const began = now();
  const engine = await engines.ensure(studentId);
  const startMs = now() - began;
  log(`engine ${engine.containerName} ready in ${(startMs / 1000).toFixed(1)} s (${describeLimits(limits)})`);
  return { engine, workspace, studentId, startMs, remove };
}

let lesson: Lesson | undefined;
export async function step1Lesson(): Promise<Lesson> {
  lesson ??= await loadLesson(STEP1_DIR);
  return lesson;
}

/** Time spent in each progress stage, in order of first appearance. */
export type StageTimes = Map<string, number>;

/**
 * Follows onProgress: each stage lasts from its first message until a message of another stage.
 * The sandbox's build sub-progress reports as "build" too, so it stays in one stage.
 */
export class StageClock {
  readonly times: StageTimes = new Map();
  private current: { stage: string; since: number } | undefined;

  progress(stage: string, at = now()): void {
    if (this.current?.stage === stage) return;
    this.close(at);
    this.current = { stage, since: at };
  }

  close(at = now()): void {
    if (!this.current) return;
    this.times.set(this.current.stage, (this.times.get(this.current.stage) ?? 0) + (at - this.current.since));
    this.current = undefined;
  }
}

/**
 * Check kinds grouped as the figures are reported: build, run (the container), probes, and the
 * queue: a build's wait for a build slot (and a Submit's for an engine) is its own "queue" stage,
 * so `build` is the build alone.
 */
export function groupStages(times: StageTimes): { build: number; queue: number; run: number; probes: number; other: number } {
  const out = { build: 0, queue: 0, run: 0, probes: 0, other: 0 };
  for (const [stage, ms] of times) {
    if (stage === "build") out.build += ms;
    else if (stage === "queue") out.queue += ms;
    else if (stage === "container") out.run += ms;
    else if (["image-config", "processes", "packages", "http", "exec", "shell"].includes(stage)) out.probes += ms;
    else out.other += ms; // static, engine, done
  }
  return out;
}

export interface TimedCheck {
  report: GradingReport;
  /** runChecks, from the call to its result. */
  wallMs: number;
  stages: StageTimes;
}

/** The Check button's grading: snapshot of the workspace, then runChecks on the sandbox, timing each stage. */
export async function gradeWorkspace(lesson: Lesson, workspace: string, sandbox: GradingSandbox, snapshot: SnapshotOptions = {}): Promise<TimedCheck> {
  const files = await readWorkspaceFromDisk(workspace, snapshot);
  const clock = new StageClock();
  let buildLog = "";
  const began = now();
  const report = await runChecks(
    lesson.checks,
    { folder: lesson.folder, files },
    sandbox,
    { onProgress: (stage) => clock.progress(stage), onLog: (t) => (buildLog = (buildLog + t).slice(-4000)) },
    { buildTimeoutMs: parseEnv(process.env).BUILD_TIMEOUT_SECONDS * 1000 },
  );
  clock.close();
  const wallMs = now() - began;
  const failing = report.results.filter((r) => r.status !== "pass");
  if (failing.length) {
    log(`  (not every check passed: ${failing.map((r) => `${r.id}=${r.status}: ${r.message.split("\n")[0]}`).join("; ")})`);
    if (failing.some((r) => r.phase === "dynamic" && r.status === "fail")) log(buildLog.slice(-2000));
  }
  return { report, wallMs, stages: clock.times };
}

/** Writes the Dockerfile into the workspace and grades step 1 in the engine, timing each stage. */
export async function gradeStep1(engine: TestEngine, dockerfile: string): Promise<TimedCheck> {
  const folder = path.join(engine.workspace, STEP1_FOLDER);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, "Dockerfile"), dockerfile);
  chownSync(folder, LEARNER_UID, LEARNER_UID);
  chownSync(path.join(folder, "Dockerfile"), LEARNER_UID, LEARNER_UID);
  return gradeWorkspace(await step1Lesson(), engine.workspace, new EngineGradingSandbox(engine.engine, engine.workspace), {
    maxFileBytes: 1024 * 1024,
    maxTotalBytes: 16 * 1024 * 1024,
    maxEntries: 5000,
  });
}
