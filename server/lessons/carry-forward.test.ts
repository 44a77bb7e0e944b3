/**
 * Checks a step keeps from earlier ones (checks.yaml `keeps`): how the loader resolves them, what
 * a student sees when a later step breaks an earlier rule, and the load errors of a bad reference.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckResult } from "../../lib/protocol/messages";
import { checksFileSchema, type CheckSpec } from "../grading/check-spec";
import { runChecks, runStaticChecks } from "../grading/run-checks";
import type { GradingSandbox } from "../grading/grading-sandbox";
import { fakeSandbox } from "../grading/fixtures/fake-sandbox";
import { resolveKeptChecks } from "./carry-forward";
import { LESSONS_DIR, LessonError, loadCourse, loadLesson, type Lesson } from "./load-lessons";

/** The files of a solution folder, keyed as a workspace snapshot keys them. */
function filesUnder(root: string, relative = ""): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(path.join(root, relative))) {
    const rel = relative ? `${relative}/${entry}` : entry;
    if (statSync(path.join(root, rel)).isDirectory()) Object.assign(files, filesUnder(root, rel));
    else files[rel] = readFileSync(path.join(root, rel), "utf8");
  }
  return files;
}

let course: Lesson[];
const lesson = (step: number) => course.find((l) => l.step === step)!;
const check = (step: number, id: string) => lesson(step).checks.checks.find((c) => c.id === id);
const solutionOf = (step: number) => filesUnder(lesson(step).solutionDir!);
const byId = (results: CheckResult[], id: string) => results.find((r) => r.id === id);

beforeAll(async () => {
  course = await loadCourse();
});

describe("the course's kept checks", () => {
  it("gives step 4 step 3's user rules, read in step 4's folder, requiring step 4's build and each other", () => {
    expect(check(4, "step3-user-instruction")).toMatchObject({ kind: "instruction", instruction: "USER", requires: [] });
    expect(check(4, "step3-image-user")).toMatchObject({ kind: "image-config", user: "mysql", requires: ["build", "step3-user-instruction"] });
    expect(check(4, "step3-main-process-user")).toMatchObject({ requires: ["container-up", "step3-image-user"] });
    expect(check(4, "step3-user-instruction")!.title).toBe("Kept from step 3: The Dockerfile has a USER mysql instruction");
    // Step 3 itself is unchanged, and nothing carries the user rule to step 5, whose images differ.
    expect(check(3, "user-instruction")!.title).toBe("The Dockerfile has a USER mysql instruction");
    expect(lesson(5).checks.checks.filter((c) => c.id.startsWith("step3-"))).toEqual([]);
  });

  it("are there when one lesson is loaded on its own, as the content tests do", async () => {
    const alone = await loadLesson(path.join(LESSONS_DIR, "04-persistent-data"));
    expect(alone.checks.checks.map((c) => c.id)).toEqual(lesson(4).checks.checks.map((c) => c.id));
  });

  it("reads step 1's and step 2's Dockerfile rules in the file of step 5 each one is about", () => {
    const file = (id: string) => (check(5, id) as { file?: string } | undefined)?.file;
    expect(file("step1-zip-download")).toBe("apache_wordpress/Dockerfile");
    expect(file("step1-env-single-instruction")).toBe("mysql_wordpress/Dockerfile");
    expect(file("step2-best-practices-apache-wordpress")).toBe("apache_wordpress/Dockerfile");
    expect(file("step2-best-practices-mysql-wordpress")).toBe("mysql_wordpress/Dockerfile");
    expect(check(5, "step2-best-practices-mysql-wordpress")!.title).toMatch(/^Kept from step 2: .*\(mysql_wordpress\/Dockerfile\)$/);
  });

  it("passes on every reference solution: each step keeps what its own solution does", () => {
    for (const l of course.filter((c) => c.checks.keeps.length > 0)) {
      const results = runStaticChecks(l.checks, { folder: l.checks.folder, files: solutionOf(l.step) });
      const kept = results.filter((r) => /^step\d+-/.test(r.id));
      expect(kept.length, l.slug).toBeGreaterThan(0);
      expect(kept.filter((r) => r.status !== "pass").map((r) => `${r.id}: ${r.message}`), l.slug).toEqual([]);
    }
  });
});

describe("a later step that breaks an earlier step's rule", () => {
  const FOLDER = "4_wordpress_multiservice_persistant";
  const withDockerfile = (edit: (text: string) => string) => {
    const files = solutionOf(4);
    files[`${FOLDER}/Dockerfile`] = edit(files[`${FOLDER}/Dockerfile`]!);
    return { folder: FOLDER, files };
  };

  it("fails step 4 when its Dockerfile drops USER mysql, naming step 3 in the title and the failure's first hint level", () => {
    const results = runStaticChecks(lesson(4).checks, withDockerfile((t) => t.replace(/^USER mysql$/m, "")));
    const broken = byId(results, "step3-user-instruction")!;
    expect(broken.status).toBe("fail");
    expect(broken.title).toMatch(/^Kept from step 3:/);
    expect(broken.hints?.[0]).toMatch(/^Step 3's rule broken: /);
    expect(broken.message).toMatch(/USER/);
    // Step 4's own checks do not notice: without the kept check this regression would pass.
    expect(results.filter((r) => !r.id.startsWith("step") && r.status !== "pass")).toEqual([]);
  });

  it("passes step 4's Dockerfile that keeps the user, and gives no step-3 hint then", () => {
    const results = runStaticChecks(lesson(4).checks, withDockerfile((t) => t));
    const kept = byId(results, "step3-user-instruction")!;
    expect(kept.status).toBe("pass");
    expect(kept.hint).toBeUndefined();
    expect(kept.hints).toBeUndefined();
  });

  it("fails step 4's image that runs as root when the grader builds it, saying step 3's rule is broken", async () => {
    // A USER mysql the student overrides later with USER root: the static check sees USER mysql,
    // the image config tells the truth.
    const sandbox: GradingSandbox = fakeSandbox({
      build: async () => ({ kind: "build", ok: true, timedOut: false, logTail: "", durationMs: 1 }),
      runContainer: async () => ({ kind: "container", started: true, running: true, logsTail: "" }),
      inspectImage: async () => ({ kind: "image-config", env: ["MYSQL_PASSWORD=tempo", "MYSQL_USER=admin", "MYSQL_DATABASE=wordpress"], user: "root", exposedPorts: ["80/tcp"], volumes: ["/var/lib/mysql", "/var/www/html"], cmd: null, entrypoint: null }),
      listPackages: async () => ({ kind: "packages", installed: ["apache2", "mariadb-server"] }),
      listProcesses: async () => ({ kind: "processes", processes: [{ command: "apache2", user: "0", args: "" }, { command: "mariadbd", user: "101", args: "" }] }),
      httpGet: async () => ({ kind: "http", status: 200, body: "wp-admin/setup-config.php", chain: ["http://localhost/wordpress/"] }),
      execInContainer: async () => ({ kind: "exec", exitCode: 0, output: "ADMIN-HAS-ALL-PRIVILEGES-ON-WORDPRESS", timedOut: false }),
      checkPersistence: async () => {
        const up = { started: true, running: true, logsTail: "" };
        const script = { exitCode: 0, output: "The row: row-kept-by-the-volume\nThe file: file-kept-by-the-volume", timedOut: false, tries: 1 };
        return { kind: "persistence", first: up, write: script, second: up, read: script };
      },
    });
    const report = await runChecks(lesson(4).checks, withDockerfile((t) => t.replace(/^USER mysql$/m, "USER mysql\nUSER root")), sandbox);
    const imageUser = byId(report.results, "step3-image-user")!;
    expect(imageUser).toMatchObject({ status: "fail", title: "Kept from step 3: The image's user is mysql" });
    expect(imageUser.hints?.[0]).toMatch(/^Step 3's rule broken: /);
    expect(byId(report.results, "step3-main-process-user")!.status).toBe("skip");
    expect(byId(report.results, "data-persists")!.status).toBe("pass");
    expect(report.passed).toBe(false);
  });

  it("fails step 5 when the web image downloads the tar.gz, naming step 1 and the file", () => {
    const files = solutionOf(5);
    const web = "5_wordpress_microservice_persistant/apache_wordpress/Dockerfile";
    files[web] = files[web]!.replace("latest.zip", "latest.tar.gz").replace("unzip -q latest.zip -d /var/www/html", "tar -xzf latest.tar.gz -C /var/www/html").replace("rm latest.zip", "rm latest.tar.gz");
    const result = byId(runStaticChecks(lesson(5).checks, { folder: lesson(5).checks.folder, files }), "step1-zip-download")!;
    expect(result.status).toBe("fail");
    expect(result.title).toMatch(/^Kept from step 1:/);
    expect(result.hints?.[0]).toMatch(/^Step 1's rule broken: /);
    expect(result.file).toBe(web);
  });
});

describe("a bad reference to an earlier step", () => {
  const earlier = () => new Map(course.map((l) => [l.step, { slug: l.slug, checks: l.checks.checks.filter((c: CheckSpec) => !/^step\d+-/.test(c.id)) }]));
  const later = (keeps: unknown[], step = 4) =>
    checksFileSchema.parse({ step, folder: "x", checks: [{ id: "build", kind: "build", title: "b", tag: "t" }], keeps });

  it("is refused with the step or check at fault", () => {
    expect(() => resolveKeptChecks(later([{ step: 12, checks: ["folder"] }], 14), earlier())).toThrow("keeps checks of step 12, but no lesson is step 12");
    expect(() => resolveKeptChecks(later([{ step: 4, checks: ["folder"] }]), earlier())).toThrow("step 4, which does not come before step 4");
    expect(() => resolveKeptChecks(later([{ step: 3, checks: ["user-instructon"] }]), earlier())).toThrow(/keeps check "user-instructon" of step 3, which 03-not-root\/checks\.yaml does not have \(it has folder, user-instruction/);
    expect(() => resolveKeptChecks(later([{ step: 3, checks: ["image-user"], files: ["a/Dockerfile"] }]), earlier())).toThrow(/an? image-config check reads no file/);
    // image-user requires user-instruction, which this step neither keeps nor has.
    expect(() => resolveKeptChecks(later([{ step: 3, checks: ["image-user"] }]), earlier())).toThrow(/requires "user-instruction": keep that one too/);
  });

  describe("in the lessons folder", () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), "wb-keeps-"));
    afterAll(() => rmSync(tmp, { recursive: true, force: true }));

    it("makes the course fail to load, naming the lesson file", async () => {
      for (const slug of ["01-dirty-dockerfile", "02-best-practices", "03-not-root", "04-persistent-data"]) {
        cpSync(path.join(LESSONS_DIR, slug), path.join(tmp, slug), { recursive: true });
      }
      const file = path.join(tmp, "04-persistent-data", "checks.yaml");
      const original = readFileSync(file, "utf8");
      await expect(loadCourse(tmp)).resolves.toHaveLength(4);
      writeFileSync(file, original.replace("names, image-env]", "names, image-envv]"));
      await expect(loadCourse(tmp)).rejects.toThrow(LessonError);
      await expect(loadCourse(tmp)).rejects.toThrow(/^04-persistent-data\/checks\.yaml: keeps check "image-envv" of step 1, which 01-dirty-dockerfile\/checks\.yaml does not have/);
      rmSync(path.join(tmp, "01-dirty-dockerfile"), { recursive: true });
      writeFileSync(file, original);
      await expect(loadCourse(tmp)).rejects.toThrow(/checks\.yaml: keeps checks of step 1, but no lesson is step 1/);
    });
  });
});
