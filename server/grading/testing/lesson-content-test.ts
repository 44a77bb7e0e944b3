/**
 * For a lesson's content test (lessons/NN-* /stepN.int.test.ts): one real learner engine per test
 * file, a grade() that writes a Dockerfile into the step folder and runs the lesson's checks, and
 * the expectations those tests share. Variants graded in one engine share its build cache.
 */
import { chownSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { loadLesson, type Lesson } from "../../lessons/load-lessons";
import { implicitDependencies, runChecks, type GradingReport } from "../run-checks";
import type { LearnerEngine } from "../../sandbox/engine-manager";
import { createTestEngines, makeLearnerWorkspace } from "../../sandbox/testing/test-engines";
import { EngineGradingSandbox } from "../../sandbox/engine-grading-sandbox";
import { LEARNER_UID } from "../../sandbox/engine-options";
import { readWorkspaceFromDisk } from "../../workspace";

export { edited } from "./edit-text";

export interface LessonContentTest {
  readonly lesson: Lesson;
  readonly engine: LearnerEngine;
  /** The lesson's reference Dockerfile (solution/<folder>/Dockerfile), read when asked. */
  readonly solution: string;
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
  /** Replaces the step folder with `files` (path in the step folder, sub-folders allowed → content) and runs the checks. */
  grade(files: Record<string, string>, folder?: string): Promise<GradingReport>;
}

export function createLessonContentTest(lessonDir: string, studentId: string): LessonContentTest {
  const workspace = makeLearnerWorkspace(`wb-${studentId}-`);
  const engines = createTestEngines(workspace, { memoryBytes: 3 * 1024 ** 3, pidsLimit: 2048, nanoCpus: 2e9 });
  let lesson: Lesson | undefined;
  let engine: LearnerEngine | undefined;
  const loaded = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("call setUp() in beforeAll first");
    return value;
  };

  /** Writes a file under the workspace, its new folders and itself owned by the learner. */
  const writeOwned = (relative: string, content: string) => {
    const parts = relative.split("/");
    for (let i = 1; i < parts.length; i++) {
      const dir = path.join(workspace, ...parts.slice(0, i));
      mkdirSync(dir, { recursive: true });
      chownSync(dir, LEARNER_UID, LEARNER_UID);
    }
    writeFileSync(path.join(workspace, relative), content);
    chownSync(path.join(workspace, relative), LEARNER_UID, LEARNER_UID);
  };

  return {
    get lesson() {
      return loaded(lesson);
    },
    get engine() {
      return loaded(engine);
    },
    get solution() {
      return readFileSync(path.join(lessonDir, "solution", loaded(lesson).folder, "Dockerfile"), "utf8");
    },
    async setUp() {
      lesson = await loadLesson(lessonDir);
      engine = await engines.ensure(studentId);
    },
    async tearDown() {
      await engines.remove(studentId);
      rmSync(workspace, { recursive: true, force: true });
    },
    async grade(files, folder) {
      const current = loaded(lesson);
      const stepFolder = folder ?? current.folder;
      rmSync(path.join(workspace, current.folder), { recursive: true, force: true });
      rmSync(path.join(workspace, stepFolder), { recursive: true, force: true });
      mkdirSync(path.join(workspace, stepFolder), { recursive: true });
      chownSync(path.join(workspace, stepFolder), LEARNER_UID, LEARNER_UID);
      for (const [name, content] of Object.entries(files)) writeOwned(path.join(stepFolder, name), content);
      const snapshot = await readWorkspaceFromDisk(workspace);
      let log = "";
      const began = Date.now();
      const report = await runChecks(current.checks, { folder: current.folder, files: snapshot }, new EngineGradingSandbox(loaded(engine), workspace), {
        onLog: (text) => (log += text),
      });
      process.stderr.write(`\nstep ${current.step} graded in ${((Date.now() - began) / 1000).toFixed(1)} s\n`);
      const failing = report.results.filter((r) => r.status !== "pass");
      if (failing.length) process.stderr.write(`${failing.map((r) => `${r.status} ${r.id}: ${r.message}`).join("\n")}\n`);
      if (report.results.some((r) => r.phase === "dynamic" && r.status === "fail")) process.stderr.write(log.slice(-3000));
      return report;
    },
  };
}

export function statusById(report: GradingReport): Record<string, string> {
  return Object.fromEntries(report.results.map((r) => [r.id, r.status]));
}

/** Every check of the lesson passes. */
export function expectAllPass(lesson: Lesson, report: GradingReport): void {
  expect(statusById(report)).toEqual(Object.fromEntries(lesson.checks.checks.map((c) => [c.id, "pass"])));
  expect(report.score).toBe(100);
  expect(report.passed).toBe(true);
}

/** Exactly `failing` fails; the checks that depend on it (directly or not) are skipped; the rest pass. */
/**
 * The report fails exactly these checks (one, or a few that the same mistake breaks), skips what
 * depends on them, and passes everything else.
 */
export function expectOnlyFailure(lesson: Lesson, report: GradingReport, failingChecks: string | string[]): void {
  const failures = new Set(typeof failingChecks === "string" ? [failingChecks] : failingChecks);
  const checks = lesson.checks.checks;
  const dependents = new Set<string>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const check of checks) {
      const needs = implicitDependencies(check, checks);
      if (!dependents.has(check.id) && needs.some((id) => failures.has(id) || dependents.has(id))) {
        dependents.add(check.id);
        grew = true;
      }
    }
  }
  const expected = Object.fromEntries(checks.map((c) => [c.id, failures.has(c.id) ? "fail" : dependents.has(c.id) ? "skip" : "pass"]));
  expect(statusById(report)).toEqual(expected);
  expect(report.passed).toBe(false);
}
