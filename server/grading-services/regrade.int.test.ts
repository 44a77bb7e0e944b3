/**
 * A teacher's re-grade end to end, with the real database, the real grader and the server's worker
 * loop: two students' submissions of a one-step course are graded (Submit's gradeInFreshSandbox)
 * and stored; the step's checks.yaml then gains a constraint; the preview shows, per student, the
 * score and pass that would change and the constraint that did; Apply makes the re-grade the grade
 * (the grid reads it) and keeps the old run; a preview whose checks changed again is refused.
 * The checks are static, so no engine is started: the test takes seconds.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../app-error";
import { createLogger } from "../logger";
import { forgetCourse } from "../lessons/course-cache";
import { makeAccount, useTestDatabase } from "../identity/testing/route-testing";
import type { SignedIn } from "../identity/accounts";
import type { RegradeView } from "../identity/class-regrades";
import type { GraderEngines } from "./submit-service";
import { TINY_STEP, tinySubmission, writeTinyCourse } from "./testing/regrade-course";

const ROOTLESS = "intr0000intr0000";
const WITH_USER = "intr1111intr1111";
let lessonsDir = "";
let cleanup: () => Promise<void>;
let teacher: SignedIn;
let classId = "";
const oldRuns = new Map<string, string>();

/** The worker must not need an engine for static checks: any launch fails the test's rows. */
const noEngines: GraderEngines = {
  launchExtra: () => Promise.reject(new Error("no engine expected for static checks")),
  removeExtraEngine: () => Promise.resolve(),
};

const regrades = () => import("../identity/class-regrades");

async function untilSettled(step: number, seen: string[]): Promise<RegradeView> {
  const { getClassRegrade } = await regrades();
  const deadline = Date.now() + 60_000;
  for (;;) {
    const view = (await getClassRegrade(teacher, classId, step))!;
    seen.push(`${view.status} ${view.done}/${view.total}${view.current ? ` ${view.current}` : ""}`);
    if (!["queued", "running"].includes(view.status)) return view;
    if (Date.now() > deadline) throw new Error(`the re-grade did not finish: ${seen.join(", ")}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  lessonsDir = fs.mkdtempSync(path.join(os.tmpdir(), "wb-regrade-int-lessons-"));
  writeTinyCourse(lessonsDir, "first");
  process.env.LESSONS_DIR = lessonsDir;
  cleanup = await useTestDatabase();
  forgetCourse();
  const repositories = await import("../db/repositories");
  const { createTeacherClass } = await import("../identity/classes");
  const { getLessonByStep } = await import("../lessons/load-lessons");
  const { gradeInFreshSandbox } = await import("./submit-service");
  const { frozenStepFromSnapshot } = await import("./frozen-step");
  const account = await makeAccount("teacher@example.org", "teacher");
  teacher = { id: account.id, email: account.email, role: "teacher", mustChangePassword: false, studentId: null, sessionId: "test" };
  classId = (await createTeacherClass(teacher, { name: "Tiny class", steps: [TINY_STEP] })).id;
  const lesson = (await getLessonByStep(TINY_STEP))!;
  for (const [studentId, name, files] of [
    [ROOTLESS, "Ada", tinySubmission("EXPOSE 80")],
    [WITH_USER, "Grace", tinySubmission("EXPOSE 80", "USER www-data")],
  ] as const) {
    await repositories.ensureStudent(studentId, name);
    await repositories.addClassMember(classId, studentId);
    // Submitted and graded with the first checks, as Submit does.
    const runId = await repositories.createCheckRun({ studentId, step: TINY_STEP, filesSnapshot: files, mode: "verified" });
    const report = await gradeInFreshSandbox(
      { key: runId, studentId, lesson, frozen: frozenStepFromSnapshot(files, [lesson.checks.folder]), progress: () => undefined },
      noEngines,
      createLogger({ level: "silent" }),
    );
    await repositories.finishCheckRun(runId, report);
    oldRuns.set(studentId, runId);
  }
}, 60_000);

afterAll(async () => {
  await cleanup();
  fs.rmSync(lessonsDir, { recursive: true, force: true });
});

describe("re-grading a step after its checks changed", () => {
  it("previews who would change and why, then applies it as the students' grade, keeping the old runs", async () => {
    const { startClassRegrade, applyClassRegrade } = await regrades();
    const { getClassGrid } = await import("../identity/classes");
    const { getCheckRun, getProgress } = await import("../db/repositories");
    const { startRegradeWorker } = await import("./regrade-worker");
    expect((await getProgress(ROOTLESS))[0]).toMatchObject({ bestScore: 100, passed: true });

    writeTinyCourse(lessonsDir, "stricter"); // a USER instruction is now required
    forgetCourse();
    const started = Date.now();
    const queued = await startClassRegrade(teacher, classId, TINY_STEP);
    expect(queued).toMatchObject({ status: "queued", total: 2, done: 0 });
    const worker = startRegradeWorker({ engines: noEngines, log: createLogger({ level: "silent" }) }, 50);
    const seen: string[] = [];
    const ready = await untilSettled(TINY_STEP, seen).finally(() => worker.stop());
    console.log(`re-grade of 2 submissions: ${Date.now() - started} ms; states seen: ${[...new Set(seen)].join(" | ")}`);

    expect(ready).toMatchObject({ status: "ready", done: 2, total: 2, fresh: true, changed: 2 });
    const [ada, grace] = ready.rows;
    expect(ada).toMatchObject({ name: "Ada", status: "graded", old: { score: 100, passed: true }, new: { passed: false }, scoreChanged: true, passChanged: true });
    expect(ada!.new!.score).toBe(66.7);
    expect(ada!.constraints).toEqual([{ id: "user", title: "The image names the USER that runs it", from: null, to: "fail" }]);
    expect(grace).toMatchObject({ name: "Grace", status: "graded", old: { score: 100, passed: true }, new: { score: 100, passed: true }, scoreChanged: false, passChanged: false });
    expect(grace!.constraints).toEqual([{ id: "user", title: "The image names the USER that runs it", from: null, to: "pass" }]);
    // Nothing a student sees has changed before Apply.
    expect((await getProgress(ROOTLESS))[0]).toMatchObject({ bestScore: 100, passed: true });

    const applied = await applyClassRegrade(teacher, classId, ready.id);
    expect(applied.status).toBe("applied");
    const progress = (await getProgress(ROOTLESS))[0]!;
    expect(progress.passed).toBe(false);
    expect(progress.attempts).toBe(1); // the re-grade is no attempt of hers
    expect(progress.bestScore).toBe(66.7);
    const cell = (await getClassGrid(teacher, classId)).rows.find((row) => row.studentId === ROOTLESS)!.cells[0]!;
    expect(cell).toMatchObject({ state: "submitted", passed: false, lateSubmissions: 0 });
    expect(cell.bestScore).toBe(66.7);
    // History: the old run is as it was; the new one grades the very same files.
    const old = (await getCheckRun(oldRuns.get(ROOTLESS)!))!;
    expect(old).toMatchObject({ score: 100, passed: true, status: "finished", mode: "verified" });
    const regraded = (await getCheckRun(applied.rows[0]!.appliedRunId!))!;
    expect(regraded).toMatchObject({ mode: "verified", status: "finished", passed: false, filesSnapshot: old.filesSnapshot });
    expect(regraded.startedAt.getTime()).toBe(old.startedAt.getTime());
    // The analytics and the per-constraint CSV read the re-grade in place of the run it replaced.
    const { getClassConstraintRows, getClassFailures } = await import("../identity/classes");
    const latest = (await getClassConstraintRows(teacher, classId, TINY_STEP)).rows.find((row) => row.name === "Ada")!.latest!;
    expect(latest.score).toBe(66.7);
    expect(latest.results.find((r) => r.id === "user")?.status).toBe("fail");
    const [failures] = await getClassFailures(teacher, classId);
    expect(failures!.constraints.find((c) => c.id === "user")).toMatchObject({ passed: 1, judged: 2 });
  });

  it("refuses to apply a preview whose checks changed again before Apply", async () => {
    const { startClassRegrade, applyClassRegrade } = await regrades();
    const { startRegradeWorker } = await import("./regrade-worker");
    writeTinyCourse(lessonsDir, "first");
    forgetCourse();
    await startClassRegrade(teacher, classId, TINY_STEP);
    const worker = startRegradeWorker({ engines: noEngines, log: createLogger({ level: "silent" }) }, 50);
    const ready = await untilSettled(TINY_STEP, []).finally(() => worker.stop());
    // Ada's latest graded run is now the re-grade (66.7): the first checks would give her 100 again.
    expect(ready.rows[0]).toMatchObject({ name: "Ada", old: { passed: false }, new: { score: 100, passed: true }, passChanged: true });
    writeTinyCourse(lessonsDir, "stricter");
    forgetCourse();
    const refused = await applyClassRegrade(teacher, classId, ready.id).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: "conflict", userMessage: expect.stringMatching(/checks changed since this preview/) });
  });
});
