/**
 * Step 8's content against a real learner engine: the reference stack passes every check (the
 * grader starts it, installs WordPress over HTTP, removes and recreates the stack, and finds the
 * same site with its data in ~/data_wordpress and ~/source_code_wordpress), the starter does not,
 * broken stack files fail exactly the matching check, and a database that keeps its data outside
 * the bind mount fails only the persistence journey. The static variants are also covered, faster,
 * by server/grading/stack-steps-checks.test.ts.
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
import { readStep8Solution, readStep8Starter, STACK_FILE, STEP8_FOLDER, step8Broken, step8DataElsewhere } from "../../server/grading/fixtures/stack-variants";

const LESSON_DIR = path.resolve(__dirname);
const workspace = makeLearnerWorkspace("wb-step8-");
const engines = createTestEngines(workspace, { memoryBytes: 3 * 1024 ** 3, pidsLimit: 2048, nanoCpus: 2e9 });
const studentId = "step8contenttest";
let lesson: Lesson;
let engine: LearnerEngine;

async function grade(stack: string): Promise<GradingReport> {
  rmSync(path.join(workspace, STEP8_FOLDER), { recursive: true, force: true });
  mkdirSync(path.join(workspace, STEP8_FOLDER), { recursive: true });
  writeFileSync(path.join(workspace, STEP8_FOLDER, STACK_FILE), stack);
  chownSync(path.join(workspace, STEP8_FOLDER), LEARNER_UID, LEARNER_UID);
  chownSync(path.join(workspace, STEP8_FOLDER, STACK_FILE), LEARNER_UID, LEARNER_UID);
  const files = await readWorkspaceFromDisk(workspace);
  let log = "";
  const began = Date.now();
  const report = await runChecks(lesson.checks, { folder: lesson.folder, files }, new EngineGradingSandbox(engine, workspace), { onLog: (t) => (log += t) });
  process.stderr.write(`\nstep 8 graded in ${((Date.now() - began) / 1000).toFixed(1)} s\n`);
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

describe("step 8 in a real learner engine", () => {
  it("passes every check with the reference stack: the site survives removing and recreating the stack", async () => {
    const report = await grade(readStep8Solution());
    expect(statusById(report)).toEqual(Object.fromEntries(lesson.checks.checks.map((c) => [c.id, "pass"])));
    const journey = report.results.find((r) => r.id === "wordpress-persists")!;
    expect(journey.message).toContain('The grader installed WordPress with the title "Docker Workbench step 8"');
    expect(journey.message).toContain('After removing and recreating the stack, it still shows "Docker Workbench step 8"');
    // The data really is in the learner's home: the sources are readable there.
    const ls = await runAsLearner(engine, "ls ~/source_code_wordpress/wp-config.php ~/source_code_wordpress/wp-includes/version.php");
    expect(ls.exitCode).toBe(0);
  });

  it("keeps a site that is already installed when graded again", async () => {
    const report = await grade(readStep8Solution());
    expect(report.passed).toBe(true);
    expect(report.results.find((r) => r.id === "wordpress-persists")!.message).toContain('already installed (the grader kept it): the home page shows "Docker Workbench step 8');
  });

  it("keeps a site the student installed through the workbench's preview, at another address", async () => {
    // Start over: remove the stack and the data the grader left (owned by the containers' users).
    const reset = await runAsLearner(
      engine,
      `cd ~/workspace/${STEP8_FOLDER} && docker-compose -f ${STACK_FILE} down && ` +
        'docker run --rm -v "$HOME:/h" --entrypoint rm wordpress -rf /h/data_wordpress /h/source_code_wordpress && ' +
        `docker-compose -f ${STACK_FILE} up -d`,
    );
    expect(reset.exitCode, reset.output).toBe(0);
    // The student's browser reaches the site through the workbench, so WordPress records that address.
    const install = await runAsLearner(
      engine,
      'for i in $(seq 1 60); do curl -s -o /dev/null -H "Host: workbench.test:3000" http://localhost:8080/wp-admin/install.php && ' +
        'curl -s -H "Host: workbench.test:3000" http://localhost:8080/wp-admin/install.php | grep -q weblog_title && break; sleep 2; done; ' +
        'curl -s -H "Host: workbench.test:3000" --data-urlencode "weblog_title=Mon blog à moi" -d user_name=me -d admin_password=S3cret-pass ' +
        '-d admin_password2=S3cret-pass -d pw_weak=on -d admin_email=me@example.com -d blog_public=0 ' +
        '"http://localhost:8080/wp-admin/install.php?step=2" | grep -c "Success"',
      180_000,
    );
    expect(install.output.trim()).toBe("1");
    const report = await grade(readStep8Solution());
    expect(report.passed).toBe(true);
    const message = report.results.find((r) => r.id === "wordpress-persists")!.message;
    expect(message).toContain('already installed (the grader kept it): the home page shows "Mon blog à moi');
    expect(message).toContain('it still shows "Mon blog à moi');
  });

  it("does not pass with the starter (step 7's stack without the bind mounts)", async () => {
    const report = await grade(readStep8Starter());
    expectOnlyFailure(report, "bind-mounts");
  });

  it.each(step8Broken().map((v) => [v.name, v.failing!, v.text]))("the broken variant '%s' fails exactly %s", async (_name, failing, text) => {
    expectOnlyFailure(await grade(text), failing);
  });

  it("fails only the journey when the database keeps its data outside the bind mount", async () => {
    const report = await grade(step8DataElsewhere());
    expectOnlyFailure(report, "wordpress-persists");
    expect(report.results.find((r) => r.id === "wordpress-persists")!.message).toContain("shows WordPress's installer again: the database was not kept");
  });
});
