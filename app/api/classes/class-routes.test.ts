/**
 * Every class route and the reset-link route as each kind of visitor: nobody, a signed-in student,
 * another teacher, the class's own teacher, an admin. Permission is the server's, whatever a page shows.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCheckRun, ensureStudent, finishCheckRun, isClassMember } from "@/server/db/repositories";
import { POST as signIn } from "../auth/sign-in/route";
import { POST as issueReset } from "../auth/reset-links/route";
import { cookiesOf, makeAccount, pageRequest, studentCookie, TEST_PASSWORD, useTestDatabase } from "@/server/identity/testing/route-testing";
import { GET as listClasses, POST as createClass } from "./route";
import { GET as getClass } from "./[id]/route";
import { GET as getGradesCsv } from "./[id]/grades.csv/route";
import { GET as getConstraintsCsv } from "./[id]/constraints.csv/route";
import { POST as switchSolution } from "./[id]/solutions/route";
import { POST as setDeadline } from "./[id]/deadlines/route";
import { POST as setExtension } from "./[id]/extensions/route";
import { getStudentStepWork } from "@/server/identity/student-work";
import { GET as getSolution } from "../steps/[step]/solution/route";
import { GET as getLessonRoute } from "../steps/[step]/lesson/route";
import { requireAccount } from "@/server/identity/accounts";
import { getClassFailures, getClassGrid, getClassPage, TEACHING_ROLES } from "@/server/identity/classes";
import { POST as joinClass } from "./join/route";

type Actor = "nobody" | "student" | "otherTeacher" | "owner" | "admin";
const cookies: Record<Actor, string> = { nobody: "", student: "", otherTeacher: "", owner: "", admin: "" };
const STUDENT_ID = "lear0000lear0000";
let classId = "";
let joinCode = "";
let cleanup: () => Promise<void>;

const sessionOf = async (email: string) => cookiesOf(await signIn(pageRequest("/api/auth/sign-in", { body: { email, password: TEST_PASSWORD } })));
const params = (id: string) => ({ params: Promise.resolve({ id }) });
const status = async (response: Promise<Response>) => (await response).status;

beforeAll(async () => {
  cleanup = await useTestDatabase();
  await makeAccount("owner@example.org", "teacher");
  await makeAccount("other@example.org", "teacher");
  await makeAccount("root@example.org", "admin");
  await makeAccount("learner@example.org", "student", STUDENT_ID);
  cookies.owner = await sessionOf("owner@example.org");
  cookies.otherTeacher = await sessionOf("other@example.org");
  cookies.admin = await sessionOf("root@example.org");
  cookies.student = await sessionOf("learner@example.org"); // carries wb_student too
  const created = await createClass(pageRequest("/api/classes", { cookie: cookies.owner, body: { name: "Monday group", steps: [3, 1, 2, 1] } }));
  expect(created.status).toBe(201);
  ({ id: classId, joinCode } = (await created.json()) as { id: string; joinCode: string });
});
afterAll(() => cleanup());

describe("POST /api/classes", () => {
  it("lets teachers and admins create a class with a join code and link; nobody 401, a student 403", async () => {
    const body = { name: "Another group", steps: [4] };
    expect(await status(createClass(pageRequest("/api/classes", { body })))).toBe(401);
    expect(await status(createClass(pageRequest("/api/classes", { body, cookie: cookies.student })))).toBe(403);
    const byAdmin = await createClass(pageRequest("/api/classes", { body, cookie: cookies.admin }));
    expect(byAdmin.status).toBe(201);
    const made = (await byAdmin.json()) as { joinCode: string; joinPath: string; steps: number[] };
    expect(made.joinCode).toMatch(/^[A-HJKMNP-Z2-9]{8}$/);
    expect(made.joinPath).toBe(`/join/${made.joinCode}`);
    expect(await status(createClass(pageRequest("/api/classes", { body: { name: "", steps: [1] }, cookie: cookies.owner })))).toBe(400);
    expect(await status(createClass(pageRequest("/api/classes", { body: { name: "x", steps: [] }, cookie: cookies.owner })))).toBe(400);
    const crossSite = pageRequest("/api/classes", { body, cookie: cookies.owner, headers: { "sec-fetch-site": "cross-site" } });
    expect(await status(createClass(crossSite))).toBe(403);
  });
});

describe("GET /api/classes", () => {
  it("lists a teacher's own classes only, all of them for an admin", async () => {
    expect(await status(listClasses(pageRequest("/api/classes")))).toBe(401);
    expect(await status(listClasses(pageRequest("/api/classes", { cookie: cookies.student })))).toBe(403);
    const ids = async (actor: Actor) => ((await (await listClasses(pageRequest("/api/classes", { cookie: cookies[actor] }))).json()) as { classes: { id: string }[] }).classes.map((c) => c.id);
    expect(await ids("owner")).toEqual([classId]);
    expect(await ids("otherTeacher")).not.toContain(classId);
    expect(await ids("admin")).toContain(classId);
  });
});

describe("GET /api/classes/[id]", () => {
  it("shows the class to its teacher and an admin; another teacher gets 404, a student 403, nobody 401", async () => {
    const get = (actor: Actor) => getClass(pageRequest(`/api/classes/${classId}`, { cookie: cookies[actor] }), params(classId));
    expect(await status(get("nobody"))).toBe(401);
    expect(await status(get("student"))).toBe(403);
    expect(await status(get("otherTeacher"))).toBe(404);
    expect(await status(get("owner"))).toBe(200);
    expect(await status(get("admin"))).toBe(200);
    expect(await status(getClass(pageRequest("/api/classes/nope", { cookie: cookies.owner }), params("nope")))).toBe(404);
  });

  it("gives the students × steps grid from their check runs", async () => {
    const anon = "anon1111anon1111";
    await ensureStudent(anon, "Student anon");
    expect(await status(joinClass(pageRequest("/api/classes/join", { body: { code: joinCode.toLowerCase() }, cookie: studentCookie(anon) })))).toBe(200);
    const verified = await createCheckRun({ studentId: anon, step: 2, filesSnapshot: {}, mode: "verified" });
    await finishCheckRun(verified, { score: 50, passed: false, results: [], buildLog: "" });
    const practice = await createCheckRun({ studentId: anon, step: 2, filesSnapshot: {} });
    await finishCheckRun(practice, { score: 100, passed: true, results: [], buildLog: "" });
    await createCheckRun({ studentId: anon, step: 7, filesSnapshot: {} }); // not a step of this class

    const grid = (await (await getClass(pageRequest(`/api/classes/${classId}`, { cookie: cookies.owner }), params(classId))).json()) as {
      steps: number[];
      rows: { studentId: string; lastActivityAt: string | null; cells: { step: number; bestScore: number | null; passed: boolean; practicePassed: boolean; attempts: number }[] }[];
    };
    expect(grid.steps).toEqual([1, 2, 3]);
    const row = grid.rows.find((r) => r.studentId === anon)!;
    expect(row.cells.map(({ step, bestScore, passed, practicePassed, attempts }) => ({ step, bestScore, passed, practicePassed, attempts }))).toEqual([
      { step: 1, bestScore: null, passed: false, practicePassed: false, attempts: 0 },
      { step: 2, bestScore: 50, passed: false, practicePassed: true, attempts: 2 },
      { step: 3, bestScore: null, passed: false, practicePassed: false, attempts: 0 },
    ]);
    expect(row.lastActivityAt).not.toBeNull();
  });
});

describe("GET /api/classes/[id]/grades.csv", () => {
  it("downloads the gradebook for its teacher and an admin only, one row per student", async () => {
    const get = (actor: Actor) => getGradesCsv(pageRequest(`/api/classes/${classId}/grades.csv`, { cookie: cookies[actor] }), params(classId));
    expect(await status(get("nobody"))).toBe(401);
    expect(await status(get("student"))).toBe(403);
    expect(await status(get("otherTeacher"))).toBe(404);
    expect(await status(get("admin"))).toBe(200);
    const response = await get("owner");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="Monday-group-grades-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = (await response.text()).trim().split("\r\n");
    expect(lines[0]).toMatch(/^student,email,last activity \(UTC\),step 1 status,step 1 best graded score/);
    // The student of the grid test: submitted a graded 50 % on step 2, practice passed, two attempts; no due dates.
    const nothing = "not-started,,,no,no,no,0,";
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^Student anon,,[^,]+,${nothing},submitted,50,50,no,no,yes,2,,${nothing}$`)));
  });
});

describe("the class's failure analytics", () => {
  it("are its teacher's only, and read the members' runs of each step of the class", async () => {
    const other = await requireAccount(cookies.otherTeacher, TEACHING_ROLES);
    await expect(getClassFailures(other, classId)).rejects.toMatchObject({ code: "not_found" });
    const stuck = "stuk3333stuk3333";
    await ensureStudent(stuck, "Student stuck");
    await joinClass(pageRequest("/api/classes/join", { body: { code: joinCode }, cookie: studentCookie(stuck) }));
    const failing = [
      { id: "folder", title: "Folder", status: "pass" as const, message: "ok", phase: "static" as const },
      { id: "base-image", title: "Base", status: "fail" as const, message: "Expected FROM debian:latest on line 1, found ubuntu", phase: "static" as const },
    ];
    for (let i = 0; i < 3; i++) {
      const id = await createCheckRun({ studentId: stuck, step: 1, filesSnapshot: {} });
      await finishCheckRun(id, { score: 50, passed: false, results: failing, buildLog: "" });
    }
    const owner = await requireAccount(cookies.owner, TEACHING_ROLES);
    const figures = await getClassFailures(owner, classId);
    expect(figures.map((f) => f.step)).toEqual([1, 2, 3]);
    const step1 = figures[0]!;
    expect(step1.students).toBe(1);
    expect(step1.constraints.find((c) => c.id === "base-image")).toMatchObject({ passed: 0, judged: 1 });
    expect(step1.firstFailing).toEqual([expect.objectContaining({ checkId: "base-image", students: 1 })]);
    expect(step1.frequentFailures[0]).toMatchObject({ checkId: "base-image", runs: 3, students: 1 });
    expect(step1.stuck).toEqual([expect.objectContaining({ studentId: stuck, reason: "same-failure", checkId: "base-image" })]);
    expect(step1.names[stuck]).toBe("Student stuck");
    // The class page reads the same figures and grid in one go.
    const page = await getClassPage(owner, classId);
    const summary = (list: typeof figures) => list.map((f) => [f.step, f.students, f.passedStudents, f.stuck.map((x) => x.studentId)]);
    expect(summary(page.failures)).toEqual(summary(figures));
    expect(page.rows.map((r) => r.studentId)).toEqual((await getClassGrid(owner, classId)).rows.map((r) => r.studentId));
  });
});

describe("GET /api/classes/[id]/constraints.csv", () => {
  it("gives one step's constraints per student from their latest run, to the class's teacher and an admin only", async () => {
    const get = (actor: Actor, query = "?step=1") => getConstraintsCsv(pageRequest(`/api/classes/${classId}/constraints.csv${query}`, { cookie: cookies[actor] }), params(classId));
    expect((await get("nobody")).status).toBe(401);
    expect((await get("student")).status).toBe(403);
    expect((await get("otherTeacher")).status).toBe(404);
    expect((await get("owner", "")).status).toBe(400); // which step?
    expect((await get("owner", "?step=7")).status).toBe(400); // not a step of the class
    expect((await get("admin")).status).toBe(200);
    const response = await get("owner");
    expect(response.headers.get("content-disposition")).toMatch(/filename="Monday-group-step-1-constraints-\d{4}-\d{2}-\d{2}\.csv"/);
    const lines = (await response.text()).trim().split("\r\n");
    expect(lines[0]).toMatch(/^student,email,step 1 latest run,run started \(UTC\),score \(%\),[^,]*\[folder\],"?[^"]*\[base-image\]"?,/);
    // The stuck student of the analytics test: a practice Check passing the folder, failing the base image.
    expect(lines).toContainEqual(expect.stringMatching(/^Student stuck,,practice check,[^,]+,50,pass,fail,,/));
    // A member who never checked step 1: a row saying so.
    expect(lines).toContainEqual(expect.stringMatching(/^Student anon,,none,,,,,/));
  });
});

describe("reference solutions", () => {
  it("are opened per step by the class's teacher or an admin only, and then readable by its students only", async () => {
    const member = "solu4444solu4444";
    const outsider = "solu5555solu5555";
    await ensureStudent(member, "Student member");
    await ensureStudent(outsider, "Student outsider");
    await joinClass(pageRequest("/api/classes/join", { body: { code: joinCode }, cookie: studentCookie(member) }));
    const flip = (actor: Actor, body: unknown, headers: Record<string, string> = {}) =>
      status(switchSolution(pageRequest(`/api/classes/${classId}/solutions`, { body, cookie: cookies[actor], headers }), params(classId)));
    const read = (student: string, step = 1) => getSolution(pageRequest(`/api/steps/${step}/solution`, { cookie: studentCookie(student) }), { params: Promise.resolve({ step: String(step) }) });
    const lessonOf = async (student: string) =>
      (
        (await (await getLessonRoute(pageRequest("/api/steps/1/lesson", { cookie: studentCookie(student) }), { params: Promise.resolve({ step: "1" }) })).json()) as {
          lesson: { referenceSolution?: boolean };
        }
      ).lesson;

    // Closed by default: the student is told why, and the lesson offers nothing.
    expect((await read(member)).status).toBe(403);
    expect((await lessonOf(member)).referenceSolution).toBeUndefined();

    expect(await flip("nobody", { step: 1, open: true })).toBe(401);
    expect(await flip("student", { step: 1, open: true })).toBe(403);
    expect(await flip("otherTeacher", { step: 1, open: true })).toBe(404);
    expect(await flip("owner", { step: 1, open: true }, { "sec-fetch-site": "cross-site" })).toBe(403);
    expect(await flip("owner", { step: 7, open: true })).toBe(400); // not a step of this class
    expect(await flip("owner", { step: "1", open: "yes" })).toBe(400);
    expect(await flip("owner", { step: 1, open: true })).toBe(200);

    const opened = await read(member);
    expect(opened.status).toBe(200);
    const solution = (await opened.json()) as { folder: string; files: { path: string; content: string }[] };
    expect(solution.files.map((f) => f.path)).toEqual([`${solution.folder}/Dockerfile`]);
    expect(solution.files[0]!.content).toMatch(/^FROM debian:latest$/m);
    expect((await lessonOf(member)).referenceSolution).toBe(true);
    expect((await read(outsider)).status).toBe(403); // not in the class
    expect((await read(member, 2)).status).toBe(403); // another step stays closed

    expect(await flip("admin", { step: 1, open: false })).toBe(200);
    expect((await read(member)).status).toBe(403);
  });
});

describe("due dates, extensions and a student's work", () => {
  type Cell = { step: number; state: string; bestScore: number | null; onTimeScore: number | null; late: boolean; dueAt: string | null; extended: boolean };
  const cellOf = async (studentId: string, step: number) => {
    const grid = (await (await getClass(pageRequest(`/api/classes/${classId}`, { cookie: cookies.owner }), params(classId))).json()) as { rows: { studentId: string; cells: Cell[] }[] };
    return grid.rows.find((r) => r.studentId === studentId)!.cells.find((c) => c.step === step)!;
  };
  const post = (route: typeof setDeadline, path: string, actor: Actor, body: unknown, headers: Record<string, string> = {}) =>
    status(route(pageRequest(`/api/classes/${classId}/${path}`, { body, cookie: cookies[actor], headers }), params(classId)));
  const lessonDue = async (student: string) =>
    ((await (await getLessonRoute(pageRequest("/api/steps/3/lesson", { cookie: studentCookie(student) }), { params: Promise.resolve({ step: "3" }) })).json()) as { lesson: { dueAt?: string } }).lesson
      .dueAt;
  const submit = async (studentId: string, score: number, files: Record<string, string> = {}) => {
    const id = await createCheckRun({ studentId, step: 3, filesSnapshot: files, mode: "verified" });
    await finishCheckRun(id, { score, passed: score === 100, results: [], buildLog: `log of ${score}` });
    return id;
  };
  const pause = () => new Promise((resolve) => setTimeout(resolve, 20));

  it("are set by the class's teacher or an admin only, with a date that says its zone", async () => {
    const body = { step: 3, dueAt: "2026-12-10T17:00:00.000Z" };
    expect(await post(setDeadline, "deadlines", "nobody", body)).toBe(401);
    expect(await post(setDeadline, "deadlines", "student", body)).toBe(403);
    expect(await post(setDeadline, "deadlines", "otherTeacher", body)).toBe(404);
    expect(await post(setDeadline, "deadlines", "owner", body, { "sec-fetch-site": "cross-site" })).toBe(403);
    expect(await post(setDeadline, "deadlines", "owner", { step: 7, dueAt: body.dueAt })).toBe(400); // not a step of the class
    expect(await post(setDeadline, "deadlines", "owner", { step: 3, dueAt: "2026-12-10T17:00" })).toBe(400); // which zone?
    expect(await post(setDeadline, "deadlines", "owner", { step: 3, dueAt: "next friday" })).toBe(400);
    expect(await post(setDeadline, "deadlines", "admin", body)).toBe(200);
    expect(await post(setDeadline, "deadlines", "owner", { step: 3, dueAt: null })).toBe(200);
    expect(await post(setExtension, "extensions", "otherTeacher", { studentId: STUDENT_ID, step: 3, dueAt: body.dueAt })).toBe(404);
    expect(await post(setExtension, "extensions", "student", { studentId: STUDENT_ID, step: 3, dueAt: body.dueAt })).toBe(403);
    expect(await post(setExtension, "extensions", "owner", { studentId: "notamember000000", step: 3, dueAt: body.dueAt })).toBe(404);
  });

  it("mark a submission after the due date late, keep the on-time score apart, and yield to the student's own date", async () => {
    const late = "late6666late6666";
    const outsider = "late7777late7777";
    await ensureStudent(late, "Student late");
    await ensureStudent(outsider, "Student outsider");
    await joinClass(pageRequest("/api/classes/join", { body: { code: joinCode }, cookie: studentCookie(late) }));
    await submit(late, 60);
    await pause();
    const due = new Date().toISOString();
    expect(await post(setDeadline, "deadlines", "owner", { step: 3, dueAt: due })).toBe(200);
    await pause();
    await submit(late, 100, { "3_wordpress_multi_stage/Dockerfile": "FROM debian:latest\n" });

    expect(await cellOf(late, 3)).toMatchObject({ state: "passed", bestScore: 100, onTimeScore: 60, late: true, dueAt: due, extended: false });
    expect(await lessonDue(late)).toBe(due); // the student sees when it is due
    expect(await lessonDue(outsider)).toBeUndefined(); // not in a class with a date

    const later = new Date(Date.now() + 86_400_000).toISOString();
    expect(await post(setExtension, "extensions", "owner", { studentId: late, step: 3, dueAt: later })).toBe(200);
    expect(await cellOf(late, 3)).toMatchObject({ onTimeScore: 100, late: false, dueAt: later, extended: true });
    expect(await lessonDue(late)).toBe(later);
    expect(await post(setExtension, "extensions", "owner", { studentId: late, step: 3, dueAt: null })).toBe(200);
    expect(await cellOf(late, 3)).toMatchObject({ late: true, dueAt: due, extended: false });
  });

  it("opens one student's runs of a step to their teacher: newest first, late ones marked, the latest submission shown with its files", async () => {
    const student = "work8888work8888";
    await ensureStudent(student, "Student work");
    await joinClass(pageRequest("/api/classes/join", { body: { code: joinCode }, cookie: studentCookie(student) }));
    const first = await submit(student, 40, { "3_wordpress_multi_stage/Dockerfile": "FROM debian:11\n" });
    await pause();
    const practice = await createCheckRun({ studentId: student, step: 3, filesSnapshot: {} }); // still running
    const owner = await requireAccount(cookies.owner, TEACHING_ROLES);
    const work = await getStudentStepWork(owner, classId, student, 3);
    expect(work.runs.map((r) => r.id)).toEqual([practice, first]);
    expect(work.runs.map((r) => r.late)).toEqual([false, true]); // the class's due date (set above) had passed
    expect(work.shown?.id).toBe(first); // the latest finished submission, not the newer practice run
    expect(work.shown?.filesSnapshot).toEqual({ "3_wordpress_multi_stage/Dockerfile": "FROM debian:11\n" });
    expect(work.shown?.buildLog).toBe("log of 40");
    expect((await getStudentStepWork(owner, classId, student, 3, practice)).shown?.id).toBe(practice);

    const other = await requireAccount(cookies.otherTeacher, TEACHING_ROLES);
    await expect(getStudentStepWork(other, classId, student, 3)).rejects.toMatchObject({ code: "not_found" });
    await expect(getStudentStepWork(owner, classId, "late7777late7777", 3)).rejects.toMatchObject({ code: "not_found" }); // not a member
    const elsewhere = await createCheckRun({ studentId: "late6666late6666", step: 3, filesSnapshot: {} });
    await expect(getStudentStepWork(owner, classId, student, 3, elsewhere)).rejects.toMatchObject({ code: "not_found" }); // another student's run
    await expect(getStudentStepWork(owner, classId, student, 7)).rejects.toMatchObject({ code: "bad_request" }); // not a class step
  });
});

describe("POST /api/classes/join", () => {
  it("puts this browser's student in the class; without a student cookie 401, an unknown code 404", async () => {
    const anon = "anon2222anon2222";
    expect(await status(joinClass(pageRequest("/api/classes/join", { body: { code: joinCode } })))).toBe(401);
    expect(await status(joinClass(pageRequest("/api/classes/join", { body: { code: "ZZZZZZZZ" }, cookie: studentCookie(anon) })))).toBe(404);
    const crossSite = pageRequest("/api/classes/join", { body: { code: joinCode }, cookie: studentCookie(anon), headers: { "sec-fetch-site": "cross-site" } });
    expect(await status(joinClass(crossSite))).toBe(403);
    expect(await isClassMember(classId, anon)).toBe(false);
    const joined = await joinClass(pageRequest("/api/classes/join", { body: { code: joinCode }, cookie: studentCookie(anon) }));
    expect(joined.status).toBe(200);
    expect(await joined.json()).toMatchObject({ name: "Monday group" });
    expect(await isClassMember(classId, anon)).toBe(true);
    // A signed-up student joins with the same Student record.
    expect(await status(joinClass(pageRequest("/api/classes/join", { body: { code: joinCode }, cookie: cookies.student })))).toBe(200);
    expect(await isClassMember(classId, STUDENT_ID)).toBe(true);
  });
});

describe("POST /api/auth/reset-links", () => {
  it("lets the student's own teacher and an admin issue a link; another teacher 404, a student 403, nobody 401", async () => {
    const issue = (actor: Actor, email = "learner@example.org") => status(issueReset(pageRequest("/api/auth/reset-links", { body: { email }, cookie: cookies[actor] })));
    await joinClass(pageRequest("/api/classes/join", { body: { code: joinCode }, cookie: cookies.student }));
    expect(await issue("nobody")).toBe(401);
    expect(await issue("student")).toBe(403);
    expect(await issue("otherTeacher")).toBe(404);
    expect(await issue("owner")).toBe(200);
    expect(await issue("admin")).toBe(200);
    // A teacher cannot reset another teacher's password; an admin can.
    expect(await issue("owner", "other@example.org")).toBe(404);
    expect(await issue("admin", "other@example.org")).toBe(200);
  });
});
