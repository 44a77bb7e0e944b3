/**
 * Step 7's content against a real learner engine: the reference stack passes every check (the
 * grader starts it with docker-compose, installs WordPress over HTTP and reads the home page),
 * the starter does not, broken stack files fail exactly the matching check (the stack is then not
 * started), and a stack whose wordpress container never serves the site fails only the journey.
 * The static variants are also covered, faster, by server/grading/stack-steps-checks.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chownSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadLesson, type Lesson } from "../../server/lessons/load-lessons";
import { runChecks, type GradingReport } from "../../server/grading/run-checks";
import type { LearnerEngine } from "../../server/sandbox/engine-manager";
import { createTestEngines, makeLearnerWorkspace, runAsLearner } from "../../server/sandbox/testing/test-engines";
import { EngineGradingSandbox } from "../../server/sandbox/engine-grading-sandbox";
import { LEARNER_UID } from "../../server/sandbox/engine-options";
import { readWorkspaceFromDisk } from "../../server/workspace";
import { readStep7Solution, readStep7Starter, STACK_FILE, STEP7_FOLDER, step7Broken, step7NoWebServer, step7WithSecrets } from "../../server/grading/fixtures/stack-variants";

const LESSON_DIR = path.resolve(__dirname);
const workspace = makeLearnerWorkspace("wb-step7-");
const engines = createTestEngines(workspace, { memoryBytes: 3 * 1024 ** 3, pidsLimit: 2048, nanoCpus: 2e9 });
const studentId = "step7contenttest";
let lesson: Lesson;
let engine: LearnerEngine;

async function grade(stack: string, others: Record<string, string> = {}): Promise<GradingReport> {
  rmSync(path.join(workspace, STEP7_FOLDER), { recursive: true, force: true });
  mkdirSync(path.join(workspace, STEP7_FOLDER), { recursive: true });
  writeFileSync(path.join(workspace, STEP7_FOLDER, STACK_FILE), stack);
  chownSync(path.join(workspace, STEP7_FOLDER), LEARNER_UID, LEARNER_UID);
  chownSync(path.join(workspace, STEP7_FOLDER, STACK_FILE), LEARNER_UID, LEARNER_UID);
  for (const [name, content] of Object.entries(others)) {
    writeFileSync(path.join(workspace, STEP7_FOLDER, name), content);
    chownSync(path.join(workspace, STEP7_FOLDER, name), LEARNER_UID, LEARNER_UID);
  }
  const files = await readWorkspaceFromDisk(workspace);
  let log = "";
  const began = Date.now();
  const report = await runChecks(lesson.checks, { folder: lesson.folder, files }, new EngineGradingSandbox(engine, workspace), { onLog: (t) => (log += t) });
  process.stderr.write(`\nstep 7 graded in ${((Date.now() - began) / 1000).toFixed(1)} s\n`);
  const failing = report.results.filter((r) => r.status !== "pass");
  if (failing.length) process.stderr.write(`${failing.map((r) => `${r.status} ${r.id}: ${r.message}`).join("\n")}\n`);
  if (report.results.some((r) => r.phase === "dynamic" && r.status === "fail")) process.stderr.write(log.slice(-3000));
  return report;
}

const statusById = (report: GradingReport) => Object.fromEntries(report.results.map((r) => [r.id, r.status]));

/** Exactly `failing` fails; the checks that require it (directly or not) are skipped; the rest pass. */
function expectOnlyFailure(report: GradingReport, failing: string): void {
  const dependents = new Set<string>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const check of lesson.checks.checks) {
      if (!dependents.has(check.id) && check.requires.some((id) => id === failing || dependents.has(id))) {
        dependents.add(check.id);
        grew = true;
      }
    }
  }
  const expected = Object.fromEntries(lesson.checks.checks.map((c) => [c.id, c.id === failing ? "fail" : dependents.has(c.id) ? "skip" : "pass"]));
  expect(statusById(report)).toEqual(expected);
  expect(report.passed).toBe(false);
}

beforeAll(async () => {
  lesson = await loadLesson(LESSON_DIR);
  engine = await engines.ensure(studentId);
});

afterAll(async () => {
  await engines.remove(studentId);
  rmSync(workspace, { recursive: true, force: true });
});

describe("step 7 in a real learner engine", () => {
  it("passes every check with the reference stack, and the site shows the title the grader installed", async () => {
    const report = await grade(readStep7Solution());
    expect(statusById(report)).toEqual(Object.fromEntries(lesson.checks.checks.map((c) => [c.id, "pass"])));
    expect(report.results.find((r) => r.id === "wordpress-site")!.message).toContain('"Docker Workbench step 7"');
    // The stack the grader started is the one the student's own docker-compose commands see.
    const ps = await runAsLearner(engine, `cd ~/workspace/${STEP7_FOLDER} && docker-compose -f ${STACK_FILE} ps --services --filter status=running`);
    expect(ps.output.split("\n").map((s) => s.trim()).filter(Boolean).sort()).toEqual(["db", "wordpress"]);
  });

  it("passes again when graded a second time (a fresh stack, installed again)", async () => {
    const report = await grade(readStep7Solution());
    expect(report.passed).toBe(true);
  });

  it("passes every check when both passwords are Docker secrets read from one file", async () => {
    const secrets = step7WithSecrets();
    const report = await grade(secrets.text, secrets.files);
    expect(statusById(report)).toEqual(Object.fromEntries(lesson.checks.checks.map((c) => [c.id, "pass"])));
  });

  it("does not pass with the starter", async () => {
    const report = await grade(readStep7Starter());
    expect(report.passed).toBe(false);
    expect(statusById(report)["stack-up"]).toBe("skip");
  });

  it.each(step7Broken().map((v) => [v.name, v.failing!, v.text]))("the broken variant '%s' fails exactly %s", async (_name, failing, text) => {
    expectOnlyFailure(await grade(text), failing);
  });

  it("fails only the journey when the wordpress container runs but never serves the site", async () => {
    const report = await grade(step7NoWebServer());
    expectOnlyFailure(report, "wordpress-site");
    expect(report.results.find((r) => r.id === "wordpress-site")!.message).toMatch(/nothing answered on port 8080/);
  });
});
