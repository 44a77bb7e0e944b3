/**
 * Step 1's content against a real learner engine: the reference solution passes every check, the
 * starter does not, and Dockerfiles that break one constraint fail exactly the matching check
 * (checks that depend on it are skipped, all others pass). Variants run in one engine so they
 * share its build cache.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { createLessonContentTest, expectAllPass, expectOnlyFailure as expectOnly, statusById } from "../../server/grading/testing/lesson-content-test";
import type { GradingReport } from "../../server/grading/run-checks";

const FOLDER = "1_worpress_multiservice_dirty";
const LESSON_DIR = path.resolve(__dirname);
const BROKEN = path.resolve(__dirname, "../../server/grading/fixtures/step1/broken");
const content = createLessonContentTest(LESSON_DIR, "step1contenttest");

const grade = (dockerfile: string, folder?: string): Promise<GradingReport> => content.grade({ Dockerfile: dockerfile }, folder);
const expectOnlyFailure = (report: GradingReport, failing: string) => expectOnly(content.lesson, report, failing);

beforeAll(() => content.setUp());
afterAll(() => content.tearDown());

describe("step 1 in a real learner engine", () => {
  it("passes every check with the reference solution, and the site is the WordPress installer", async () => {
    expectAllPass(content.lesson, await grade(content.solution));
  });

  it("does not pass with the starter", async () => {
    const starter = readFileSync(path.join(LESSON_DIR, "starter", FOLDER, "Dockerfile"), "utf8");
    const report = await grade(starter);
    expect(report.passed).toBe(false);
    expect(statusById(report)["build"]).toBe("pass");
    expect(statusById(report)["container-up"]).toBe("fail");
  });

  it.each([
    ["env-split", "env-single-instruction"],
    ["tarball", "zip-download"],
    ["wrong-image-tag", "names"],
    ["commands-at-top", "trailing-comments"],
    ["base-bookworm", "base-image"],
    ["wordpress-package", "no-wordpress-package"],
  ])("the broken variant %s fails exactly %s", async (variant, failing) => {
    const report = await grade(readFileSync(path.join(BROKEN, variant, "Dockerfile"), "utf8"));
    expectOnlyFailure(report, failing);
  });

  it("fails only mysql-admin when admin may only SELECT (a constraint no static check can see)", async () => {
    const solution = content.solution;
    const selectOnly = solution.replaceAll("GRANT ALL PRIVILEGES ON", "GRANT SELECT ON");
    expect(selectOnly).not.toBe(solution);
    const report = await grade(selectOnly);
    expectOnlyFailure(report, "mysql-admin");
    expect(report.results.find((r) => r.id === "mysql-admin")!.message).toMatch(/denied|privilege/i);
  });

  it("fails container-up, with the reason, when nothing stays in the foreground", async () => {
    const solution = content.solution;
    const background = solution.replace("exec apache2ctl -D FOREGROUND", "apache2ctl start");
    expect(background).not.toBe(solution);
    const report = await grade(background);
    expectOnlyFailure(report, "container-up");
    expect(report.results.find((r) => r.id === "container-up")!.message).toMatch(/exit/i);
  });

  it("fails only the folder check (and skips the rest) when the folder is misnamed", async () => {
    const report = await grade(content.solution, "1_wordpress_multiservice_dirty");
    const folder = report.results.find((r) => r.id === "folder")!;
    expect(folder.status).toBe("fail");
    expect(folder.message).toContain("1_worpress_multiservice_dirty");
    expect(folder.message).toContain("1_wordpress_multiservice_dirty");
    expect(report.results.filter((r) => r.id !== "folder").every((r) => r.status === "skip" || r.status === "fail")).toBe(true);
  });
});
