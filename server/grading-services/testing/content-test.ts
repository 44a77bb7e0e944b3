/**
 * The one harness of the lessons' content tests. It reads a lesson's checks file and files, makes
 * variants by small text edits, and runs the lesson's checks through the real runner
 * (../run-checks.ts), never a copy of it, in one of three modes:
 * - live (`liveResults`): runStaticChecks, what the editor shows while the student types;
 * - static (`gradeStatically`): runChecks with the shared fake sandbox that holds no dynamic
 *   evidence, so every verdict comes from the files and a check is skipped exactly when the
 *   runner skips it (the unit tests server/grading/step*-checks.test.ts);
 * - engine (`createLessonContentTest`, `createFolderContentTest`): runChecks in a real learner
 *   engine (./lesson-engine.ts; the integration tests lessons/NN-* /stepN.int.test.ts), where
 *   `itGradesDeclaredVariants` grades each of the lesson's declared variants (variants/, see
 *   server/lessons/load-variants.ts). The sandbox, the workspace and the lesson loader are
 *   imported only when such a test sets up, so the unit tests stay free of Docker.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import type { CheckResult } from "../../../lib/protocol/messages";
import type { Lesson } from "../../lessons/load-lessons";
import type { LearnerEngine } from "../../sandbox/engine-manager";
import { checksFileSchema, type ChecksFile } from "../../grading/check-spec";
import type { WorkspaceSnapshot } from "../../grading/evidence";
import { runChecks, runStaticChecks, type GradingReport } from "../../grading/run-checks";
import { loadVariants, readFolderFilesSync, type FolderFiles as LessonFolderFiles, type LessonVariant } from "../../lessons/load-variants";
import { expectedStatuses, verdictProblems } from "../../lessons/variant-verdict";
import { createLessonEngine, type GradeOptions } from "./lesson-engine";
import { noEvidenceSandbox } from "../../grading/fixtures/fake-sandbox";

const LESSONS = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../../lessons");

// ---------------------------------------------------------------------------------------------
// The lesson's files

export type FolderFiles = LessonFolderFiles;

export function loadLessonChecks(lessonSlug: string): ChecksFile {
  return checksFileSchema.parse(parseYaml(readFileSync(path.join(LESSONS, lessonSlug, "checks.yaml"), "utf8")));
}

/** A file of the lesson folder, e.g. ("03-not-root", "solution/3_…/Dockerfile"). */
export function readLessonFile(lessonSlug: string, relativePath: string): string {
  return readFileSync(path.join(LESSONS, lessonSlug, relativePath), "utf8");
}

/** Every file under `dir`, keyed by its path relative to `dir` ("a/b"). */
export const readFolderFiles = readFolderFilesSync;

/** `text` with `from` replaced by `to`; throws when `from` is absent, so a stale edit cannot pass silently. */
export function edited(text: string, from: string | RegExp, to: string): string {
  const result = text.replace(from, to);
  if (result === text) throw new Error(`the edit did not apply: ${String(from)} not found`);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Live and static modes (no Docker)

/** What the editor shows as the student types: every check the files alone decide, none skipped. */
export function liveResults(checksFile: ChecksFile, workspace: WorkspaceSnapshot): Map<string, CheckResult> {
  return new Map(runStaticChecks(checksFile, workspace).map((r) => [r.id, r]));
}

/**
 * The verdicts a grade gives from the files alone: the real runner on the whole checks file with
 * a sandbox that has no evidence, keeping the checks the live mode judges (the static kinds, and
 * `packages`, whose verdict then comes from the apt lines since nothing was built). A check whose
 * dependency did not pass is skipped by the runner, as in a real grade.
 */
export async function gradeStatically(checksFile: ChecksFile, workspace: WorkspaceSnapshot): Promise<Map<string, CheckResult>> {
  const decidedByFiles = new Set(runStaticChecks(checksFile, workspace).map((r) => r.id));
  const report = await runChecks(checksFile, workspace, noEvidenceSandbox());
  return new Map(report.results.filter((r) => decidedByFiles.has(r.id)).map((r) => [r.id, r]));
}

export const staticStatuses = (results: Map<string, CheckResult>): Record<string, string> => Object.fromEntries([...results].map(([id, r]) => [id, r.status]));

// ---------------------------------------------------------------------------------------------
// Expectations on a whole report (any mode that returns one)

/** A lesson, or its checks file alone. */
type ChecksOf = Pick<Lesson, "checks"> | ChecksFile;
const checksOf = (of: ChecksOf): ChecksFile => (Array.isArray(of.checks) ? (of as ChecksFile) : (of as Pick<Lesson, "checks">).checks);

export function statusById(report: GradingReport): Record<string, string> {
  return Object.fromEntries(report.results.map((r) => [r.id, r.status]));
}

/** Every check of the lesson passes. */
export function expectAllPass(lesson: ChecksOf, report: GradingReport): void {
  expect(statusById(report)).toEqual(Object.fromEntries(checksOf(lesson).checks.map((c) => [c.id, "pass"])));
  expect(report.score).toBe(100);
  expect(report.passed).toBe(true);
}

/**
 * The report fails exactly these checks (one, or a few that the same mistake breaks), skips what
 * depends on them (directly or not, through `requires` or what the kind needs), and passes
 * everything else.
 */
export function expectOnlyFailure(lesson: ChecksOf, report: GradingReport, failingChecks: string | string[]): void {
  expect(statusById(report)).toEqual(expectedStatuses(checksOf(lesson).checks, typeof failingChecks === "string" ? [failingChecks] : failingChecks));
  expect(report.passed).toBe(false);
}

// ---------------------------------------------------------------------------------------------
// Engine mode (integration tests): one real learner engine per test file

export interface LessonContentTest {
  readonly lesson: Lesson;
  readonly engine: LearnerEngine;
  /** The lesson's reference Dockerfile (solution/<folder>/Dockerfile), read when asked. */
  readonly solution: string;
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
  /** Replaces the step folder with `files` (path in the step folder, sub-folders allowed → content) and runs the checks. */
  grade(files: FolderFiles, folder?: string, options?: GradeOptions): Promise<GradingReport>;
}

/** For steps whose folder holds several files in sub-folders (steps 5 and 6). */
export interface FolderContentTest extends Omit<LessonContentTest, "solution"> {
  /** The reference solution's files (solution/<folder>/…). */
  readonly solution: FolderFiles;
  /** The starter's files (starter/<folder>/…). */
  readonly starter: FolderFiles;
}

type EngineMode = Omit<LessonContentTest, "solution">;

/** Variants graded in one engine share its build cache (./lesson-engine.ts, the engine `lessons:validate --prove` grades with too). */
const createEngineMode = (lessonDir: string, studentId: string): EngineMode => createLessonEngine(lessonDir, studentId);

/** The lesson's declared variants (variants/<name>/variant.yaml), loaded when the test file is collected. */
export async function declaredVariants(lessonDir: string): Promise<LessonVariant[]> {
  const { loadLesson } = await import("../../lessons/load-lessons");
  return loadVariants(await loadLesson(lessonDir));
}

/**
 * One test per declared variant: graded in the file's engine, it fails as its variant.yaml declares.
 * `options.reuseLayers` (a step that builds with --no-cache, its reference graded first in the same
 * engine): the variants reuse the reference's layers, see GradeOptions.
 */
export function itGradesDeclaredVariants(content: Pick<LessonContentTest, "lesson" | "grade">, variants: LessonVariant[], options: GradeOptions = {}): void {
  for (const variant of variants) {
    const declared = variant.expectation.checks.length === 0 ? "passes every check" : `fails ${variant.expectation.kind === "at-least" ? "at least " : ""}${variant.expectation.checks.join(", ")}`;
    it(`the declared variant ${variant.name} ${declared} (${variant.description})`, async () => {
      const report = await content.grade(variant.files, undefined, options);
      expect(verdictProblems(content.lesson.checks.checks, report, variant.expectation), variant.file).toEqual([]);
    });
  }
}

/** A lesson graded in a real learner engine; `solution` is its reference Dockerfile. */
export function createLessonContentTest(lessonDir: string, studentId: string): LessonContentTest {
  const mode = createEngineMode(lessonDir, studentId);
  return {
    get lesson() {
      return mode.lesson;
    },
    get engine() {
      return mode.engine;
    },
    get solution() {
      return readFileSync(path.join(lessonDir, "solution", mode.lesson.folder, "Dockerfile"), "utf8");
    },
    setUp: () => mode.setUp(),
    tearDown: () => mode.tearDown(),
    grade: (files, folder, options) => mode.grade(files, folder, options),
  };
}

/** A lesson graded in a real learner engine; `solution` and `starter` are whole folders. */
export function createFolderContentTest(lessonDir: string, studentId: string): FolderContentTest {
  const mode = createEngineMode(lessonDir, studentId);
  return {
    get lesson() {
      return mode.lesson;
    },
    get engine() {
      return mode.engine;
    },
    get solution() {
      return readFolderFiles(path.join(lessonDir, "solution", mode.lesson.folder));
    },
    get starter() {
      return readFolderFiles(path.join(lessonDir, "starter", mode.lesson.folder));
    },
    setUp: () => mode.setUp(),
    tearDown: () => mode.tearDown(),
    grade: (files, folder, options) => mode.grade(files, folder, options),
  };
}
