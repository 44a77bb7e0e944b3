/**
 * `lessons:validate --prove`: in one real learner engine per lesson (./../grading-services/testing/
 * lesson-engine.ts, the engine of the content tests), grade the reference solution (every check
 * must pass), the starter (it must not pass) and each declared variant (it must fail as its
 * variant.yaml says). One line per case as it is known, with ✓/✗ and its time.
 */
import path from "node:path";
import { randomBytes } from "node:crypto";
import type { Lesson } from "./load-lessons";
import { loadVariants, readFolderFilesSync, type FolderFiles } from "./load-variants";
import { verdictProblems, type Expectation } from "./variant-verdict";
import { createLessonEngine } from "../grading-services/testing/lesson-engine";

export interface ProofCase {
  name: string;
  files: FolderFiles;
  expectation: Expectation;
}

export interface ProofLine {
  step: number;
  name: string;
  ok: boolean;
  seconds: number;
  problems: string[];
}

/** The cases of a lesson: solution, starter, then its variants in folder order. */
export function proofCases(lesson: Lesson): ProofCase[] {
  const at = (dir: string | null) => (dir ? readFolderFilesSync(path.join(dir, lesson.folder)) : {});
  return [
    { name: "solution", files: at(lesson.solutionDir), expectation: { kind: "exactly", checks: [] } },
    { name: "starter", files: at(lesson.starterDir), expectation: { kind: "not-passed" } },
    ...loadVariants(lesson).map((v) => ({ name: `variant ${v.name}`, files: v.files, expectation: v.expectation })),
  ];
}

export function formatProofLine(line: ProofLine): string {
  const head = `${line.ok ? "✓" : "✗"} step ${line.step}  ${line.name}  ${line.seconds.toFixed(1)} s`;
  return [head, ...line.problems.map((p) => `    ${p}`)].join("\n");
}

/** Proves each lesson in turn; `print` gets each line as soon as its case is graded. Resolves with every line. */
export async function proveLessons(lessons: Lesson[], print: (text: string) => void): Promise<ProofLine[]> {
  const lines: ProofLine[] = [];
  for (const lesson of lessons) {
    const cases = proofCases(lesson);
    print(`step ${lesson.step} (${lesson.slug}): ${cases.length} cases, starting a learner engine…`);
    const engine = createLessonEngine(lesson.dir, `prove${randomBytes(6).toString("hex")}`, { owner: "cli", notes: null });
    // Stopped with Ctrl-C: the engine goes too, as with `npm run grade`.
    const onSignal = () => void engine.tearDown().finally(() => process.exit(130));
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    const startedAt = Date.now();
    try {
      await engine.setUp();
    } catch (error) {
      const line = { step: lesson.step, name: "engine", ok: false, seconds: (Date.now() - startedAt) / 1000, problems: [`no learner engine: ${(error as Error).message}`] };
      lines.push(line);
      print(formatProofLine(line));
      await engine.tearDown().catch(() => undefined);
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      continue;
    }
    try {
      for (const proofCase of cases) {
        const began = Date.now();
        let problems: string[];
        try {
          const report = await engine.grade(proofCase.files);
          problems = verdictProblems(engine.lesson.checks.checks, report, proofCase.expectation);
        } catch (error) {
          problems = [`the grade did not finish: ${(error as Error).message}`];
        }
        const line = { step: lesson.step, name: proofCase.name, ok: problems.length === 0, seconds: (Date.now() - began) / 1000, problems };
        lines.push(line);
        print(formatProofLine(line));
      }
    } finally {
      await engine.tearDown().catch(() => undefined);
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
  }
  return lines;
}
