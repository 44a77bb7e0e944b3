/**
 * Step 2's content against a real learner engine: the reference solution passes every check
 * (built without cache, as the step asks), the starter does not, and Dockerfiles that break one
 * constraint fail exactly the matching check (dependents skipped, all others pass).
 * Only the reference builds from scratch: the variants after it reuse its layers down to their
 * first changed line (GradeOptions.reuseLayers), so the package layer is built once per file, not
 * once per case; what they change and everything after it is built again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  createLessonContentTest,
  declaredVariants,
  edited,
  expectAllPass,
  expectOnlyFailure,
  gradeStatically,
  itGradesDeclaredVariants,
  staticStatuses,
} from "../../server/grading-services/testing/content-test";

const FOLDER = "2_wordpress_multiservice_better";
const content = createLessonContentTest(path.resolve(__dirname), "step2contenttest");
const variants = await declaredVariants(path.resolve(__dirname));

beforeAll(() => content.setUp());
afterAll(() => content.tearDown());

describe("step 2 in a real learner engine", () => {
  it("passes every check with the reference solution, rebuilt from scratch", async () => {
    const report = await content.grade({ Dockerfile: content.solution });
    expectAllPass(content.lesson, report);
    expect(report.buildLog).not.toMatch(/Using cache|CACHED/);
    const lint = report.results.find((r) => r.id === "best-practices")!;
    expect(lint.message).toMatch(/latest/);
  });

  it("does not pass with the starter, which only says where to begin", async () => {
    const starter = readFileSync(path.join(__dirname, "starter", FOLDER, "START_HERE.md"), "utf8");
    const report = await content.grade({ "START_HERE.md": starter });
    expectOnlyFailure(content.lesson, report, "folder");
  });

  // Read from the files, with no build: the lint is static, and no dynamic check reads the apt lists
  // (the grader's package verdicts come from dpkg's status and Debian's archive, server/sandbox/
  // debian-archive.ts), so the image, the same packages with their lists kept, grades as the reference.
  it("fails only best-practices when the apt lists stay in the image", async () => {
    const dockerfile = edited(content.solution, " \\\n && rm -rf /var/lib/apt/lists/*", "");
    const results = await gradeStatically(content.lesson.checks, { folder: FOLDER, files: { [`${FOLDER}/Dockerfile`]: dockerfile } });
    expect(results.has("folder") && results.has("step1-env-single-instruction")).toBe(true);
    expect(staticStatuses(results)).toEqual(Object.fromEntries([...results.keys()].map((id) => [id, id === "best-practices" ? "fail" : "pass"])));
    expect(results.get("best-practices")!.message).toContain("/var/lib/apt/lists");
  });

  // The variants of variants/ (each variant.yaml says what it fails), one test each, on the reference's layers.
  itGradesDeclaredVariants(content, variants, { reuseLayers: true });
});
