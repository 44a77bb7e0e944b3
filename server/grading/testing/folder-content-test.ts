/**
 * For the content tests of steps whose folder holds several files in sub-folders (steps 5 and 6):
 * the lesson-content harness (one real learner engine per test file, grade() writes the whole step
 * folder and runs the lesson's checks), with the reference and starter read as whole folders.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { Lesson } from "../../lessons/load-lessons";
import type { GradingReport } from "../run-checks";
import type { LearnerEngine } from "../../sandbox/engine-manager";
import { createLessonContentTest } from "./lesson-content-test";

export type FolderFiles = Record<string, string>;

/** Every file under `dir`, keyed by its path relative to `dir` ("a/b"). */
export function readFolderFiles(dir: string): FolderFiles {
  const files: FolderFiles = {};
  const walk = (relative: string) => {
    for (const entry of readdirSync(path.join(dir, relative))) {
      const child = relative ? `${relative}/${entry}` : entry;
      if (statSync(path.join(dir, child)).isDirectory()) walk(child);
      else files[child] = readFileSync(path.join(dir, child), "utf8");
    }
  };
  walk("");
  return files;
}

export interface FolderContentTest {
  readonly lesson: Lesson;
  readonly engine: LearnerEngine;
  /** The reference solution's files (solution/<folder>/…). */
  readonly solution: FolderFiles;
  /** The starter's files (starter/<folder>/…). */
  readonly starter: FolderFiles;
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
  grade(files: FolderFiles, folder?: string): Promise<GradingReport>;
}

export function createFolderContentTest(lessonDir: string, studentId: string): FolderContentTest {
  const base = createLessonContentTest(lessonDir, studentId);
  return {
    get lesson() {
      return base.lesson;
    },
    get engine() {
      return base.engine;
    },
    get solution() {
      return readFolderFiles(path.join(lessonDir, "solution", base.lesson.folder));
    },
    get starter() {
      return readFolderFiles(path.join(lessonDir, "starter", base.lesson.folder));
    },
    setUp: () => base.setUp(),
    tearDown: () => base.tearDown(),
    grade: (files, folder) => base.grade(files, folder),
  };
}
