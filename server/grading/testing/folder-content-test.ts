/**
 * For the content tests of steps whose folder holds several files in sub-folders (steps 5 and 6):
 * one real learner engine per test file, and a grade() that writes a whole step folder (path in
 * the folder → content) and runs the lesson's checks. Variants share the engine's build cache.
 */
import { chownSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadLesson, type Lesson } from "../../lessons/load-lessons";
import { runChecks, type GradingReport } from "../run-checks";
import type { LearnerEngine } from "../../sandbox/engine-manager";
import { createTestEngines, makeLearnerWorkspace } from "../../sandbox/testing/test-engines";
import { EngineGradingSandbox } from "../../sandbox/engine-grading-sandbox";
import { LEARNER_UID } from "../../sandbox/engine-options";
import { readWorkspaceFromDisk } from "../../workspace";

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
  const workspace = makeLearnerWorkspace(`wb-${studentId}-`);
  const engines = createTestEngines(workspace, { memoryBytes: 3 * 1024 ** 3, pidsLimit: 2048, nanoCpus: 2e9 });
  let lesson: Lesson | undefined;
  let engine: LearnerEngine | undefined;
  const loaded = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("call setUp() in beforeAll first");
    return value;
  };
  const writeOwned = (file: string, content: string) => {
    const parts = path.relative(workspace, file).split(path.sep);
    for (let i = 1; i < parts.length; i++) {
      const dir = path.join(workspace, ...parts.slice(0, i));
      mkdirSync(dir, { recursive: true });
      chownSync(dir, LEARNER_UID, LEARNER_UID);
    }
    writeFileSync(file, content);
    chownSync(file, LEARNER_UID, LEARNER_UID);
  };

  return {
    get lesson() {
      return loaded(lesson);
    },
    get engine() {
      return loaded(engine);
    },
    get solution() {
      return readFolderFiles(path.join(lessonDir, "solution", loaded(lesson).folder));
    },
    get starter() {
      return readFolderFiles(path.join(lessonDir, "starter", loaded(lesson).folder));
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
      for (const [name, content] of Object.entries(files)) writeOwned(path.join(workspace, stepFolder, name), content);
      const snapshot = await readWorkspaceFromDisk(workspace);
      let log = "";
      const report = await runChecks(current.checks, { folder: current.folder, files: snapshot }, new EngineGradingSandbox(loaded(engine), workspace), {
        onLog: (text) => (log += text),
      });
      const failing = report.results.filter((r) => r.status !== "pass");
      if (failing.length) {
        process.stderr.write(`\n${failing.map((r) => `${r.status} ${r.id}: ${r.message}`).join("\n")}\n`);
        if (process.env["WB_TEST_VERBOSE"]) process.stderr.write(log.slice(-4000));
      }
      return report;
    },
  };
}
