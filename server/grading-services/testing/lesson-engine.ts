/**
 * One real learner engine that grades a lesson's step folder again and again (the variants share
 * its build cache): what the content tests (./content-test.ts) and `npm run lessons:validate
 * --prove` (server/lessons/prove-lessons.ts) both grade with. No vitest here. The sandbox and the
 * workspace modules are imported at setUp only, so importing this costs no Docker.
 */
import { chownSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Lesson } from "../../lessons/load-lessons";
import type { LearnerEngine } from "../../sandbox/engine-manager";
import type { GradingReport } from "../../grading/run-checks";
import type { ChecksFile } from "../../grading/check-spec";
import type { FolderFiles } from "../../lessons/load-variants";

export interface LessonEngine {
  readonly lesson: Lesson;
  readonly engine: LearnerEngine;
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
  /** Replaces the step folder (or `folder`) with `files` (path in the folder, sub-folders allowed → content) and runs the checks. */
  grade(files: FolderFiles, folder?: string, options?: GradeOptions): Promise<GradingReport>;
}

export interface GradeOptions {
  /**
   * Build with the engine's cache even where the step builds with --no-cache: for a case graded
   * after the reference was built from scratch in the same engine, whose Dockerfile differs from it
   * further down. The layers it reuses are the reference's, already proven to build from scratch;
   * from its first changed line on, every layer is built again all the same.
   */
  reuseLayers?: boolean;
}

/** The checks with every build allowed to use the engine's cache (see GradeOptions.reuseLayers). */
export function withLayerCache(checks: ChecksFile): ChecksFile {
  return { ...checks, checks: checks.checks.map((check) => (check.kind === "build" && check.noCache ? { ...check, noCache: false } : check)) };
}

export interface LessonEngineOptions {
  /** Who owns the engine's container (its name and the reaper's label): "test" for the tests, "cli" for the command line. */
  owner?: "test" | "cli";
  /** Where the grading notes go (timings, what did not pass, the end of the build log when a dynamic check fails); stderr by default, nothing with null. */
  notes?: ((text: string) => void) | null;
}

export function createLessonEngine(lessonDir: string, studentId: string, options: LessonEngineOptions = {}): LessonEngine {
  const note = options.notes === null ? () => undefined : (options.notes ?? ((text: string) => void process.stderr.write(text)));
  let lesson: Lesson | undefined;
  let engine: LearnerEngine | undefined;
  let workspace: string | undefined;
  let removeEngine: (() => Promise<void>) | undefined;
  let gradeIn: ((files: FolderFiles, folder: string, options: GradeOptions) => Promise<GradingReport>) | undefined;
  const loaded = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("call setUp() first");
    return value;
  };

  return {
    get lesson() {
      return loaded(lesson);
    },
    get engine() {
      return loaded(engine);
    },
    async setUp() {
      const [
        { loadLesson },
        { createTestEngines, makeLearnerWorkspace },
        { EngineGradingSandbox },
        { SingleEngineSwarmSandbox },
        { LEARNER_UID },
        { readWorkspaceFromDisk },
        { runChecks },
        { gradeStepInSandbox },
      ] = await Promise.all([
        import("../../lessons/load-lessons"),
        import("../../sandbox/testing/test-engines"),
        import("../../sandbox/engine-grading-sandbox"),
        import("../../sandbox/single-engine-swarm-sandbox"),
        import("../../sandbox/engine-options"),
        import("../../workspace"),
        import("../../grading/run-checks"),
        import("../grade-step-files"),
      ]);
      const root = (workspace = makeLearnerWorkspace(`wb-${studentId}-`));
      const owner = options.owner ?? "test";
      const engines = createTestEngines(root, { owner, instanceId: owner === "test" ? "integration-test" : studentId, memoryBytes: 3 * 1024 ** 3, pidsLimit: 2048, nanoCpus: 2e9 });
      removeEngine = () => engines.remove(studentId);
      const current = (lesson = await loadLesson(lessonDir));
      const learnerEngine = (engine = await engines.ensure(studentId));

      /** A folder or file under the workspace, owned by the learner. */
      const own = (relative: string) => chownSync(path.join(root, relative), LEARNER_UID, LEARNER_UID);
      /** Writes a file under the workspace, its new folders and itself owned by the learner. */
      const writeOwned = (relative: string, content: string) => {
        const parts = relative.split("/");
        for (let i = 1; i < parts.length; i++) {
          mkdirSync(path.join(root, ...parts.slice(0, i)), { recursive: true });
          own(parts.slice(0, i).join("/"));
        }
        writeFileSync(path.join(root, relative), content);
        own(relative);
      };

      gradeIn = async (files, stepFolder, gradeOptions) => {
        rmSync(path.join(root, current.folder), { recursive: true, force: true });
        rmSync(path.join(root, stepFolder), { recursive: true, force: true });
        mkdirSync(path.join(root, stepFolder), { recursive: true });
        own(stepFolder);
        for (const [name, content] of Object.entries(files)) writeOwned(`${stepFolder}/${name}`, content);
        const snapshot = await readWorkspaceFromDisk(root);
        let log = "";
        const onLog = (text: string) => void (log += text);
        const began = Date.now();
        const workspaceView = { folder: current.folder, files: snapshot };
        const graded = gradeOptions.reuseLayers ? { ...current, checks: withLayerCache(current.checks) } : current;
        // A swarm step deploys its stack on the one engine first, as `npm run grade` does without a cluster.
        // That grade expects a fresh engine: the case before this one left its swarm and stack here
        // (the next `docker swarm init` failed and the old stack was judged), so leave that swarm first.
        if (graded.cluster) await learnerEngine.inner.swarmLeave({ force: true }).catch(() => undefined);
        const report = graded.cluster
          ? await gradeStepInSandbox(graded, workspaceView, async () => new SingleEngineSwarmSandbox(learnerEngine, root), { onLog })
          : await runChecks(graded.checks, workspaceView, new EngineGradingSandbox(learnerEngine, root), { onLog });
        // How much of the build the engine's cache gave: what tells a cold build from a warm one when timing tests on a busy host.
        const fromCache = (log.match(/^ ---> Using cache\s*$|^#\d+ CACHED/gm) ?? []).length;
        note(`\nstep ${current.step} graded in ${((Date.now() - began) / 1000).toFixed(1)} s (${fromCache} build steps from the cache)\n`);
        const failing = report.results.filter((r) => r.status !== "pass");
        if (failing.length) note(`${failing.map((r) => `${r.status} ${r.id}: ${r.message}`).join("\n")}\n`);
        if (report.results.some((r) => r.phase === "dynamic" && r.status === "fail")) note(log.slice(-3000));
        return report;
      };
    },
    async tearDown() {
      await removeEngine?.();
      if (workspace) rmSync(workspace, { recursive: true, force: true });
    },
    grade: (files, folder, gradeOptions = {}) => loaded(gradeIn)(files, folder ?? loaded(lesson).folder, gradeOptions),
  };
}
