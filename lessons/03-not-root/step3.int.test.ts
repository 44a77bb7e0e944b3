/**
 * Step 3's content against a real learner engine: the reference solution passes every check, the
 * starter does not, Dockerfiles that break one constraint fail exactly the matching check
 * (dependents skipped, all others pass), and other working mechanisms pass too.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { createLessonContentTest, edited, expectAllPass, expectOnlyFailure } from "../../server/grading-services/testing/content-test";

const FOLDER = "3_wordpress_multiservice_noroot";
const content = createLessonContentTest(path.resolve(__dirname), "step3contenttest");
const message = (report: { results: { id: string; message: string }[] }, id: string) => report.results.find((r) => r.id === id)!.message;

/** The reference's mechanism for Apache: its runtime folders given to mysql. */
const OWNED_FOLDERS = /RUN mkdir -p \/var\/run\/apache2 [^\n]*\\\n && chown -R mysql:mysql [^\n]*\n/;

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

  it("fails only user-instruction (the user checks skipped) without a USER line", async () => {
    const report = await content.grade({ Dockerfile: edited(content.solution, "USER mysql\n", "") });
    expectOnlyFailure(content.lesson, report, "user-instruction");
  });

  it("fails only image-user when a later USER root undoes USER mysql", async () => {
    const report = await content.grade({ Dockerfile: edited(content.solution, "USER mysql\n", "USER mysql\nUSER root\n") });
    expectOnlyFailure(content.lesson, report, "image-user");
    expect(message(report, "image-user")).toContain("its User is root, not mysql");
  });

  it("fails only container-up when Apache may not write its files as mysql", async () => {
    const report = await content.grade({ Dockerfile: edited(content.solution, OWNED_FOLDERS, "") });
    expectOnlyFailure(content.lesson, report, "container-up");
  });

  it("fails only services-running (the database check skipped) when the command no longer starts MariaDB", async () => {
    const report = await content.grade({ Dockerfile: edited(content.solution, "(mariadbd --user=mysql &) && exec", "exec") });
    expectOnlyFailure(content.lesson, report, "services-running");
    expect(message(report, "services-running")).toContain("the MariaDB server");
  });

  it("fails only site-answers when Apache, running as mysql, may not read the sources", async () => {
    const report = await content.grade({
      Dockerfile: edited(content.solution, "chown -R www-data:www-data /var/www/html/wordpress \\\n", "chown -R www-data:www-data /var/www/html/wordpress \\\n && chmod -R o-rwx /var/www/html/wordpress \\\n"),
    });
    expectOnlyFailure(content.lesson, report, "site-answers");
  });

  it("accepts the setuid bit on Apache instead of folders owned by mysql", async () => {
    const setuid = edited(content.solution, OWNED_FOLDERS, "RUN mkdir -p /var/run/apache2 /var/lock/apache2 \\\n && chmod u+s /usr/sbin/apache2\n");
    const report = await content.grade({ Dockerfile: setuid });
    expectAllPass(content.lesson, report);
  });

  it("accepts USER mysql:mysql, mariadbd-safe and the apache2 binary started directly", async () => {
    let other = edited(content.solution, "USER mysql\n", "USER mysql:mysql\n");
    other = edited(
      other,
      /CMD \[.*\]/,
      "CMD mariadbd-safe & . /etc/apache2/envvars && exec /usr/sbin/apache2 -D FOREGROUND",
    );
    const report = await content.grade({ Dockerfile: other });
    expectAllPass(content.lesson, report);
  });
});
