/**
 * Step 8's content against a real learner engine: the reference stack passes every check (the
 * grader starts it, installs WordPress over HTTP, removes and recreates the stack, and finds the
 * same site with its data in ~/data_wordpress and ~/source_code_wordpress), the starter does not,
 * broken stack files fail exactly the matching check, and a database that keeps its data outside
 * the bind mount fails only the persistence journey. The static variants are also covered, faster,
 * by server/grading/stack-steps-checks.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import type { GradingReport } from "../../server/grading/run-checks";
import { createLessonContentTest, declaredVariants, expectOnlyFailure as expectOnly, itGradesDeclaredVariants, statusById } from "../../server/grading-services/testing/content-test";
import { runAsLearner } from "../../server/sandbox/testing/test-engines";
import { readStep8Solution, readStep8Starter, STACK_FILE, STEP8_FOLDER, step8DataElsewhere } from "../../server/grading/fixtures/stack-variants";

const LESSON_DIR = path.resolve(__dirname);
const content = createLessonContentTest(LESSON_DIR, "step8contenttest");
const variants = await declaredVariants(LESSON_DIR);

const grade = (stack: string): Promise<GradingReport> => content.grade({ [STACK_FILE]: stack });
const expectOnlyFailure = (report: GradingReport, failing: string) => expectOnly(content.lesson, report, failing);

beforeAll(() => content.setUp());
afterAll(() => content.tearDown());

describe("step 8 in a real learner engine", () => {
  it("passes every check with the reference stack: the site survives removing and recreating the stack", async () => {
    const report = await grade(readStep8Solution());
    expect(statusById(report)).toEqual(Object.fromEntries(content.lesson.checks.checks.map((c) => [c.id, "pass"])));
    const journey = report.results.find((r) => r.id === "wordpress-persists")!;
    expect(journey.message).toContain('The grader installed WordPress with the title "Docker Workbench step 8"');
    expect(journey.message).toContain('After removing and recreating the stack, it still shows "Docker Workbench step 8"');
    // The data really is in the learner's home: the sources are readable there.
    const ls = await runAsLearner(content.engine, "ls ~/source_code_wordpress/wp-config.php ~/source_code_wordpress/wp-includes/version.php");
    expect(ls.exitCode).toBe(0);
  });

  it("keeps a site that is already installed when graded again", async () => {
    const report = await grade(readStep8Solution());
    expect(report.passed).toBe(true);
    expect(report.results.find((r) => r.id === "wordpress-persists")!.message).toContain('already installed (the grader kept it): the home page shows "Docker Workbench step 8');
  });

  it("keeps a site the student installed through the workbench's preview, at another address", async () => {
    // Start over: remove the stack and the data the grader left (owned by the containers' users).
    const reset = await runAsLearner(content.engine,
      `cd ~/workspace/${STEP8_FOLDER} && docker-compose -f ${STACK_FILE} down && ` +
        'docker run --rm -v "$HOME:/h" --entrypoint rm wordpress -rf /h/data_wordpress /h/source_code_wordpress && ' +
        `docker-compose -f ${STACK_FILE} up -d`,
    );
    expect(reset.exitCode, reset.output).toBe(0);
    // The student's browser reaches the site through the workbench, so WordPress records that address.
    const install = await runAsLearner(content.engine,
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

  // The variants of variants/ (each variant.yaml says what it fails), one test each.
  itGradesDeclaredVariants(content, variants);

  it("fails only the journey when the database keeps its data outside the bind mount", async () => {
    const report = await grade(step8DataElsewhere());
    expectOnlyFailure(report, "wordpress-persists");
    expect(report.results.find((r) => r.id === "wordpress-persists")!.message).toContain("shows WordPress's installer again: the database was not kept");
  });
});
