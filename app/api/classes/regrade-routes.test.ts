/**
 * The re-grade routes as each kind of visitor (nobody, a student, another teacher, the class's
 * teacher, an admin, a teacher's API token), and what a teacher sees when a grading sandbox cannot
 * start, when the checks change before Apply, and after Cancel. The grading itself is the real
 * worker's on a one-step fixture course (server/grading-services/regrade.int.test.ts grades and applies).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addClassMember, createCheckRun, finishCheckRun, getRegradeJob, listCheckRuns } from "@/server/db/repositories";
import { cookiesOf, makeAccount, pageRequest, TEST_PASSWORD, useTestDatabase } from "@/server/identity/testing/route-testing";
import { createLogger } from "@/server/logger";
import { forgetCourse } from "@/server/lessons/course-cache";
import { TINY_STEP, tinySubmission, writeTinyCourse } from "@/server/grading-services/testing/regrade-course";
import type { GraderEngines } from "@/server/grading-services/submit-service";
import type { RegradeView } from "@/server/identity/class-regrades";

type Actor = "nobody" | "student" | "otherTeacher" | "owner" | "admin";
const cookies: Record<Actor, string> = { nobody: "", student: "", otherTeacher: "", owner: "", admin: "" };
const WITH_FILES = "regr0000regr0000";
const WITHOUT_FOLDER = "regr1111regr1111";
let lessonsDir = "";
let classId = "";
let ownerToken = "";
let otherToken = "";
let cleanup: () => Promise<void>;
let routes: typeof import("./[id]/regrades/route");
let worker: typeof import("@/server/grading-services/regrade-worker");

const params = (id: string) => ({ params: Promise.resolve({ id }) });
const get = (actor: Actor, step = TINY_STEP, headers: Record<string, string> = {}) =>
  routes.GET(pageRequest(`/api/classes/${classId}/regrades?step=${step}`, { cookie: cookies[actor], headers }), params(classId));
const post = (actor: Actor, body: unknown, headers: Record<string, string> = {}) =>
  routes.POST(pageRequest(`/api/classes/${classId}/regrades`, { body, cookie: cookies[actor], headers }), params(classId));
const viewOf = async (response: Response | Promise<Response>) => ((await (await response).json()) as { regrade: RegradeView | null }).regrade;
const bearer = (token: string) => ({ authorization: `Bearer ${token}`, "sec-fetch-site": "none" });

/** Engines that never start: what a broken Docker gives the worker. */
const brokenEngines: GraderEngines = {
  launchExtra: () => Promise.reject(new Error("docker: connection refused")),
  removeExtraEngine: () => Promise.resolve(),
};

async function gradeQueued(): Promise<void> {
  const { claimQueuedRegradeJob } = await import("@/server/db/repositories");
  const job = await claimQueuedRegradeJob();
  expect(job).not.toBeNull();
  await worker.runRegradeJob(job!, { engines: brokenEngines, log: createLogger({ level: "silent" }) });
}

beforeAll(async () => {
  lessonsDir = fs.mkdtempSync(path.join(os.tmpdir(), "wb-regrade-lessons-"));
  writeTinyCourse(lessonsDir, "engine");
  process.env.LESSONS_DIR = lessonsDir;
  cleanup = await useTestDatabase();
  forgetCourse();
  routes = await import("./[id]/regrades/route");
  worker = await import("@/server/grading-services/regrade-worker");
  const { POST: signIn } = await import("../auth/sign-in/route");
  const { POST: createClass } = await import("./route");
  const { POST: makeToken } = await import("../tokens/route");
  const sessionOf = async (email: string) => cookiesOf(await signIn(pageRequest("/api/auth/sign-in", { body: { email, password: TEST_PASSWORD } })));
  await makeAccount("owner@example.org", "teacher");
  await makeAccount("other@example.org", "teacher");
  await makeAccount("root@example.org", "admin");
  await makeAccount("learner@example.org", "student", WITH_FILES);
  await makeAccount("second@example.org", "student", WITHOUT_FOLDER);
  cookies.owner = await sessionOf("owner@example.org");
  cookies.otherTeacher = await sessionOf("other@example.org");
  cookies.admin = await sessionOf("root@example.org");
  cookies.student = await sessionOf("learner@example.org");
  const created = await createClass(pageRequest("/api/classes", { cookie: cookies.owner, body: { name: "Re-grade group", steps: [TINY_STEP] } }));
  classId = ((await created.json()) as { id: string }).id;
  const tokenOf = async (actor: Actor) => ((await (await makeToken(pageRequest("/api/tokens", { body: { name: "script" }, cookie: cookies[actor] }))).json()) as { token: string }).token;
  ownerToken = await tokenOf("owner");
  otherToken = await tokenOf("otherTeacher");
  for (const [studentId, files] of [
    [WITH_FILES, tinySubmission("EXPOSE 80")],
    [WITHOUT_FOLDER, { "elsewhere/Dockerfile": "FROM debian\n" }],
  ] as const) {
    await addClassMember(classId, studentId);
    const run = await createCheckRun({ studentId, step: TINY_STEP, filesSnapshot: files, mode: "verified" });
    await finishCheckRun(run, { score: 40, passed: false, results: [], buildLog: "" });
  }
}, 60_000);
afterAll(async () => {
  await cleanup();
  fs.rmSync(lessonsDir, { recursive: true, force: true });
});

describe("the re-grade routes' permissions", () => {
  it("let the class's teacher and an admin start and read a preview; nobody 401, a student 403, another teacher 404", async () => {
    const body = { action: "preview", step: TINY_STEP };
    expect((await post("nobody", body)).status).toBe(401);
    expect((await post("student", body)).status).toBe(403);
    expect((await post("otherTeacher", body)).status).toBe(404);
    expect((await post("owner", body, { "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await get("nobody")).status).toBe(401);
    expect((await get("student")).status).toBe(403);
    expect((await get("otherTeacher")).status).toBe(404);
    expect(await viewOf(get("owner"))).toBeNull();

    const started = await viewOf(post("admin", body));
    expect(started).toMatchObject({ step: TINY_STEP, status: "queued", total: 2, done: 0, fresh: true });
    expect(started!.rows.map((row) => row.name)).toEqual(["Student regr", "Student regr"]);
    expect((await viewOf(get("owner")))!.id).toBe(started!.id);
    // Apply and Cancel of this class's job by anyone else: the job is not theirs to see.
    expect((await post("otherTeacher", { action: "cancel", id: started!.id })).status).toBe(404);
    expect((await post("student", { action: "apply", id: started!.id })).status).toBe(403);
    expect((await post("owner", { action: "apply", id: "not-a-job" })).status).toBe(404);
    expect((await post("owner", { action: "preview", step: 2 })).status).toBe(400);
    expect((await post("owner", { action: "delete", id: started!.id })).status).toBe(400);
  });

  it("can be read with the teacher's API token, never changed with it; another teacher's token gets 404", async () => {
    expect((await get("nobody", TINY_STEP, bearer(ownerToken))).status).toBe(200);
    expect((await get("nobody", TINY_STEP, bearer(otherToken))).status).toBe(404);
    // A script's request is not same-site, and a token is no session: refused either way.
    expect((await post("nobody", { action: "preview", step: TINY_STEP }, bearer(ownerToken))).status).toBe(403);
    expect((await post("nobody", { action: "preview", step: TINY_STEP }, { authorization: `Bearer ${ownerToken}` })).status).toBe(401);
  });
});

describe("a re-grade preview", () => {
  it("reports the student whose grading sandbox did not start, grades the others, and applies only what was graded", async () => {
    const started = (await viewOf(post("owner", { action: "preview", step: TINY_STEP })))!;
    await gradeQueued();
    const ready = (await viewOf(get("owner")))!;
    expect(ready).toMatchObject({ id: started.id, status: "ready", done: 2, total: 2, current: null, fresh: true });
    const broken = ready.rows.find((row) => row.studentId === WITH_FILES)!;
    expect(broken).toMatchObject({ status: "error", new: null });
    expect(broken.errorMessage).toMatch(/grading sandbox could not be started/);
    // No folder, no build: graded from the files alone, every check failing or skipped.
    const graded = ready.rows.find((row) => row.studentId === WITHOUT_FOLDER)!;
    expect(graded).toMatchObject({ status: "graded", new: { score: 0, passed: false }, scoreChanged: true, passChanged: false });
    expect(graded.constraints.map((c) => [c.id, c.from, c.to])).toEqual([
      ["folder", null, "fail"],
      ["expose", null, "skip"],
      ["build", null, "skip"],
    ]);

    const applied = (await viewOf(post("owner", { action: "apply", id: started.id })))!;
    expect(applied.status).toBe("applied");
    expect(applied.rows.find((row) => row.studentId === WITH_FILES)!.appliedRunId).toBeNull();
    const newRun = applied.rows.find((row) => row.studentId === WITHOUT_FOLDER)!.appliedRunId;
    const runs = await listCheckRuns(WITHOUT_FOLDER, TINY_STEP);
    expect(runs.map((run) => [run.id === newRun, run.score])).toEqual([
      [true, 0],
      [false, 40],
    ]);
    expect((await listCheckRuns(WITH_FILES, TINY_STEP)).length).toBe(1);
    const again = await post("owner", { action: "apply", id: started.id });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { message: string } }).error.message).toMatch(/already applied/);
  });

  it("is refused at Apply once the step's checks changed since it was graded, and can be cancelled", async () => {
    const started = (await viewOf(post("owner", { action: "preview", step: TINY_STEP })))!;
    await gradeQueued();
    writeTinyCourse(lessonsDir, "first");
    forgetCourse();
    expect((await viewOf(get("owner")))!).toMatchObject({ status: "ready", fresh: false });
    const stale = await post("owner", { action: "apply", id: started.id });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { error: { message: string } }).error.message).toMatch(/checks changed since this preview/);
    expect((await getRegradeJob(started.id))!.status).toBe("ready");

    const cancelled = (await viewOf(post("owner", { action: "cancel", id: started.id })))!;
    expect(cancelled.status).toBe("cancelled");
    expect((await post("owner", { action: "apply", id: started.id })).status).toBe(409);
    expect((await post("owner", { action: "cancel", id: started.id })).status).toBe(409);
  });

  it("goes on after a server restart from the rows not yet graded", async () => {
    const { claimQueuedRegradeJob, listRegradeRows, requeueRunningRegradeJobs, saveRegradeRow } = await import("@/server/db/repositories");
    writeTinyCourse(lessonsDir, "engine");
    forgetCourse();
    const started = (await viewOf(post("owner", { action: "preview", step: TINY_STEP })))!;
    // The last process took the job and graded Ada's row, then stopped.
    expect((await claimQueuedRegradeJob())!.id).toBe(started.id);
    const [first] = await listRegradeRows(started.id);
    await saveRegradeRow(first!.id, { score: 50, passed: false, results: [], buildLog: "graded before the restart", durationMs: 1 });
    expect(await requeueRunningRegradeJobs()).toBe(1);
    await gradeQueued();
    const rows = await listRegradeRows(started.id);
    expect(rows.map((row) => [row.status, row.next.score])).toEqual([
      ["graded", 50],
      ["graded", 0],
    ]);
    expect((await viewOf(get("owner")))!).toMatchObject({ status: "ready", done: 2 });
  });

  it("stops a queued job the teacher cancelled, and a new preview replaces an open one", async () => {
    const first = (await viewOf(post("owner", { action: "preview", step: TINY_STEP })))!;
    const second = (await viewOf(post("owner", { action: "preview", step: TINY_STEP })))!;
    expect((await getRegradeJob(first.id))!.status).toBe("cancelled");
    await post("owner", { action: "cancel", id: second.id });
    const { claimQueuedRegradeJob } = await import("@/server/db/repositories");
    expect(await claimQueuedRegradeJob()).toBeNull();
  });
});
