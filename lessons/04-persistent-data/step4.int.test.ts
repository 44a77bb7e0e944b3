/**
 * Step 4's content against a real learner engine: the reference solution passes every check
 * (its data survives a new container on the same named volumes), the starter does not, broken
 * Dockerfiles fail exactly the matching check (dependents skipped, all others pass), and other
 * spellings of VOLUME, or named volumes in the documented run command alone, pass too. Also checks that the persistence check cleans up after itself.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { createLessonContentTest, declaredVariants, edited, expectAllPass, expectOnlyFailure, itGradesDeclaredVariants } from "../../server/grading-services/testing/content-test";
import { runAsLearner } from "../../server/sandbox/testing/test-engines";

const FOLDER = "4_wordpress_multiservice_persistant";
const content = createLessonContentTest(path.resolve(__dirname), "step4contenttest");
const variants = await declaredVariants(path.resolve(__dirname));
const message = (report: { results: { id: string; message: string }[] }, id: string) => report.results.find((r) => r.id === id)!.message;
const VOLUME = 'VOLUME ["/var/lib/mysql", "/var/www/html"]\n';

beforeAll(() => content.setUp());
afterAll(() => content.tearDown());

describe("step 4 in a real learner engine", () => {
  it("passes every check with the reference solution, and leaves none of the check's volumes behind", async () => {
    const report = await content.grade({ Dockerfile: content.solution });
    expectAllPass(content.lesson, report);
    expect(message(report, "data-persists")).toContain("still there");
    const left = await runAsLearner(content.engine, "docker volume ls -q; docker ps -a --format '{{.Names}}'");
    expect(left.output).not.toMatch(/wb_check_mysql_data|wb_check_html|wb_check_persistence/);
    expect(left.output).toContain("mon_conteneur_wordpress");
  });

  it("does not pass with the starter, which only says where to begin", async () => {
    const starter = readFileSync(path.join(__dirname, "starter", FOLDER, "START_HERE.md"), "utf8");
    expectOnlyFailure(content.lesson, await content.grade({ "START_HERE.md": starter }), "folder");
  });

  it("passes without VOLUME when the documented run command names both volumes", async () => {
    const report = await content.grade({ Dockerfile: edited(content.solution, VOLUME, "") });
    expectAllPass(content.lesson, report);
    expect(message(report, "volumes")).toContain("the named volume wordpress_db in the run command");
  });

  it("fails only volumes when neither VOLUME nor a named volume keeps /var/www/html", async () => {
    let anonymous = edited(content.solution, VOLUME, "VOLUME /var/lib/mysql\n");
    anonymous = edited(anonymous, "-v wordpress_html:/var/www/html", "-v /var/www/html");
    const report = await content.grade({ Dockerfile: anonymous });
    expectOnlyFailure(content.lesson, report, "volumes");
    expect(message(report, "volumes")).toContain("/var/www/html: the run command on line");
    expect(message(report, "volumes")).toContain("an anonymous volume, which docker volume prune deletes");
  });

  it("fails only data-persists when every start resets the database", async () => {
    let reset = edited(content.solution, "USER mysql\n", "RUN cp -a /var/lib/mysql /opt/mysql-initial\nUSER mysql\n");
    reset = edited(reset, '"(mariadbd --user=mysql &) && exec', '"rm -rf /var/lib/mysql/* && cp -a /opt/mysql-initial/. /var/lib/mysql/ && (mariadbd --user=mysql &) && exec');
    const report = await content.grade({ Dockerfile: reset });
    expectOnlyFailure(content.lesson, report, "data-persists");
    expect(message(report, "data-persists")).toContain("it is gone");
  });


  // The variants of variants/ (each variant.yaml says what it fails), one test each.
  itGradesDeclaredVariants(content, variants);
});
