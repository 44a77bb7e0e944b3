/**
 * The teacher's preview routes as each kind of visitor: nobody, a signed-in student, a teacher, an
 * admin. A run goes on in the background: a second one by the same teacher is refused while it
 * does, another teacher does not see it, and a sandbox that cannot start ends it with a message. A
 * stored submission is run only by the teacher of the student's class (or an admin).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServerMessage } from "@/lib/protocol/messages";
import { POST as signIn } from "../../auth/sign-in/route";
import { cookiesOf, makeAccount, pageRequest, TEST_PASSWORD, useTestDatabase } from "@/server/identity/testing/route-testing";
import { provideGraderEngines } from "@/server/grading-services/server-grader-engines";
import type { GraderEngines } from "@/server/grading-services/submit-service";
import { GET as getRun, POST as startRun } from "./[step]/run/route";
import { GET as getVersion } from "./version/route";
import { POST as createClass } from "../../classes/route";
import { POST as joinClass } from "../../classes/join/route";
import { studentCookie } from "@/server/identity/testing/route-testing";
import { createCheckRun, ensureStudent, finishCheckRun } from "@/server/db/repositories";

type Actor = "nobody" | "student" | "teacher" | "otherTeacher" | "admin";
const cookies: Record<Actor, string> = { nobody: "", student: "", teacher: "", otherTeacher: "", admin: "" };
let cleanup: () => Promise<void>;

const sessionOf = async (email: string) => cookiesOf(await signIn(pageRequest("/api/auth/sign-in", { body: { email, password: TEST_PASSWORD } })));
const params = (step: string) => ({ params: Promise.resolve({ step }) });
type RunBody = { run: { id: string; state: string; messages: ServerMessage[]; next: number } | null };

/** Engines whose sandbox start waits until the test lets it fail. */
let failLaunch: (error: Error) => void = () => undefined;
const launched: string[] = [];
const engines: GraderEngines = {
  launchExtra: (params) => {
    launched.push(params.name);
    return new Promise((_resolve, reject) => (failLaunch = reject));
  },
  removeExtraEngine: async () => undefined,
};

beforeAll(async () => {
  cleanup = await useTestDatabase();
  await makeAccount("teacher@example.org", "teacher");
  await makeAccount("other@example.org", "teacher");
  await makeAccount("root@example.org", "admin");
  await makeAccount("learner@example.org", "student", "lear0000lear0000");
  cookies.teacher = await sessionOf("teacher@example.org");
  cookies.otherTeacher = await sessionOf("other@example.org");
  cookies.admin = await sessionOf("root@example.org");
  cookies.student = await sessionOf("learner@example.org");
  provideGraderEngines(engines);
});
afterAll(async () => {
  provideGraderEngines(undefined);
  await cleanup();
});

describe("GET /api/teacher/preview/version", () => {
  it("tells teachers and admins the lessons' version and load error; nobody 401, a student 403", async () => {
    const get = (actor: Actor) => getVersion(pageRequest("/api/teacher/preview/version", { cookie: cookies[actor] }));
    expect((await get("nobody")).status).toBe(401);
    expect((await get("student")).status).toBe(403);
    for (const actor of ["teacher", "admin"] as const) {
      const response = await get(actor);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ version: expect.any(Number), error: null });
    }
  });
});

describe("/api/teacher/preview/[step]/run", () => {
  it("refuses nobody (401), a student (403), another site (403), a step that does not exist (404)", async () => {
    const post = (actor: Actor, step = "1", headers: Record<string, string> = {}) =>
      startRun(pageRequest(`/api/teacher/preview/${step}/run`, { cookie: cookies[actor], body: {}, headers }), params(step));
    expect((await post("nobody")).status).toBe(401);
    expect((await post("student")).status).toBe(403);
    expect((await post("teacher", "1", { "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await post("teacher", "42")).status).toBe(404);
    expect((await getRun(pageRequest("/api/teacher/preview/1/run"), params("1"))).status).toBe(401);
    expect((await getRun(pageRequest("/api/teacher/preview/1/run", { cookie: cookies.student }), params("1"))).status).toBe(403);
    expect(launched).toEqual([]);
  });

  it("runs the reference solution in the background: one run per teacher at a time, seen by that teacher only, a failed sandbox said plainly", async () => {
    const get = async (actor: Actor, since = 0) => (await (await getRun(pageRequest(`/api/teacher/preview/1/run?since=${since}`, { cookie: cookies[actor] }), params("1"))).json()) as RunBody;
    expect((await get("teacher")).run).toBeNull();

    const started = await startRun(pageRequest("/api/teacher/preview/1/run", { cookie: cookies.teacher, body: {} }), params("1"));
    expect(started.status).toBe(202);
    const { run } = (await started.json()) as RunBody;
    expect(run).toMatchObject({ state: "running" });
    expect(run!.messages[0]).toMatchObject({ type: "check.started", step: 1 });

    // While it runs: a second run by the same teacher (any step) is refused; an admin may start their own.
    const again = await startRun(pageRequest("/api/teacher/preview/2/run", { cookie: cookies.teacher, body: {} }), params("2"));
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { message: string } }).error.message).toContain("step 1 is still going");
    expect((await get("otherTeacher")).run).toBeNull();
    expect((await get("admin")).run).toBeNull();

    await until(async () => launched.length === 1);
    expect(launched[0]).toContain(run!.id);
    failLaunch(new Error("no room"));
    await until(async () => (await get("teacher")).run?.state === "failed");
    const finished = (await get("teacher")).run!;
    expect(finished.messages.at(-1)).toMatchObject({ type: "error", code: "check_failed", message: expect.stringContaining("grading sandbox could not be started") });
    // A poll from `next` on brings nothing new.
    expect((await get("teacher", finished.next)).run!.messages).toEqual([]);
  });
});

describe("a preview run on a stored submission", () => {
  it("is started by the class's teacher and an admin only, on that student's run of that step", async () => {
    const created = await createClass(pageRequest("/api/classes", { cookie: cookies.teacher, body: { name: "Preview group", steps: [1] } }));
    const { id: classId, joinCode } = (await created.json()) as { id: string; joinCode: string };
    const studentId = "subm0000subm0000";
    await ensureStudent(studentId, "Student subm");
    expect((await joinClass(pageRequest("/api/classes/join", { body: { code: joinCode }, cookie: studentCookie(studentId) }))).status).toBe(200);
    const runId = await createCheckRun({ studentId, step: 1, filesSnapshot: { "1_worpress_multiservice_dirty/Dockerfile": "FROM debian:latest\n" }, mode: "verified" });
    await finishCheckRun(runId, { score: 10, passed: false, results: [], buildLog: "" });
    const submission = { classId, studentId, runId };
    const post = (actor: Actor, body: unknown = { submission }) => startRun(pageRequest("/api/teacher/preview/1/run", { cookie: cookies[actor], body }), params("1"));

    expect((await post("student")).status).toBe(403);
    expect((await post("otherTeacher")).status).toBe(404);
    expect((await post("teacher", { submission: { ...submission, runId: "not-a-run" } })).status).toBe(404);
    expect((await post("teacher", { submission: { ...submission, extra: 1 } })).status).toBe(400);
    const launchedBefore = launched.length;
    const started = await post("admin");
    expect(started.status).toBe(202);
    expect(((await started.json()) as RunBody).run).toMatchObject({ state: "running", target: { kind: "submission", runId } });
    await until(async () => launched.length === launchedBefore + 1);
    failLaunch(new Error("no room"));
    const get = async () => (await (await getRun(pageRequest(`/api/teacher/preview/1/run?run=${runId}`, { cookie: cookies.admin }), params("1"))).json()) as RunBody;
    await until(async () => (await get()).run?.state === "failed");
    // The solution's run of the same step is another run: the admin has none.
    expect((await (await getRun(pageRequest("/api/teacher/preview/1/run", { cookie: cookies.admin }), params("1"))).json()) as RunBody).toEqual({ run: null });
  });
});

async function until(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
