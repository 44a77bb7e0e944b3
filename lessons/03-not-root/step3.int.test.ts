/**
 * Step 3's content against a real learner engine: the reference solution passes every check, the
 * starter does not, Dockerfiles that break one constraint fail exactly the matching check
 * (dependents skipped, all others pass), and other working mechanisms pass too.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { createLessonContentTest, declaredVariants, edited, expectAllPass, expectOnlyFailure, itGradesDeclaredVariants } from "../../server/grading-services/testing/content-test";

const FOLDER = "3_wordpress_multiservice_noroot";
const content = createLessonContentTest(path.resolve(__dirname), "step3contenttest");
const variants = await declaredVariants(path.resolve(__dirname));
const message = (report: { results: { id: string; message: string }[] }, id: string) => report.results.find((r) => r.id === id)!.message;

beforeAll(() => content.setUp());
afterAll(() => content.tearDown());

describe("step 3 in a real learner engine", () => {
  it("passes every check with the reference solution: PID 1 and Apache run as mysql", async () => {
    const report = await content.grade({ Dockerfile: content.solution });
    expectAllPass(content.lesson, report);
    expect(message(report, "main-process-user")).toMatch(/runs as mysql \(uid \d+\)/);
  });

  it("does not pass with the starter, which only says where to begin", async () => {
    const starter = readFileSync(path.join(__dirname, "starter", FOLDER, "START_HERE.md"), "utf8");
    expectOnlyFailure(content.lesson, await content.grade({ "START_HERE.md": starter }), "folder");
  });

  it("fails only image-user when a later USER root undoes USER mysql", async () => {
    const report = await content.grade({ Dockerfile: edited(content.solution, "USER mysql\n", "USER mysql\nUSER root\n") });
    expectOnlyFailure(content.lesson, report, "image-user");
    expect(message(report, "image-user")).toContain("its User is root, not mysql");
  });

  it("fails only services-running (the database check skipped) when the command no longer starts MariaDB", async () => {
    const report = await content.grade({ Dockerfile: edited(content.solution, "(mariadbd --user=mysql &) && exec", "exec") });
    expectOnlyFailure(content.lesson, report, "services-running");
    expect(message(report, "services-running")).toContain("the MariaDB server");
  });


  // The variants of variants/ (each variant.yaml says what it fails), one test each.
  itGradesDeclaredVariants(content, variants);
});
