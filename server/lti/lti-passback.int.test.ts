/**
 * Scores back to a simulated LMS (./testing/platform-simulator.ts) through Assignment and Grade
 * Services: a learner launched from the LMS submits, and the LMS's grade book receives constraints
 * passed / constraints judged with activity and grading progress, under a line item the tool made
 * for the step; failures are retried and shown to the teacher; a submission graded by the real
 * Submit path sends its own fraction.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as classLmsRoute, POST as classLmsPost } from "@/app/api/classes/[id]/lms/route";
import { cookiesOf, makeAccount, pageRequest, TEST_PASSWORD, useTestDatabase } from "@/server/identity/testing/route-testing";
import { POST as signIn } from "@/app/api/auth/sign-in/route";
import { currentAccount } from "@/server/identity/accounts";
import { createCheckRun, finishCheckRun } from "@/server/db/repositories";
import { listLtiPassbacksOfClass } from "@/server/db/repositories/lti";
import { getLessonByStep } from "@/server/lessons/load-lessons";
import { createLogger } from "@/server/logger";
import { ensureWorkspace } from "@/server/workspace";
import { submitForGrading, type GraderEngines } from "@/server/grading-services/submit-service";
import type { CheckResult } from "@/lib/protocol/messages";
import { queueScorePassbacks, sendDuePassbacks, settlePassbacks } from "./score-passback";
import { launchThrough } from "./testing/launch-round";
import { ROLES, type PlatformSimulator } from "./testing/platform-simulator";
import { startRegisteredPlatform } from "./testing/registered-platform";

let sim: PlatformSimulator;
let cleanup: () => Promise<void>;
let classId = "";
let teacherCookie = "";
let learnerStudentId = "";

const result = (id: string, status: CheckResult["status"]): CheckResult => ({ id, title: id, status, message: "", phase: "dynamic" });

async function gradedRun(results: CheckResult[]): Promise<string> {
  const runId = await createCheckRun({ studentId: learnerStudentId, step: 1, filesSnapshot: {}, mode: "verified" });
  await finishCheckRun(runId, { score: 0, passed: false, results, buildLog: "" });
  await queueScorePassbacks({ runId, studentId: learnerStudentId, step: 1, results });
  await settlePassbacks();
  return runId;
}

const passbackOf = async (runId: string) => (await listLtiPassbacksOfClass(classId)).find((p) => p.runId === runId)!;

beforeAll(async () => {
  cleanup = await useTestDatabase();
  sim = await startRegisteredPlatform();
  const teacher = await launchThrough(sim, { sub: "prof", roles: [ROLES.instructor], contextId: "course-9", contextTitle: "Docker" });
  teacherCookie = cookiesOf(teacher.response);
  classId = decodeURIComponent(teacher.response.headers.get("location")!.split("/").at(-1)!);
  const learner = await launchThrough(sim, { sub: "student-sub-1", roles: [ROLES.learner], contextId: "course-9", custom: { step: "1" } });
  learnerStudentId = (await currentAccount(cookiesOf(learner.response)))!.studentId!;
});

afterAll(async () => {
  await sim?.close();
  await cleanup?.();
});

describe("score passback", () => {
  it("posts constraints passed / judged, Completed and FullyGraded, for the learner's LTI id, under a line item made for the step", async () => {
    const runId = await gradedRun([result("a", "pass"), result("b", "pass"), result("c", "pass"), result("d", "fail"), result("e", "skip")]);
    expect(sim.tokenRequests).toEqual([{ ok: true, scope: "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem https://purl.imsglobal.org/spec/lti-ags/scope/score" }]);
    expect(sim.lineItems).toEqual([expect.objectContaining({ contextId: "course-9", resourceId: "step-1", tag: "docker-workbench", scoreMaximum: 5, label: expect.stringMatching(/^Step 1: /) })]);
    expect(sim.scores).toEqual([
      expect.objectContaining({
        lineItemId: sim.lineItems[0]!.id,
        userId: "student-sub-1",
        scoreGiven: 3,
        scoreMaximum: 5,
        activityProgress: "Completed",
        gradingProgress: "FullyGraded",
      }),
    ]);
    expect(Date.parse(sim.scores[0]!.timestamp)).toBeGreaterThan(Date.now() - 60_000);
    expect(await passbackOf(runId)).toMatchObject({ status: "sent", attempts: 1, lastError: null });
  });

  it("retries a passback the LMS failed, keeps why for the teacher, and reuses the step's line item", async () => {
    sim.failScores(1, 503);
    const runId = await gradedRun([result("a", "pass"), result("b", "fail")]);
    const failed = await passbackOf(runId);
    expect(failed).toMatchObject({ status: "pending", attempts: 1 });
    expect(failed.lastError).toMatch(/HTTP 503/);
    expect(failed.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 20_000);
    const seen = await (await classLmsRoute(pageRequest(`/api/classes/${classId}/lms`, { cookie: teacherCookie }), { params: Promise.resolve({ id: classId }) })).json();
    expect(seen.bound).toMatchObject({ issuer: sim.issuer, contextId: "course-9", gradeService: true });
    expect(seen.passbacks[0]).toMatchObject({ status: "pending", attempts: 1, lastError: expect.stringMatching(/503/) });
    expect(await sendDuePassbacks(new Date(Date.now() + 31_000))).toBe(1);
    expect(sim.scores.at(-1)).toMatchObject({ userId: "student-sub-1", scoreGiven: 1, scoreMaximum: 2 });
    expect(sim.lineItems).toHaveLength(1);
    expect(await passbackOf(runId)).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("gives up at once on a refusal that retrying cannot mend, and sends it again when the teacher asks", async () => {
    sim.failScores(1, 400);
    const runId = await gradedRun([result("a", "pass")]);
    expect(await passbackOf(runId)).toMatchObject({ status: "failed", attempts: 1, lastError: expect.stringMatching(/HTTP 400/) });
    const passback = await passbackOf(runId);
    const post = (cookie: string) => classLmsPost(pageRequest(`/api/classes/${classId}/lms`, { cookie, body: { retry: passback.id } }), { params: Promise.resolve({ id: classId }) });
    expect((await post("")).status).toBe(401);
    await makeAccount("other-teacher@example.org", "teacher");
    const other = cookiesOf(await signIn(pageRequest("/api/auth/sign-in", { body: { email: "other-teacher@example.org", password: TEST_PASSWORD } })));
    expect((await post(other)).status).toBe(404);
    expect((await post(teacherCookie)).status).toBe(200);
    await settlePassbacks();
    expect(await passbackOf(runId)).toMatchObject({ status: "sent", attempts: 2 });
    expect(sim.scores.at(-1)).toMatchObject({ scoreGiven: 1, scoreMaximum: 1 });
  });

  it("sends nothing for a student of the class who never launched from the LMS", async () => {
    expect(await queueScorePassbacks({ runId: "no-such-run", studentId: "nobody0000000000", step: 1, results: [result("a", "pass")] })).toBe(0);
  });

  it("a submission graded by Submit sends its own fraction (nothing to build: the folder check fails, the rest cannot pass)", async () => {
    await ensureWorkspace(learnerStudentId, process.getuid?.() ?? 0, process.getgid?.() ?? 0);
    const engines: GraderEngines = {
      launchExtra: () => Promise.reject(new Error("no engine is needed when there is nothing to build")),
      removeExtraEngine: () => Promise.resolve(),
    };
    const before = sim.scores.length;
    const report = await submitForGrading(learnerStudentId, 1, engines, () => undefined, createLogger({ level: "silent" }));
    await settlePassbacks();
    const lesson = await getLessonByStep(1);
    expect(report.results).toHaveLength(lesson!.checks.checks.length);
    expect(sim.scores.length).toBe(before + 1);
    expect(sim.scores.at(-1)).toMatchObject({ userId: "student-sub-1", scoreGiven: 0, scoreMaximum: lesson!.checks.checks.length, gradingProgress: "FullyGraded" });
  });
});
