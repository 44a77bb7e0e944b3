/**
 * The repository behaviour every database must show. Registered by the SQLite unit test and the
 * PostgreSQL integration test, after they point DATABASE_URL at a freshly migrated database.
 */
import { describe, expect, it } from "vitest";
import type { CheckResult } from "../../lib/protocol/messages";
import {
  addClassMember,
  consumePasswordReset,
  createAccount,
  countAccountSessions,
  createClass,
  createPasswordReset,
  deleteAccountSessions,
  getAccountByEmail,
  getAccountByStudent,
  getPasswordHash,
  getClass,
  getClassByJoinCode,
  isClassMember,
  isSolutionOpenTo,
  setClassSolutionSteps,
  setClassDeadline,
  setMemberExtension,
  listStudentDueDates,
  listSubmissions,
  isDuplicateAccount,
  isPasswordResetUsable,
  listClassMembers,
  listPracticePassedSteps,
  listClasses,
  setPassword,
  teacherHasStudent,
  createCheckRun,
  ensureStudent,
  failCheckRun,
  failInterruptedCheckRuns,
  finishCheckRun,
  getCheckRun,
  getLastCheckRun,
  getLastFinishedCheckRun,
  getProgress,
  getStudent,
  listCheckRuns,
  listUnresolvedInterruptedRuns,
  touchStudent,
} from "./repositories";
import { getDb } from "./client";

const result = (id: string, status: CheckResult["status"]): CheckResult => ({
  id,
  title: `Check ${id}`,
  status,
  message: status === "pass" ? "ok" : "expected « something » — found nothing",
  phase: "static",
  file: "1_step/Dockerfile",
  line: 3,
});

export function defineRepositoryContract(): void {
  describe("students", () => {
    it("creates a student once and keeps the id", async () => {
      const first = await ensureStudent("stud0001", "Ada");
      expect(first).toMatchObject({ id: "stud0001", name: "Ada", role: "student" });
      const again = await ensureStudent("stud0001", "Ada L.");
      expect(again.createdAt.getTime()).toBe(first.createdAt.getTime());
      expect(again.name).toBe("Ada L.");
      expect(await getStudent("nobody")).toBeNull();
      const teacher = await ensureStudent("teach001", "Grace", { role: "teacher" });
      expect(teacher.role).toBe("teacher");
    });

    it("touches lastSeenAt, and ignores unknown ids", async () => {
      const before = (await ensureStudent("stud0002", "Linus")).lastSeenAt;
      await new Promise((r) => setTimeout(r, 5));
      await touchStudent("stud0002");
      await touchStudent("does-not-exist");
      const after = (await getStudent("stud0002"))!.lastSeenAt;
      expect(after.getTime()).toBeGreaterThan(before.getTime());
    });
  });

  describe("check runs", () => {
    it("records a run from start to finish, with files and results round-tripped", async () => {
      await ensureStudent("stud0003", "Barbara");
      const files = { "1_step/Dockerfile": "FROM debian:bookworm\nRUN echo 'héllo'\n", "1_step/empty": "" };
      const id = await createCheckRun({ studentId: "stud0003", step: 1, filesSnapshot: files });
      const running = await getCheckRun(id);
      expect(running).toMatchObject({ status: "running", score: null, passed: null, results: [], filesSnapshot: files });

      const results = [result("folder", "pass"), result("from", "fail")];
      expect(await finishCheckRun(id, { score: 0.5, passed: false, results, buildLog: "Step 1/2\n", durationMs: 1234 })).toBe(true);
      const done = await getLastCheckRun("stud0003", 1);
      expect(done).toMatchObject({ id, status: "finished", score: 0.5, passed: false, results, durationMs: 1234, buildLog: "Step 1/2\n" });
      expect(done!.finishedAt).toBeInstanceOf(Date);
      // A finished run cannot be finished or failed again.
      expect(await finishCheckRun(id, { score: 1, passed: true, results, buildLog: "" })).toBe(false);
      expect(await failCheckRun(id, "late")).toBe(false);
    });

    it("fails a run with a message and a capped build log", async () => {
      await ensureStudent("stud0004", "Ken");
      const id = await createCheckRun({ studentId: "stud0004", step: 2, filesSnapshot: {} });
      const hugeLog = `HEAD\n${"x".repeat(600_000)}\nTAIL`;
      expect(await failCheckRun(id, "Your Docker engine did not start.", hugeLog)).toBe(true);
      const failed = await getCheckRun(id);
      expect(failed).toMatchObject({ status: "error", errorMessage: "Your Docker engine did not start." });
      expect(Buffer.byteLength(failed!.buildLog)).toBeLessThanOrEqual(256 * 1024);
      expect(failed!.buildLog.startsWith("HEAD\n")).toBe(true);
      expect(failed!.buildLog.endsWith("\nTAIL")).toBe(true);
      expect(failed!.buildLog).toMatch(/… \d+ bytes omitted …/);
      expect(failed!.durationMs).toBeGreaterThanOrEqual(0);
    });

    it("lists runs newest first, without the heavy fields, and limits them", async () => {
      await ensureStudent("stud0005", "Dennis");
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) {
        ids.push(await createCheckRun({ studentId: "stud0005", step: 3, filesSnapshot: { f: String(i) } }));
        await new Promise((r) => setTimeout(r, 3));
      }
      await createCheckRun({ studentId: "stud0005", step: 4, filesSnapshot: {} });
      const listed = await listCheckRuns("stud0005", 3, 3);
      expect(listed.map((run) => run.id)).toEqual(ids.slice(1).reverse());
      expect(listed[0]).not.toHaveProperty("filesSnapshot");
      expect(listed[0]).not.toHaveProperty("buildLog");
      expect((await getLastCheckRun("stud0005", 3))!.id).toBe(ids[3]);
      expect(await getLastCheckRun("stud0005", 9)).toBeNull();
      // None of them finished: no result to show yet.
      expect(await getLastFinishedCheckRun("stud0005", 3)).toBeNull();
      await finishCheckRun(ids[1]!, { score: 1, passed: true, results: [], buildLog: "" });
      await failCheckRun(ids[2]!, "engine down");
      // The newest with a result, while newer runs are still running (ids[3]) or failed (ids[2]).
      expect((await getLastFinishedCheckRun("stud0005", 3))!.id).toBe(ids[1]);
    });

    it("stores where a run was graded: practice by default, verified when asked", async () => {
      await ensureStudent("stud0008", "Frances");
      const practice = await createCheckRun({ studentId: "stud0008", step: 1, filesSnapshot: {} });
      await new Promise((r) => setTimeout(r, 3));
      const verified = await createCheckRun({ studentId: "stud0008", step: 1, filesSnapshot: { "1_step/Dockerfile": "FROM x\n" }, mode: "verified" });
      expect(await getCheckRun(practice)).toMatchObject({ mode: "practice" });
      expect(await getCheckRun(verified)).toMatchObject({ mode: "verified", filesSnapshot: { "1_step/Dockerfile": "FROM x\n" } });
      await finishCheckRun(verified, { score: 1, passed: true, results: [], buildLog: "" });
      expect(await getLastCheckRun("stud0008", 1)).toMatchObject({ id: verified, mode: "verified", status: "finished" });
      expect((await listCheckRuns("stud0008", 1)).map((run) => run.mode)).toEqual(["verified", "practice"]);
    });

    it("sums up progress per step from verified runs only: best score, passed; attempts and last check of both", async () => {
      await ensureStudent("stud0006", "Margaret");
      const run = async (step: number, mode: "practice" | "verified", score: number | null, passed: boolean | null) => {
        const id = await createCheckRun({ studentId: "stud0006", step, filesSnapshot: {}, mode });
        if (score !== null && passed !== null) await finishCheckRun(id, { score, passed, results: [], buildLog: "" });
        await new Promise((r) => setTimeout(r, 3));
        return id;
      };
      await run(1, "verified", 0.25, false);
      await run(1, "verified", 1, true);
      await run(1, "practice", 0.5, false);
      await run(2, "verified", 0.75, false);
      await run(2, "practice", 1, true); // a practice pass in the student's own engine: not a grade
      await run(3, "practice", 1, true);
      await run(5, "verified", null, null); // still running
      const progress = await getProgress("stud0006");
      expect(progress.map(({ step, bestScore, passed, attempts }) => ({ step, bestScore, passed, attempts }))).toEqual([
        { step: 1, bestScore: 1, passed: true, attempts: 3 },
        { step: 2, bestScore: 0.75, passed: false, attempts: 2 },
        { step: 3, bestScore: null, passed: false, attempts: 1 },
        { step: 5, bestScore: null, passed: false, attempts: 1 },
      ]);
      expect(progress[0]!.lastCheckAt).toBeInstanceOf(Date);
      expect(await getProgress("nobody")).toEqual([]);
      // A teacher's grid also shows practice passes, apart from the grade.
      expect(await listPracticePassedSteps("stud0006")).toEqual([2, 3]);
    });

    it("marks runs left running by a previous process as interrupted", async () => {
      await ensureStudent("stud0007", "Edsger");
      const id = await createCheckRun({ studentId: "stud0007", step: 1, filesSnapshot: {} });
      expect(await failInterruptedCheckRuns()).toBeGreaterThanOrEqual(1);
      expect(await getCheckRun(id)).toMatchObject({ status: "interrupted", errorMessage: expect.stringContaining("interrupted by a server restart") });
      // It never gets a result afterwards, and the student is told about it until a newer run of the step.
      expect(await finishCheckRun(id, { score: 1, passed: true, results: [], buildLog: "" })).toBe(false);
      expect((await listUnresolvedInterruptedRuns("stud0007")).map((run) => [run.id, run.step, run.status])).toEqual([[id, 1, "interrupted"]]);
      await new Promise((r) => setTimeout(r, 3));
      await createCheckRun({ studentId: "stud0007", step: 1, filesSnapshot: {} });
      expect(await listUnresolvedInterruptedRuns("stud0007")).toEqual([]);
    });

    it("refuses a run for an unknown student (foreign key)", async () => {
      await expect(createCheckRun({ studentId: "ghost", step: 1, filesSnapshot: {} })).rejects.toThrow();
    });
  });

  describe("accounts and sessions", () => {
    it("keeps e-mails lower-cased and unique, and links a student's record once", async () => {
      await ensureStudent("stud0101", "Anon");
      const account = await createAccount({ email: " Ada@Example.ORG ", passwordHash: "h1", role: "student", studentId: "stud0101" });
      expect(account).toMatchObject({ email: "ada@example.org", role: "student", mustChangePassword: false, studentId: "stud0101" });
      expect((await getAccountByEmail("ADA@example.org"))!.id).toBe(account.id);
      expect((await getAccountByStudent("stud0101"))!.id).toBe(account.id);
      const again = createAccount({ email: "ada@example.org", passwordHash: "h2", role: "teacher" });
      await expect(again).rejects.toSatisfy(isDuplicateAccount);
      const sameStudent = createAccount({ email: "other@example.org", passwordHash: "h2", role: "student", studentId: "stud0101" });
      await expect(sameStudent).rejects.toSatisfy(isDuplicateAccount);
      await setPassword(account.id, "h3", { mustChange: true });
      expect(await getAccountByEmail("ada@example.org")).toMatchObject({ mustChangePassword: true });
      expect(await getPasswordHash(account.id)).toBe("h3");
    });

    it("ends an account's sessions but the one kept, and counts only live ones", async () => {
      const account = await createAccount({ email: "sess@example.org", passwordHash: "h", role: "teacher" });
      const other = await createAccount({ email: "other.sess@example.org", passwordHash: "h", role: "teacher" });
      const hour = 3_600_000;
      const session = (id: string, accountId: string, expiresIn: number) => getDb().authSession.create({ data: { id, token: `token-${id}`, accountId, expiresAt: new Date(Date.now() + expiresIn) } });
      await session("live1", account.id, hour);
      await session("live2", account.id, hour);
      await session("old", account.id, -1);
      await session("theirs", other.id, hour);
      expect(await countAccountSessions(account.id)).toBe(2);
      expect(await deleteAccountSessions(account.id, "live2")).toBe(2);
      expect(await countAccountSessions(account.id)).toBe(1);
      expect(await countAccountSessions(other.id)).toBe(1);
      expect(await deleteAccountSessions(account.id)).toBe(1);
      expect(await countAccountSessions(account.id)).toBe(0);
    });

    it("uses a reset link once, and never after it expired", async () => {
      const account = await createAccount({ email: "reset@example.org", passwordHash: "h", role: "student" });
      const day = 86_400_000;
      await createPasswordReset({ tokenHash: "r1", accountId: account.id, createdById: "someone", expiresAt: new Date(Date.now() + day) });
      await createPasswordReset({ tokenHash: "r2", accountId: account.id, createdById: "someone", expiresAt: new Date(Date.now() - 1) });
      expect(await isPasswordResetUsable("r1")).toBe(true);
      const [first, second] = await Promise.all([consumePasswordReset("r1"), consumePasswordReset("r1")]);
      expect([first, second].filter((id) => id === account.id)).toHaveLength(1);
      expect([first, second]).toContain(null);
      expect(await isPasswordResetUsable("r1")).toBe(false);
      expect(await consumePasswordReset("r2")).toBeNull();
      expect(await isPasswordResetUsable("r2")).toBe(false);
      expect(await consumePasswordReset("unknown")).toBeNull();
    });
  });

  describe("classes", () => {
    it("creates classes with their steps and join code, lists a teacher's own or all, and adds members once", async () => {
      const grace = await createAccount({ email: "grace@example.org", passwordHash: "h", role: "teacher" });
      const alan = await createAccount({ email: "alan@example.org", passwordHash: "h", role: "teacher" });
      const mine = await createClass({ name: "Monday group", teacherId: grace.id, steps: [1, 2, 3], joinCode: "ABCD2345" });
      await new Promise((r) => setTimeout(r, 3));
      const theirs = await createClass({ name: "Tuesday group", teacherId: alan.id, steps: [4], joinCode: "WXYZ6789" });
      expect(await getClass(mine.id)).toMatchObject({ name: "Monday group", steps: [1, 2, 3], joinCode: "ABCD2345", teacherId: grace.id });
      expect((await getClassByJoinCode("WXYZ6789"))!.id).toBe(theirs.id);
      expect(await getClassByJoinCode("NOPE0000")).toBeNull();
      expect((await listClasses({ teacherId: grace.id })).map((c) => c.id)).toEqual([mine.id]);
      const all = (await listClasses()).map((c) => c.id);
      expect(all.indexOf(theirs.id)).toBeLessThan(all.indexOf(mine.id));
      await expect(createClass({ name: "dup", teacherId: alan.id, steps: [], joinCode: "ABCD2345" })).rejects.toThrow();

      await ensureStudent("stud0201", "Student A");
      await ensureStudent("stud0202", "Student B");
      await createAccount({ email: "b@example.org", passwordHash: "h", role: "student", studentId: "stud0202" });
      await addClassMember(mine.id, "stud0201");
      await new Promise((r) => setTimeout(r, 3));
      await addClassMember(mine.id, "stud0202");
      await addClassMember(mine.id, "stud0201");
      expect((await listClassMembers(mine.id)).map(({ studentId, email }) => [studentId, email])).toEqual([
        ["stud0201", null],
        ["stud0202", "b@example.org"],
      ]);
      expect(await isClassMember(mine.id, "stud0201")).toBe(true);
      expect(await isClassMember(theirs.id, "stud0201")).toBe(false);
      expect(await teacherHasStudent(grace.id, "stud0202")).toBe(true);
      expect(await teacherHasStudent(alan.id, "stud0202")).toBe(false);

      // Reference solutions: closed until the teacher opens a step, for the class's members only.
      expect((await getClass(mine.id))!.solutionSteps).toEqual([]);
      expect(await isSolutionOpenTo("stud0201", 2)).toBe(false);
      expect((await setClassSolutionSteps(mine.id, [3, 2, 2])).solutionSteps).toEqual([2, 3]);
      expect(await isSolutionOpenTo("stud0201", 2)).toBe(true);
      expect(await isSolutionOpenTo("stud0201", 1)).toBe(false);
      await ensureStudent("stud0203", "Student C");
      expect(await isSolutionOpenTo("stud0203", 2)).toBe(false); // not in the class
      await setClassSolutionSteps(mine.id, [3]);
      expect(await isSolutionOpenTo("stud0201", 2)).toBe(false);
    });

    it("keeps due dates per class and step, extensions per member, and lists finished submissions", async () => {
      const ada = await createAccount({ email: "due.teacher@example.org", passwordHash: "h", role: "teacher" });
      const klass = await createClass({ name: "Due group", teacherId: ada.id, steps: [1, 2], joinCode: "DUEG2345" });
      await ensureStudent("stud0301", "Student D");
      await ensureStudent("stud0302", "Student E");
      await addClassMember(klass.id, "stud0301");
      const due = new Date("2026-12-10T17:00:00.000Z");
      const later = new Date("2026-12-12T17:00:00.000Z");
      expect((await setClassDeadline(klass.id, 2, due)).deadlines).toEqual(new Map([[2, due]]));
      expect((await setClassDeadline(klass.id, 1, later)).deadlines).toEqual(
        new Map([
          [1, later],
          [2, due],
        ]),
      );
      expect((await getClass(klass.id))!.deadlines.get(2)).toEqual(due);
      expect(await listStudentDueDates("stud0301", 2)).toEqual([due]);
      expect(await setMemberExtension(klass.id, "stud0301", 2, later)).toBe(true);
      expect(await setMemberExtension(klass.id, "stud0302", 2, later)).toBe(false); // not a member
      expect(await listStudentDueDates("stud0301", 2)).toEqual([later]);
      expect(await listStudentDueDates("stud0302", 2)).toEqual([]);
      expect((await listClassMembers(klass.id))[0]!.extensions).toEqual(new Map([[2, later]]));
      await setMemberExtension(klass.id, "stud0301", 2, null);
      await setClassDeadline(klass.id, 2, null);
      expect(await listStudentDueDates("stud0301", 2)).toEqual([]);
      expect((await getClass(klass.id))!.deadlines).toEqual(new Map([[1, later]]));

      const graded = await createCheckRun({ studentId: "stud0301", step: 2, filesSnapshot: {}, mode: "verified" });
      await finishCheckRun(graded, { score: 75, passed: false, results: [], buildLog: "" });
      const practice = await createCheckRun({ studentId: "stud0301", step: 2, filesSnapshot: {} });
      await finishCheckRun(practice, { score: 100, passed: true, results: [], buildLog: "" });
      await createCheckRun({ studentId: "stud0301", step: 2, filesSnapshot: {}, mode: "verified" }); // still running
      expect(await listSubmissions(["stud0301", "stud0302"], [2])).toEqual([expect.objectContaining({ studentId: "stud0301", step: 2, score: 75, passed: false })]);
      expect(await listSubmissions(["stud0301"], [1])).toEqual([]);
    });
  });
}
