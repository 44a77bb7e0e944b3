/**
 * Step 7's content against a real learner engine: the reference stack passes every check (the
 * grader starts it with docker-compose, installs WordPress over HTTP and reads the home page),
 * the starter does not, broken stack files fail exactly the matching check (the stack is then not
 * started), and a stack whose wordpress container never serves the site fails only the journey.
 * The broken stack files are the lesson's declared variants (variants/); the unit tests
 * (server/grading/stack-steps-checks.test.ts) judge the same edits statically from their own copy
 * (server/grading/fixtures/stack-variants.ts: the grading core may not read the lessons).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import type { GradingReport } from "../../server/grading/run-checks";
import { createLessonContentTest, declaredVariants, expectOnlyFailure as expectOnly, itGradesDeclaredVariants, statusById } from "../../server/grading-services/testing/content-test";
import { runAsLearner } from "../../server/sandbox/testing/test-engines";
import { readStep7Solution, readStep7Starter, STACK_FILE, STEP7_FOLDER, step7NoWebServer } from "../../server/grading/fixtures/stack-variants";

const LESSON_DIR = path.resolve(__dirname);
const content = createLessonContentTest(LESSON_DIR, "step7contenttest");
const variants = await declaredVariants(LESSON_DIR);

const grade = (stack: string, others: Record<string, string> = {}): Promise<GradingReport> => content.grade({ [STACK_FILE]: stack, ...others });
const expectOnlyFailure = (report: GradingReport, failing: string) => expectOnly(content.lesson, report, failing);

beforeAll(() => content.setUp());
afterAll(() => content.tearDown());

describe("step 7 in a real learner engine", () => {
  it("passes every check with the reference stack, and the site shows the title the grader installed", async () => {
    const report = await grade(readStep7Solution());
    expect(statusById(report)).toEqual(Object.fromEntries(content.lesson.checks.checks.map((c) => [c.id, "pass"])));
    expect(report.results.find((r) => r.id === "wordpress-site")!.message).toContain('"Docker Workbench step 7"');
    // The stack the grader started is the one the student's own docker-compose commands see.
    const ps = await runAsLearner(content.engine, `cd ~/workspace/${STEP7_FOLDER} && docker-compose -f ${STACK_FILE} ps --services --filter status=running`);
    expect(ps.output.split("\n").map((s) => s.trim()).filter(Boolean).sort()).toEqual(["db", "wordpress"]);
  });

  it("passes again when graded a second time (a fresh stack, installed again)", async () => {
    const report = await grade(readStep7Solution());
    expect(report.passed).toBe(true);
  });

  it("does not pass with the starter", async () => {
    const report = await grade(readStep7Starter());
    expect(report.passed).toBe(false);
    expect(statusById(report)["stack-up"]).toBe("skip");
  });

  // The variants of variants/ (each variant.yaml says what it fails), one test each.
  itGradesDeclaredVariants(content, variants);

  it("fails only the journey when the wordpress container runs but never serves the site", async () => {
    const report = await grade(step7NoWebServer());
    expectOnlyFailure(report, "wordpress-site");
    expect(report.results.find((r) => r.id === "wordpress-site")!.message).toMatch(/nothing answered on port 8080/);
  });
});
