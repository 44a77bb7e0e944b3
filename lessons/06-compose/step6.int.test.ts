/**
 * Step 6's content against a real learner engine: the reference compose project passes every
 * check, the starter does not, and projects that break one constraint fail exactly the matching
 * check (what depends on it is skipped, the rest passes). One engine, so variants share the cache.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import { createFolderContentTest, declaredVariants, edited, expectAllPass, expectOnlyFailure, itGradesDeclaredVariants, statusById, type FolderFiles } from "../../server/grading-services/testing/content-test";
import { runAsLearner } from "../../server/sandbox/testing/test-engines";

const test = createFolderContentTest(path.resolve(__dirname), "step6contenttest");
const variants = await declaredVariants(path.resolve(__dirname));
const COMPOSE = "docker-compose.yml";

/** The reference with one file changed. */
function variant(file: string, change: (text: string) => string): FolderFiles {
  const files = test.solution;
  return { ...files, [file]: change(files[file]!) };
}

const resultOf = (report: { results: { id: string; message: string; line?: number }[] }, id: string) => report.results.find((r) => r.id === id)!;

beforeAll(() => test.setUp());
afterAll(() => test.tearDown());

describe("step 6 in a real learner engine", () => {
  it("passes every check with the reference solution", async () => {
    const report = await test.grade(test.solution);
    expectAllPass(test.lesson, report);
    expect(resultOf(report, "db-by-service-name").message).toMatch(/PHP connected/);
    expect(resultOf(report, "compose-up").message).toMatch(/6_wordpress_microservice_compose_apache_wordpress_1/);
  });

  it("does not pass with the starter", async () => {
    const report = await test.grade(test.starter);
    expect(report.passed).toBe(false);
    expect(statusById(report)["compose-version"]).toBe("fail");
    expect(statusById(report)["service-names"]).toBe("fail");
    expect(statusById(report)["compose-up"]).toBe("fail");
  });

  it("fails only compose-version with version 2, marking its line", async () => {
    const report = await test.grade(variant(COMPOSE, (text) => edited(text, 'version: "3.8"', 'version: "2.4"')));
    expectOnlyFailure(test.lesson, report, "compose-version");
    expect(resultOf(report, "compose-version").line).toBe(3);
  });

  it("fails only service-names (dependents skipped) when the database service is spelled mysql-wordpress", async () => {
    const report = await test.grade(variant(COMPOSE, (text) => edited(edited(text, "  mysql_wordpress:\n", "  mysql-wordpress:\n"), "      - mysql_wordpress\n", "      - mysql-wordpress\n")));
    expectOnlyFailure(test.lesson, report, "service-names");
    expect(resultOf(report, "service-names").message).toMatch(/mysql-wordpress must be named exactly mysql_wordpress/);
  });

  // The variants of variants/ (each variant.yaml says what it fails), one test each.
  itGradesDeclaredVariants(test, variants);

  it("fails only db-listens-remotely when bind-address stays active", async () => {
    const report = await test.grade(variant("mysql_wordpress/Dockerfile", (text) => edited(text, /^RUN sed -i .*50-server\.cnf\n/m, "")));
    expectOnlyFailure(test.lesson, report, "db-listens-remotely");
    expect(resultOf(report, "db-listens-remotely").message).toMatch(/bind-address/);
  });

  it("fails only compose-up, naming the service that stopped, when Apache does not stay in the foreground", async () => {
    const report = await test.grade(variant(COMPOSE, (text) => edited(text, "    build: ./apache_wordpress\n", '    build: ./apache_wordpress\n    command: ["apache2ctl", "start"]\n')));
    expectOnlyFailure(test.lesson, report, "compose-up");
    expect(resultOf(report, "compose-up").message).toMatch(/apache_wordpress_1 \(service apache_wordpress\) is (exited|restarting)/);
  });

  it("passes again on a second Check (warm cache), replacing a leftover container that holds port 80", async () => {
    // The previous variant's stack may still hold port 80: start from an engine with only the leftover.
    const leftover = await runAsLearner(
      test.engine,
      "docker rm -f $(docker ps -aq) >/dev/null 2>&1; docker run -d --name leftover_step5 -p 80:80 debian:latest sleep infinity",
    );
    expect(leftover.exitCode, leftover.output).toBe(0);
    const report = await test.grade(test.solution);
    expectAllPass(test.lesson, report);
    const after = await runAsLearner(test.engine, "docker ps -a --format '{{.Names}}'");
    expect(after.output).not.toContain("leftover_step5");
    process.stderr.write(`step 6 warm Check of the reference: ${(report.durationMs / 1000).toFixed(1)} s\n`);
  });

  it("keeps a site the student installed themselves (the database volume keeps it across Checks)", async () => {
    const folder = `~/workspace/${test.lesson.folder}`;
    const project = `-p ${test.lesson.folder} -f ${COMPOSE}`;
    const up = await runAsLearner(
      test.engine,
      `cd ${folder} && docker-compose ${project} down -v >/dev/null 2>&1; docker-compose ${project} up -d >/dev/null 2>&1 && ` +
        "for i in $(seq 1 60); do curl -sL http://localhost:80/wordpress/ | grep -q install.php && break; sleep 2; done; echo ready",
      300_000,
    );
    expect(up.output).toContain("ready");
    const form = "weblog_title=My+step+6+site&user_name=admin&admin_password=Step6-pass-w0rd&admin_password2=Step6-pass-w0rd&pw_weak=on&admin_email=student%40example.com&blog_public=0";
    const install = await runAsLearner(test.engine, `curl -s -o /dev/null -w '%{http_code}' -d '${form}' 'http://localhost:80/wordpress/wp-admin/install.php?step=2'`);
    expect(install.output, install.output).toMatch(/^200/);
    const report = await test.grade(test.solution);
    expectAllPass(test.lesson, report);
    expect(resultOf(report, "wordpress-installs").message).toContain('already installed (the grader kept it): the home page shows "My step 6 site"');
  });
});
