/**
 * What `npm run grade` (./cli.ts) and the teacher's preview runs (server/authoring/) share: the
 * grader's view of a workspace on disk, and one grade of it in a sandbox the caller starts (its
 * own engine for the command line, one of the server's for a preview). Without the step folder
 * nothing is built: no sandbox is started and every dynamic check is skipped.
 */
import type { Lesson } from "../lessons/load-lessons";
import { runChecks, runStaticChecks, type GradingEvents, type GradingReport } from "../grading/run-checks";
import type { WorkspaceSnapshot } from "../grading/evidence";
import type { GradingSandbox } from "../grading/grading-sandbox";
import { snapshotOfStep } from "../grading/judges/step-folder";
import { swarmGradingPlan } from "../grading/swarm/swarm-grading-plan";
import { readWorkspaceFromDisk } from "../workspace";
import { unavailableSandbox } from "./unavailable-sandbox";

/** Longest wait for a stack's services to start before the swarm checks judge what runs. */
const SWARM_SETTLE_MS = 8 * 60_000;

/** The grader's view of a workspace folder on disk (it holds the step folder); the lesson's unchanged starter files are not the student's work. */
export async function snapshotOfWorkspaceDir(lesson: Pick<Lesson, "checks" | "starterDir" | "folder">, dir: string): Promise<WorkspaceSnapshot> {
  const files = await readWorkspaceFromDisk(dir);
  return snapshotOfStep(lesson.checks, files, await untouchedStarterFiles(lesson.starterDir, lesson.folder, files));
}

/** Grades `workspace`: the static checks, then (when the step folder is there) the dynamic ones in the sandbox `startSandbox` gives. */
export async function gradeStepInSandbox(
  lesson: Pick<Lesson, "checks">,
  workspace: WorkspaceSnapshot,
  startSandbox: () => Promise<GradingSandbox>,
  events: GradingEvents = {},
  options: { buildTimeoutMs?: number; siteHost?: string } = {},
): Promise<GradingReport> {
  const folderCheck = runStaticChecks(lesson.checks, workspace).find((r) => r.id === lesson.checks.checks.find((c) => c.kind === "folder")?.id);
  if (folderCheck && folderCheck.status !== "pass") return runChecks(lesson.checks, workspace, unavailableSandbox(), events, options);
  const sandbox = await startSandbox();
  const plan = swarmGradingPlan(lesson.checks, workspace);
  if (plan && sandbox.prepareSwarm) {
    await sandbox.prepareSwarm({
      folder: workspace.folder,
      plan,
      timeoutMs: Math.min(SWARM_SETTLE_MS, options.buildTimeoutMs ?? SWARM_SETTLE_MS),
      onLog: events.onLog ?? (() => undefined),
      onProgress: (message) => events.onProgress?.("swarm", message),
    });
  }
  return runChecks(lesson.checks, workspace, sandbox, events, options);
}

/** Paths (workspace-relative) of the lesson's starter files that the workspace holds unchanged: not the student's work. */
async function untouchedStarterFiles(starterDir: string | null, folder: string, files: Record<string, string>): Promise<string[]> {
  if (!starterDir) return [];
  const starter = await readWorkspaceFromDisk(starterDir).catch(() => ({}) as Record<string, string>);
  return Object.entries(starter)
    .filter(([file, text]) => file.startsWith(`${folder}/`) && files[file] === text)
    .map(([file]) => file);
}
