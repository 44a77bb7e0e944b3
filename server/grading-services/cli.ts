/**
 * Command-line grader for teachers and CI:
 *   npm run grade -- --step 1 path/to/workspace [--json]
 * Grades a workspace laid out like a student's (it holds the step folder) in a fresh sandbox.
 * Step 9 starts from the files alone too: the grader forms the swarm (three nodes of its own when
 * WB_CLUSTER_MODE=privileged-caps, else one engine, where the three-node checks are reported as
 * not judged), deploys the stack with docker stack deploy, scales as asked, then judges.
 * Exit code: 0 every check passes, 1 a check fails, 2 an error of ours (bad arguments, no Docker…).
 */
import { lstat, rm } from "node:fs/promises";
import path from "node:path";
import { getLessonByStep } from "../lessons/load-lessons";
import type { GradingReport } from "../grading/run-checks";
import { EngineManager } from "../sandbox/engine-manager";
import { EngineGradingSandbox } from "../sandbox/engine-grading-sandbox";
import { SingleEngineSwarmSandbox } from "../sandbox/single-engine-swarm-sandbox";
import { ClusterGradingSandbox } from "../sandbox/cluster-grading-sandbox";
import { ClusterManager } from "../sandbox/cluster-manager";
import { parseEnv } from "../config";
import type { GradingSandbox } from "../grading/grading-sandbox";
import { newStudentId } from "../identity/student-cookie";
import { createLogger } from "../logger";
import type { CheckResult } from "../../lib/protocol/messages";
import { gradeStepInSandbox, snapshotOfWorkspaceDir } from "./grade-step-files";
import { LEARNER_UID } from "../sandbox/engine-options";
import { copyForSandbox } from "./sandbox-copy";

interface CliArgs {
  step: number;
  workspace: string;
  json: boolean;
  verbose: boolean;
}

class UsageError extends Error {}

export function parseArgs(argv: string[]): CliArgs {
  let step: number | undefined;
  let workspace: string | undefined;
  let json = false;
  let verbose = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--json") json = true;
    else if (arg === "--verbose" || arg === "-v") verbose = true;
    else if (arg === "--step" || arg.startsWith("--step=")) {
      const value = arg.includes("=") ? arg.slice(7) : argv[++i];
      step = Number(value);
      if (!Number.isInteger(step) || step < 1) throw new UsageError(`--step needs a step number, got "${value ?? ""}"`);
    } else if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}`);
    else if (workspace) throw new UsageError(`one workspace only (got ${workspace} and ${arg})`);
    else workspace = arg;
  }
  if (step === undefined) throw new UsageError("--step N is required");
  if (!workspace) throw new UsageError("the workspace folder is required");
  return { step, workspace: path.resolve(workspace), json, verbose };
}

function printHuman(report: GradingReport | { step: number; passed: boolean; score: number; results: CheckResult[] }): void {
  const mark = { pass: "PASS", fail: "FAIL", skip: "SKIP", error: "ERR " } as const;
  for (const r of report.results) {
    console.log(`${mark[r.status]}  ${r.id.padEnd(24)} ${r.title}`);
    if (r.status !== "pass") console.log(`      ${r.message}${r.line ? ` (line ${r.line})` : ""}`);
  }
  console.log(`\nstep ${report.step}: ${report.passed ? "passed" : "not passed"}, score ${report.score}`);
}

export async function gradeWorkspace(args: CliArgs): Promise<GradingReport> {
  const lesson = await getLessonByStep(args.step);
  if (!lesson) throw new UsageError(`there is no step ${args.step} in this course`);
  const stat = await lstat(args.workspace).catch(() => null);
  if (!stat?.isDirectory()) throw new UsageError(`${args.workspace} is not a folder`);
  const workspace = await snapshotOfWorkspaceDir(lesson, args.workspace);

  const copy = await copyForSandbox(args.workspace, { uid: LEARNER_UID, gid: LEARNER_UID });
  const id = `cli${newStudentId().slice(0, 13)}`;
  const engines = new EngineManager({
    owner: "cli",
    // Logs go to stderr so that --json output stays one clean line on stdout.
    log: createLogger({ level: args.verbose ? "info" : "warn", write: (line) => void process.stderr.write(`${line}\n`), bindings: { area: "grade-cli" } }),
    workspaceHostPath: async () => copy,
    idleMs: 60 * 60_000,
    memoryBytes: 3 * 1024 ** 3,
    pidsLimit: 2048,
    nanoCpus: 2e9,
    instanceId: id,
  });
  const log = createLogger({ level: args.verbose ? "info" : "warn", write: (line) => void process.stderr.write(`${line}\n`), bindings: { area: "grade-cli" } });
  // Step 9: three nodes of the grader's own only where the operator allows clusters (host-root-equivalent).
  const clusters =
    lesson.cluster && parseEnv(process.env).WB_CLUSTER_MODE === "privileged-caps"
      ? new ClusterManager({ engines, owner: "cli", log, workspaceHostPath: async () => copy, idleMs: 60 * 60_000, enabled: true })
      : undefined;
  const cleanup = async () => {
    await clusters?.remove(id).catch(() => undefined);
    await engines.remove(id).catch(() => undefined);
    await rm(copy, { recursive: true, force: true });
  };
  const onSignal = () => void cleanup().finally(() => process.exit(2));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const onLog = args.verbose ? (text: string) => void process.stderr.write(text) : undefined;
    const onProgress = args.verbose ? (stage: string, message: string) => void process.stderr.write(`[${stage}] ${message}\n`) : undefined;
    const startSandbox = async (): Promise<GradingSandbox> => {
      if (clusters) return new ClusterGradingSandbox(await clusters.ensureForGrading(id, copy, (message) => onProgress?.("sandbox", message)), copy);
      const engine = await engines.ensure(id);
      return lesson.cluster ? new SingleEngineSwarmSandbox(engine, copy) : new EngineGradingSandbox(engine, copy);
    };
    return await gradeStepInSandbox(lesson, workspace, startSandbox, { onLog, onProgress });
  } finally {
    await cleanup();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

async function main(): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`grade: ${(error as Error).message}\nusage: npm run grade -- --step N path/to/workspace [--json] [--verbose]`);
    return 2;
  }
  try {
    const report = await gradeWorkspace(args);
    if (args.json) {
      // The documented shape, exactly: {"step","passed","score","checks":[{"id","status","message"}]}.
      const checks = report.results.map((r) => ({ id: r.id, status: r.status, message: r.message }));
      console.log(JSON.stringify({ step: report.step, passed: report.passed, score: report.score, checks }));
    } else printHuman(report);
    return report.passed ? 0 : 1;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (args.json) console.log(JSON.stringify({ step: args.step, error: message }));
    console.error(`grade: ${message}`);
    return 2;
  }
}

if (process.argv[1] && /cli\.[tj]s$/.test(process.argv[1])) {
  main().then((code) => process.exit(code));
}
