/**
 * A teacher's preview runs: the checks of a step run on its reference solution (or on a student's
 * stored submission) in a fresh sandbox of the server's, read as `npm run grade` reads a workspace
 * (grade-step-files.ts) and graded as Submit grades (gradeInFreshSandbox: the same engine limit and
 * queue, the sandbox removed after). Nothing is stored as a grade. A run is a background job kept in this process's memory (on globalThis: the route
 * bundles share it), keyed by teacher, step and what is graded, so a reloaded page finds it again;
 * a teacher has one run going at a time. The page follows it by polling the check.* messages it
 * emitted, which the student's results pane already knows how to show.
 */
import { randomBytes } from "node:crypto";
import { realpath } from "node:fs/promises";
import path from "node:path";
import type { ServerMessage } from "../../lib/protocol/messages";
import { withMessageText } from "../ws/message-text";
import { AppError } from "../app-error";
import { say } from "../../lib/i18n/text-ref";
import { logger } from "../logger";
import { getLessonByStep, type Lesson } from "../lessons/load-lessons";
import { isStaticKind } from "../grading/kinds/registry";
import { snapshotOfWorkspaceDir } from "../grading-services/grade-step-files";
import { gradeInFreshSandbox, type GraderEngines } from "../grading-services/submit-service";
import { serverGraderEngines } from "../grading-services/server-grader-engines";
import type { FrozenStep } from "../grading-services/frozen-step";
import { MAX_SANDBOX_COPY_BYTES } from "../grading-services/sandbox-copy";
import { readTree } from "../workspace/read-tree";
import { SafeDir } from "../workspace/safe-dir";

/** What a preview run grades: the step's reference solution, or a stored run's files. */
export type PreviewTarget = { kind: "solution" } | { kind: "submission"; runId: string };

/** The files to grade, read once when the run starts (as Submit freezes a student's). */
export type FilesToGrade = () => Promise<FrozenStep>;

export interface PreviewRunView {
  id: string;
  step: number;
  target: PreviewTarget;
  state: "running" | "finished" | "failed";
  startedAt: string;
  finishedAt: string | null;
  /** The check.* messages from `since` on (the page feeds them to the results pane's reducer). */
  messages: ServerMessage[];
  /** Where the next poll starts (`since`). */
  next: number;
}

interface PreviewRun {
  id: string;
  teacherId: string;
  step: number;
  target: PreviewTarget;
  state: PreviewRunView["state"];
  startedAt: Date;
  finishedAt: Date | null;
  messages: ServerMessage[];
  logChars: number;
}

/** The build log kept per run (the results pane keeps as much). */
const MAX_LOG_CHARS = 400_000;
/** Finished runs kept per teacher (the oldest go first). */
const KEPT_PER_TEACHER = 20;

const HOLDER = Symbol.for("docker-workbench.preview-runs");
const runs: Map<string, PreviewRun> = ((globalThis as { [HOLDER]?: Map<string, PreviewRun> })[HOLDER] ??= new Map());

const keyOf = (teacherId: string, step: number, target: PreviewTarget) => `${teacherId}:${step}:${target.kind === "solution" ? "solution" : `run:${target.runId}`}`;

/** The teacher's latest run of this step on this target, from message `since` on; null when there is none. */
export function previewRunOf(teacherId: string, step: number, target: PreviewTarget, since = 0): PreviewRunView | null {
  const run = runs.get(keyOf(teacherId, step, target));
  if (!run) return null;
  const from = Math.max(0, Math.min(since, run.messages.length));
  return {
    id: run.id,
    step: run.step,
    target: run.target,
    state: run.state,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    messages: run.messages.slice(from),
    next: run.messages.length,
  };
}

/**
 * The reference solution of a step (lessons/NN/solution/, laid out as a workspace), read as
 * `npm run grade` reads a workspace; a 404 that says why when the step has none.
 */
export function solutionFiles(lesson: Lesson): FilesToGrade {
  const dir = lesson.solutionDir;
  if (!dir) throw new AppError("not_found", say("lessonPreview.noReference", { step: lesson.step, slug: lesson.slug }));
  return async () => {
    const snapshot = await snapshotOfWorkspaceDir(lesson, dir);
    const folder = await SafeDir.openRoot(await realpath(path.join(dir, snapshot.folder)).catch(() => path.join(dir, snapshot.folder)));
    if (!folder) return { folder: snapshot.folder, dirs: [], files: [], snapshot, found: false };
    try {
      const tree = await readTree(folder, { maxEntries: 100_000, maxFileBytes: MAX_SANDBOX_COPY_BYTES, maxTotalBytes: MAX_SANDBOX_COPY_BYTES, overLimit: "throw", what: "The reference solution" });
      return { folder: snapshot.folder, dirs: tree.dirs, files: tree.files, snapshot, found: true };
    } finally {
      await folder.close();
    }
  };
}

/**
 * Starts a run of the step's checks on `workspace` for this teacher and returns it at once (it
 * goes on in the background). A teacher whose other run is still going gets a 409.
 */
export async function startPreviewRun(
  teacherId: string,
  step: number,
  target: PreviewTarget,
  filesFor: (lesson: Lesson) => FilesToGrade | Promise<FilesToGrade>,
  engines: GraderEngines = serverGraderEngines(),
): Promise<PreviewRunView> {
  const lesson = await getLessonByStep(step);
  if (!lesson) throw new AppError("not_found", say("request.noStep", { step }));
  const busy = [...runs.values()].find((r) => r.teacherId === teacherId && r.state === "running");
  if (busy) throw new AppError("conflict", say("lessonPreview.busy", { step: busy.step }));
  const files = await filesFor(lesson);
  const run: PreviewRun = { id: randomBytes(8).toString("hex"), teacherId, step, target, state: "running", startedAt: new Date(), finishedAt: null, messages: [], logChars: 0 };
  runs.set(keyOf(teacherId, step, target), run);
  forgetOldRuns(teacherId);
  void gradeInBackground(run, lesson, files, engines);
  return previewRunOf(teacherId, step, target)!;
}

function record(run: PreviewRun, message: ServerMessage): void {
  if (message.type === "check.log") {
    if (run.logChars >= MAX_LOG_CHARS) return;
    const text = message.text.slice(0, MAX_LOG_CHARS - run.logChars);
    run.logChars += text.length;
    const last = run.messages.at(-1);
    // Consecutive log lines are one message: a poll carries a few messages, not thousands.
    if (last?.type === "check.log") run.messages[run.messages.length - 1] = { ...last, text: last.text + text };
    else run.messages.push({ ...message, text });
    return;
  }
  // Kept with its text, as a student's socket sends it: the teacher's page says it in its language.
  run.messages.push(withMessageText(message));
}

async function gradeInBackground(run: PreviewRun, lesson: Lesson, files: FilesToGrade, engines: GraderEngines): Promise<void> {
  const log = logger.child({ area: "preview-run", runId: run.id, step: run.step, teacherId: run.teacherId });
  const emit = (message: ServerMessage) => record(run, message);
  const runId = run.id;
  emit({
    type: "check.started",
    runId,
    step: lesson.step,
    mode: "verified",
    checks: lesson.checks.checks.map((c) => ({ id: c.id, title: c.title, phase: isStaticKind(c.kind) ? "static" : "dynamic" })),
  });
  try {
    const report = await gradeInFreshSandbox(
      {
        key: `preview-${runId}`,
        studentId: `preview-${run.teacherId}`,
        lesson,
        frozen: await files(),
        progress: (stage, message, fraction, text) => emit({ type: "check.progress", runId, stage, message, fraction, ...(text ? { text } : {}) }),
        onLog: (text) => emit({ type: "check.log", runId, text }),
        onResult: (result) => emit({ type: "check.result", runId, result }),
      },
      engines,
      log,
    );
    emit({ type: "check.finished", runId, step: lesson.step, mode: "verified", score: report.score, passed: report.passed, results: report.results });
    run.state = "finished";
    log.info("preview run finished", { score: report.score, passed: report.passed, ms: report.durationMs });
  } catch (error) {
    log.error("preview run failed", { error: String(error) });
    const message = error instanceof AppError ? error.userMessage : "The run could not finish because of a problem on our side (the server's log says which). Start it again.";
    emit({ type: "error", code: "check_failed", message });
    run.state = "failed";
  } finally {
    run.finishedAt = new Date();
  }
}

function forgetOldRuns(teacherId: string): void {
  const mine = [...runs.entries()].filter(([, r]) => r.teacherId === teacherId && r.state !== "running").sort(([, a], [, b]) => a.startedAt.getTime() - b.startedAt.getTime());
  for (const [key] of mine.slice(0, Math.max(0, mine.length - KEPT_PER_TEACHER))) runs.delete(key);
}
