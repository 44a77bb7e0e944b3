/**
 * Step 1's content against a real learner engine: the reference solution passes every check, the
 * starter does not, the declared variants (variants/<name>/variant.yaml: Dockerfiles that break
 * one constraint) fail exactly the checks they declare (checks that depend on them are skipped,
 * all others pass), and what data cannot say (impostor binaries, messages) is tested here.
 * Variants run in one engine so they share its build cache.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { createLessonContentTest, declaredVariants, expectAllPass, expectOnlyFailure as expectOnly, itGradesDeclaredVariants, statusById } from "../../server/grading-services/testing/content-test";
import type { GradingReport } from "../../server/grading/run-checks";

const FOLDER = "1_worpress_multiservice_dirty";
const LESSON_DIR = path.resolve(__dirname);
const content = createLessonContentTest(LESSON_DIR, "step1contenttest");
const variants = await declaredVariants(LESSON_DIR);

const grade = (dockerfile: string, folder?: string, files?: Record<string, string>): Promise<GradingReport> =>
  content.grade({ ...files, Dockerfile: dockerfile }, folder);
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

  // The broken Dockerfiles of variants/ (variant.yaml says what each fails), one test each.
  itGradesDeclaredVariants(content, variants);

  it("fails only mysql-admin when admin may only SELECT (a constraint no static check can see)", async () => {
    const solution = content.solution;
    const selectOnly = solution.replaceAll("GRANT ALL PRIVILEGES ON", "GRANT SELECT ON");
    expect(selectOnly).not.toBe(solution);
    const report = await grade(selectOnly);
    expectOnlyFailure(report, "mysql-admin");
    expect(report.results.find((r) => r.id === "mysql-admin")!.message).toMatch(/denied|privilege/i);
  });

  it("is not fooled by an image of impostors (the forgery that scored 15/15 before the grader used its own tools)", async () => {
    // No-op apt-get, wget and unzip first on PATH, a dpkg-query listing the packages, a mariadb client
    // printing the expected answer, perl copied to /usr/sbin/apache2 serving a page that mentions
    // setup-config.php, and sleep copied to /usr/sbin/mariadbd.
    const noop = "#!/bin/sh\nexit 0\n";
    const files = {
      "fake-tools/apt-get": noop,
      "fake-tools/wget": noop,
      "fake-tools/unzip": noop,
      "fake-tools/mariadb": "#!/bin/sh\necho ADMIN-HAS-ALL-PRIVILEGES-ON-WORDPRESS\n",
      "fake-tools/dpkg-query": '#!/bin/sh\nfor p in apache2 php libapache2-mod-php php-mysql mariadb-server; do echo "ii  $p"; done\n',
      "site.pl":
        "use IO::Socket::INET;\nmy $s = IO::Socket::INET->new(LocalPort => 80, Listen => 5, ReuseAddr => 1) or die;\n" +
        'while (my $c = $s->accept) { my $r = <$c>; print $c "HTTP/1.0 200 OK\\r\\nContent-Type: text/html\\r\\n\\r\\n<a href=\\"wp-admin/setup-config.php\\">Set up</a>\\n"; close $c; }\n',
      Dockerfile: content.solution
        .replace("FROM debian:latest\n", "FROM debian:latest\nCOPY fake-tools/ /usr/local/bin/\nRUN chmod 755 /usr/local/bin/*\n")
        .replace(
          "# MariaDB in the background",
          "RUN mkdir -p /var/www/html/wordpress/wp-includes && echo \"<?php \\$wp_version = '6.8.1';\" >/var/www/html/wordpress/wp-includes/version.php \\\n" +
            " && cp /usr/bin/perl /usr/sbin/apache2 && cp /bin/sleep /usr/sbin/mariadbd\nCOPY site.pl /srv/site.pl\n# MariaDB in the background",
        )
        .replace(" && rm latest.zip \\\n && chown -R www-data:www-data /var/www/html/wordpress\n", " && rm -f latest.zip\n")
        .replace(/^RUN mkdir -p \/run\/mysqld[\s\S]*?mariadb-admin shutdown\n/m, "")
        .replace(/^CMD .*$/m, 'CMD ["bash", "-c", "(mariadbd infinity &) && exec apache2 /srv/site.pl"]'),
    };
    const report = await grade(files.Dockerfile, undefined, files);
    const status = statusById(report);
    expect(status["build"], report.results.find((r) => r.id === "build")?.message).toBe("pass");
    expect(status["container-up"]).toBe("pass");
    expect(status["site-answers"]).toBe("pass"); // perl does serve that page
    expect(status["required-packages"]).toBe("fail");
    expect(status["services-running"]).toBe("fail");
    expect(status["mysql-admin"]).toBe("fail");
    expect(report.passed).toBe(false);
    const message = (id: string) => report.results.find((r) => r.id === id)!.message;
    expect(message("services-running")).toContain("a process named apache2 runs /usr/sbin/apache2, which no installed package provides");
    expect(message("required-packages")).toContain("dpkg lists none of");
    expect(message("mysql-admin")).not.toContain("ADMIN-HAS-ALL-PRIVILEGES-ON-WORDPRESS");
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
