/**
 * Step 5's content against a real learner engine: the reference (two Dockerfiles and
 * build_and_launch.sh) passes every check, the starter does not, and variants that break one
 * constraint fail exactly the matching check (what depends on it is skipped, the rest passes).
 * One engine for the file, so the variants reuse the reference's build cache.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import { createFolderContentTest, declaredVariants, edited, expectAllPass, expectOnlyFailure, itGradesDeclaredVariants, statusById, type FolderFiles } from "../../server/grading-services/testing/content-test";

const test = createFolderContentTest(path.resolve(__dirname), "step5contenttest");
const variants = await declaredVariants(path.resolve(__dirname));
const SCRIPT = "build_and_launch.sh";
const MYSQL = "mysql_wordpress/Dockerfile";

/** The reference with one file changed. */
function variant(file: string, change: (text: string) => string): FolderFiles {
  const files = test.solution;
  return { ...files, [file]: change(files[file]!) };
}

const messageOf = (report: { results: { id: string; message: string }[] }, id: string) => report.results.find((r) => r.id === id)!.message;

beforeAll(() => test.setUp());
afterAll(() => test.tearDown());

describe("step 5 in a real learner engine", () => {
  it("passes every check with the reference solution", async () => {
    const report = await test.grade(test.solution);
    expectAllPass(test.lesson, report);
    expect(messageOf(report, "wordpress-reaches-db")).toMatch(/PHP connected/);
  });

  it("does not pass with the starter: its script starts no container", async () => {
    const report = await test.grade(test.starter);
    expect(report.passed).toBe(false);
    expect(statusById(report)["script-runs"]).toBe("pass");
    expect(statusById(report)["two-containers"]).toBe("fail");
    expect(messageOf(report, "two-containers")).toMatch(/exactly 2 containers; found 0/);
  });

  it("fails only db-listens-remotely when bind-address stays active", async () => {
    const report = await test.grade(variant(MYSQL, (text) => edited(text, /^RUN sed -i .*50-server\.cnf\n/m, "")));
    expectOnlyFailure(test.lesson, report, "db-listens-remotely");
    expect(messageOf(report, "db-listens-remotely")).toMatch(/127\.0\.0\.1 only[\s\S]*bind-address/);
  });

  it("fails only db-port-private when the script publishes 3306", async () => {
    const report = await test.grade(variant(SCRIPT, (text) => edited(text, "docker run -d --name mysql_wordpress \\", "docker run -d --name mysql_wordpress -p 3306:3306 \\")));
    expectOnlyFailure(test.lesson, report, "db-port-private");
    expect(messageOf(report, "db-port-private")).toMatch(/publishes its port 3306/);
  });

  it("fails only linked when the containers share a user-defined network instead of --link", async () => {
    const report = await test.grade(
      variant(SCRIPT, (text) =>
        edited(
          edited(text, "docker run -d --name mysql_wordpress \\", "docker network create wpnet 2>/dev/null || true\ndocker run -d --name mysql_wordpress --network wpnet \\"),
          "--link mysql_wordpress:mysql_wordpress",
          "--network wpnet",
        ),
      ),
    );
    expectOnlyFailure(test.lesson, report, "linked");
    expect(messageOf(report, "linked")).toMatch(/--link[\s\S]*network wpnet/);
  });

  // The variants of variants/ (each variant.yaml says what it fails), one test each.
  itGradesDeclaredVariants(test, variants);

  it("fails only script-runs (with the error) when the script builds only one of the images", async () => {
    const report = await test.grade(
      variant(SCRIPT, (text) =>
        edited(text, "docker build -t apache_wordpress ./apache_wordpress\n", "").replace(/(-t |--name |\n  )apache_wordpress\b/g, "$1apache_wordpress_unbuilt"),
      ),
    );
    expectOnlyFailure(test.lesson, report, "script-runs");
    expect(messageOf(report, "script-runs")).toMatch(/apache_wordpress_unbuilt/);
  });

  it("fails the folder check, naming both folders, when the step-4 folder was copied without renaming", async () => {
    const report = await test.grade(test.solution, "4_wordpress_multiservice_persistant");
    const folder = report.results.find((r) => r.id === "folder")!;
    expect(folder.status).toBe("fail");
    expect(folder.message).toContain("5_wordpress_microservice_persistant");
    expect(folder.message).toContain("4_wordpress_multiservice_persistant");
    expect(report.results.filter((r) => r.id !== "folder").every((r) => r.status === "skip")).toBe(true);
  });

  it("passes again on a second Check (warm cache), after removing what the failed script left behind", async () => {
    const report = await test.grade(test.solution);
    expectAllPass(test.lesson, report);
    process.stderr.write(`step 5 warm Check of the reference: ${(report.durationMs / 1000).toFixed(1)} s\n`);
  });
});
