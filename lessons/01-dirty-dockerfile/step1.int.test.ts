/**
 * Step 1's content against a real learner engine: the reference solution passes every check, the
 * starter does not, and Dockerfiles that break one constraint fail exactly the matching check
 * (checks that depend on it are skipped, all others pass). Variants run in one engine so they
 * share its build cache.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chownSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadLesson, type Lesson } from "../../server/lessons/load-lessons";
import { runChecks, type GradingReport } from "../../server/grading/run-checks";
import type { LearnerEngine } from "../../server/sandbox/engine-manager";
import { createTestEngines, makeLearnerWorkspace } from "../../server/sandbox/testing/test-engines";
import { EngineGradingSandbox } from "../../server/sandbox/engine-grading-sandbox";
import { LEARNER_UID } from "../../server/sandbox/engine-options";
import { readWorkspaceFromDisk } from "../../server/workspace";

const FOLDER = "1_worpress_multiservice_dirty";
const LESSON_DIR = path.resolve(__dirname);
const BROKEN = path.resolve(__dirname, "../../server/grading/fixtures/step1/broken");
const solution = readFileSync(path.join(LESSON_DIR, "solution", FOLDER, "Dockerfile"), "utf8");

const workspace = makeLearnerWorkspace("wb-step1-");
const engines = createTestEngines(workspace, { memoryBytes: 3 * 1024 ** 3, pidsLimit: 2048, nanoCpus: 2e9 });
const studentId = "step1contenttest";
let lesson: Lesson;
let engine: LearnerEngine;

async function grade(dockerfile: string, folder = FOLDER): Promise<GradingReport> {
  rmSync(path.join(workspace, FOLDER), { recursive: true, force: true });
  rmSync(path.join(workspace, folder), { recursive: true, force: true });
  mkdirSync(path.join(workspace, folder), { recursive: true });
  writeFileSync(path.join(workspace, folder, "Dockerfile"), dockerfile);
  chownSync(path.join(workspace, folder), LEARNER_UID, LEARNER_UID);
  const files = await readWorkspaceFromDisk(workspace);
  let log = "";
  const report = await runChecks(lesson.checks, { folder: lesson.folder, files }, new EngineGradingSandbox(engine, workspace), {
    onLog: (t) => (log += t),
  });
  const failing = report.results.filter((r) => r.status !== "pass");
  if (failing.length) process.stderr.write(`\n${failing.map((r) => `${r.status} ${r.id}: ${r.message}`).join("\n")}\n`);
  if (report.results.find((r) => r.id === "build")?.status === "fail") process.stderr.write(log.slice(-3000));
  return report;
}

function statusById(report: GradingReport): Record<string, string> {
  return Object.fromEntries(report.results.map((r) => [r.id, r.status]));
}

/** Exactly `failing` fails; the checks that require it (directly or not) are skipped; the rest pass. */
function expectOnlyFailure(report: GradingReport, failing: string): void {
  const dependents = new Set<string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const check of lesson.checks.checks) {
      const implicit = check.kind === "processes" || check.kind === "exec" || check.kind === "http" ? ["container-up"] : [];
      const needs = [...check.requires, ...implicit];
      if (!dependents.has(check.id) && needs.some((id) => id === failing || dependents.has(id))) {
        dependents.add(check.id);
        grew = true;
      }
    }
  }
  const expected = Object.fromEntries(lesson.checks.checks.map((c) => [c.id, c.id === failing ? "fail" : dependents.has(c.id) ? "skip" : "pass"]));
  expect(statusById(report)).toEqual(expected);
  expect(report.passed).toBe(false);
}

beforeAll(async () => {
  lesson = await loadLesson(LESSON_DIR);
  engine = await engines.ensure(studentId);
});

afterAll(async () => {
  await engines.remove(studentId);
  rmSync(workspace, { recursive: true, force: true });
});

describe("step 1 in a real learner engine", () => {
  it("passes every check with the reference solution, and the site is the WordPress installer", async () => {
    const report = await grade(solution);
    expect(statusById(report)).toEqual(Object.fromEntries(lesson.checks.checks.map((c) => [c.id, "pass"])));
    expect(report.score).toBe(100);
    expect(report.passed).toBe(true);
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
    const selectOnly = solution.replaceAll("GRANT ALL PRIVILEGES ON", "GRANT SELECT ON");
    expect(selectOnly).not.toBe(solution);
    const report = await grade(selectOnly);
    expectOnlyFailure(report, "mysql-admin");
    expect(report.results.find((r) => r.id === "mysql-admin")!.message).toMatch(/denied|privilege/i);
  });

  it("fails container-up, with the reason, when nothing stays in the foreground", async () => {
    const background = solution.replace("exec apache2ctl -D FOREGROUND", "apache2ctl start");
    expect(background).not.toBe(solution);
    const report = await grade(background);
    expectOnlyFailure(report, "container-up");
    expect(report.results.find((r) => r.id === "container-up")!.message).toMatch(/exit/i);
  });

  it("fails only the folder check (and skips the rest) when the folder is misnamed", async () => {
    const report = await grade(solution, "1_wordpress_multiservice_dirty");
    const folder = report.results.find((r) => r.id === "folder")!;
    expect(folder.status).toBe("fail");
    expect(folder.message).toContain("1_worpress_multiservice_dirty");
    expect(folder.message).toContain("1_wordpress_multiservice_dirty");
    expect(report.results.filter((r) => r.id !== "folder").every((r) => r.status === "skip" || r.status === "fail")).toBe(true);
  });
});
