/** Signing in and out, passwords and reset links, sign-up by join link: through the route handlers, on a real SQLite database. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { addClassMember, createCheckRun, createClass, finishCheckRun, getAccountByEmail, getPasswordHash, getProgress, getStudent } from "@/server/db/repositories";
import { createAccountWithOneTimePassword, currentAccount, resetSignInLimitsForTests } from "@/server/identity/accounts";
import { hashToken } from "@/server/identity/auth-cookie";
import { cookiesOf, makeAccount, pageRequest, studentCookie, TEST_PASSWORD, useTestDatabase } from "@/server/identity/testing/route-testing";
import { POST as signIn } from "./sign-in/route";
import { POST as signOut } from "./sign-out/route";
import { POST as changePassword } from "./password/route";
import { POST as issueReset } from "./reset-links/route";
import { POST as useReset } from "./reset/route";
import { POST as signUp } from "./sign-up/route";
import { GET as listClasses } from "../classes/route";

let cleanup: () => Promise<void>;
beforeAll(async () => {
  cleanup = await useTestDatabase();
});
afterAll(() => cleanup());
beforeEach(() => resetSignInLimitsForTests());

const signInAs = (email: string, password = TEST_PASSWORD, headers: Record<string, string> = {}) => signIn(pageRequest("/api/auth/sign-in", { body: { email, password }, headers }));

describe("sign-in", () => {
  it("sets an HttpOnly, SameSite=Lax session cookie signed with the secret, Secure behind https", async () => {
    await makeAccount("t1@example.org", "teacher");
    const plain = await signInAs("T1@Example.org");
    expect(plain.status).toBe(200);
    const [line] = plain.headers.getSetCookie();
    expect(line).toMatch(/^wb_session=[A-Za-z0-9]{32}\.[A-Za-z0-9%]{44,}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=604800$/);
    const value = decodeURIComponent(line!.slice("wb_session=".length, line!.indexOf(";")));
    const [token, signature] = value.split(".");
    // better-auth keeps the token, never the signature: a copy of the table cannot make a cookie without SESSION_SECRET.
    const rows = await getDb().authSession.findMany({ select: { token: true, expiresAt: true } });
    expect(rows.map((row) => row.token)).toContain(token);
    expect(JSON.stringify(rows)).not.toContain(signature!.slice(0, 20));
    const secure = await signInAs("t1@example.org", TEST_PASSWORD, { "x-forwarded-proto": "https" });
    expect(secure.headers.getSetCookie()[0]).toMatch(/; Secure$/);
    const stored = await getPasswordHash((await getAccountByEmail("t1@example.org"))!.id);
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it("answers the same for an unknown e-mail and a wrong password, and refuses a cross-site form", async () => {
    await makeAccount("t2@example.org", "teacher");
    const wrong = await signInAs("t2@example.org", "not the password");
    const unknown = await signInAs("nobody@example.org", "not the password");
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
    expect(wrong.headers.getSetCookie()).toEqual([]);
    const foreign = await signIn(pageRequest("/api/auth/sign-in", { body: { email: "t2@example.org", password: TEST_PASSWORD }, headers: { "sec-fetch-site": "cross-site" } }));
    expect(foreign.status).toBe(403);
    expect((await signIn(pageRequest("/api/auth/sign-in", { body: { email: "t2@example.org" } }))).status).toBe(400);
  });

  it("refuses an account after 5 failures, even with the right password, while others still sign in", async () => {
    await makeAccount("t3@example.org", "teacher");
    await makeAccount("t4@example.org", "teacher");
    for (let i = 0; i < 5; i++) expect((await signInAs("t3@example.org", `guess ${i}`)).status).toBe(401);
    const locked = await signInAs("t3@example.org");
    expect(locked.status).toBe(429);
    expect(((await locked.json()) as { error: { message: string } }).error.message).toMatch(/Too many failed sign-ins/);
    expect((await signInAs("t4@example.org")).status).toBe(200);
  });

  it("signs out by deleting the session: the old cookie no longer works", async () => {
    await makeAccount("t5@example.org", "teacher");
    const cookie = cookiesOf(await signInAs("t5@example.org"));
    expect((await listClasses(pageRequest("/api/classes", { cookie }))).status).toBe(200);
    const out = await signOut(pageRequest("/api/auth/sign-out", { method: "POST", cookie }));
    expect(out.headers.getSetCookie()[0]).toMatch(/^wb_session=; .*Max-Age=0/);
    expect((await listClasses(pageRequest("/api/classes", { cookie }))).status).toBe(401);
  });

  it("makes a CLI-created account change its one-time password before anything else", async () => {
    const { password } = await createAccountWithOneTimePassword("new-teacher@example.org", "teacher");
    const first = await signInAs("new-teacher@example.org", password);
    expect(await first.json()).toMatchObject({ role: "teacher", mustChangePassword: true });
    const cookie = cookiesOf(first);
    expect((await listClasses(pageRequest("/api/classes", { cookie }))).status).toBe(403);
    const tooShort = await changePassword(pageRequest("/api/auth/password", { cookie, body: { currentPassword: password, newPassword: "short" } }));
    expect(tooShort.status).toBe(400);
    const changed = await changePassword(pageRequest("/api/auth/password", { cookie, body: { currentPassword: password, newPassword: "a much better password" } }));
    expect(changed.status).toBe(200);
    expect((await listClasses(pageRequest("/api/classes", { cookie }))).status).toBe(200);
    expect((await signInAs("new-teacher@example.org", password)).status).toBe(401);
    expect((await signInAs("new-teacher@example.org", "a much better password")).status).toBe(200);
  });
});

describe("reset links", () => {
  it("work once, within 24 hours, and sign the account out everywhere", async () => {
    await makeAccount("admin1@example.org", "admin");
    await makeAccount("forgetful@example.org", "student", "forg0000forg0000");
    const admin = cookiesOf(await signInAs("admin1@example.org"));
    const studentSession = cookiesOf(await signInAs("forgetful@example.org"));
    const issued = await issueReset(pageRequest("/api/auth/reset-links", { cookie: admin, body: { email: "forgetful@example.org" } }));
    expect(issued.status).toBe(200);
    const { link, expiresAt } = (await issued.json()) as { link: string; expiresAt: string };
    expect(new Date(expiresAt).getTime() - Date.now()).toBeGreaterThan(23.9 * 3_600_000);
    expect(new Date(expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(24 * 3_600_000);
    const token = link.split("/").at(-1)!;
    expect(await getDb().passwordReset.count({ where: { tokenHash: token } })).toBe(0);
    const use = (newPassword: string) => useReset(pageRequest("/api/auth/reset", { body: { token, newPassword } }));
    expect((await use("my new password 1")).status).toBe(200);
    expect((await use("my new password 2")).status).toBe(404);
    expect((await signInAs("forgetful@example.org", "my new password 1")).status).toBe(200);
    expect((await signInAs("forgetful@example.org", "my new password 2")).status).toBe(401);
    // The session opened before the reset is gone.
    expect((await changePassword(pageRequest("/api/auth/password", { cookie: studentSession, body: { currentPassword: "x", newPassword: "whatever it is now" } }))).status).toBe(401);

    const expired = await issueReset(pageRequest("/api/auth/reset-links", { cookie: admin, body: { email: "forgetful@example.org" } }));
    const expiredToken = ((await expired.json()) as { link: string }).link.split("/").at(-1)!;
    await getDb().passwordReset.update({ where: { tokenHash: hashToken(expiredToken) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await useReset(pageRequest("/api/auth/reset", { body: { token: expiredToken, newPassword: "too late for this" } }))).status).toBe(404);
  });
});

describe("sign-up by join link", () => {
  it("attaches the anonymous student's record, and their check runs, to the new account", async () => {
    const teacher = await makeAccount("t6@example.org", "teacher");
    const klass = await createClass({ name: "Evening", teacherId: teacher.id, steps: [1, 2], joinCode: "JKMN2345" });
    await makeAccount("taken@example.org", "student", "take0000take0000");
    const anon = "anon0000anon0000";
    const { ensureStudent } = await import("@/server/db/repositories");
    await ensureStudent(anon, "Student anon");
    const run = await createCheckRun({ studentId: anon, step: 1, filesSnapshot: {}, mode: "verified" });
    await finishCheckRun(run, { score: 1, passed: true, results: [], buildLog: "" });
    const body = { joinCode: "JKMN2345", email: "learner@example.org", password: "learner password" };

    expect((await signUp(pageRequest("/api/auth/sign-up", { body }))).status).toBe(401);
    const notJoined = await signUp(pageRequest("/api/auth/sign-up", { body, cookie: studentCookie(anon) }));
    expect(notJoined.status).toBe(403);
    await addClassMember(klass.id, anon);
    const taken = await signUp(pageRequest("/api/auth/sign-up", { body: { ...body, email: "taken@example.org" }, cookie: studentCookie(anon) }));
    expect(taken.status).toBe(409);
    const created = await signUp(pageRequest("/api/auth/sign-up", { body, cookie: studentCookie(anon) }));
    expect(created.status).toBe(201);
    expect(created.headers.getSetCookie()[0]).toMatch(/^wb_session=/);
    expect(await getAccountByEmail("learner@example.org")).toMatchObject({ role: "student", studentId: anon });
    expect(await getStudent(anon)).not.toBeNull();
    expect((await getProgress(anon)).map(({ step, passed }) => ({ step, passed }))).toEqual([{ step: 1, passed: true }]);
    expect((await signUp(pageRequest("/api/auth/sign-up", { body: { ...body, email: "again@example.org" }, cookie: studentCookie(anon) }))).status).toBe(409);

    // Signing in from another browser brings the same Student back (its wb_student cookie).
    const elsewhere = await signInAs("learner@example.org", "learner password");
    expect(elsewhere.headers.getSetCookie().some((line) => line.startsWith(`${studentCookie(anon)};`))).toBe(true);
  });
});

describe("changing one's own password (/account)", () => {
  const change = (cookie: string | undefined, currentPassword: string, newPassword: string) => changePassword(pageRequest("/api/auth/password", { cookie, body: { currentPassword, newPassword } }));
  const messageOf = async (response: Response) => ((await response.json()) as { error: { message: string } }).error.message;

  it("asks who is changing it: nobody signed in, or a signed-out session, gets 401", async () => {
    await makeAccount("nobody-yet@example.org", "student", "nobo0000nobo0000");
    expect((await change(undefined, TEST_PASSWORD, "a brand new password")).status).toBe(401);
    const cookie = cookiesOf(await signInAs("nobody-yet@example.org"));
    await signOut(pageRequest("/api/auth/sign-out", { method: "POST", cookie }));
    expect((await change(cookie, TEST_PASSWORD, "a brand new password")).status).toBe(401);
  });

  it("refuses a wrong or missing current password, or the same password again, and keeps the old one", async () => {
    await makeAccount("careful@example.org", "teacher");
    const cookie = cookiesOf(await signInAs("careful@example.org"));
    const wrong = await change(cookie, "not my password", "a brand new password");
    expect(wrong.status).toBe(403);
    expect(await messageOf(wrong)).toBe("Your current password is not right.");
    const missing = await change(cookie, "", "a brand new password");
    expect(missing.status).toBe(400);
    expect(await messageOf(missing)).toBe("Enter your current password.");
    const same = await change(cookie, TEST_PASSWORD, TEST_PASSWORD);
    expect(same.status).toBe(400);
    expect(await messageOf(same)).toMatch(/not your current one/);
    expect((await change(cookie, TEST_PASSWORD, "short")).status).toBe(400);
    expect((await signInAs("careful@example.org")).status).toBe(200);
  });

  it("counts wrong current passwords with the sign-in failures: after 5, even the right one waits", async () => {
    await makeAccount("guessed@example.org", "admin");
    const cookie = cookiesOf(await signInAs("guessed@example.org"));
    for (let i = 0; i < 5; i++) expect((await change(cookie, `guess ${i}`, "a brand new password")).status).toBe(403);
    const locked = await change(cookie, TEST_PASSWORD, "a brand new password");
    expect(locked.status).toBe(429);
    expect(await messageOf(locked)).toMatch(/Too many wrong passwords\. Try again in 15 minutes\./);
    expect((await signInAs("guessed@example.org")).status).toBe(429);
    resetSignInLimitsForTests();
    expect((await signInAs("guessed@example.org")).status).toBe(200);
  });

  it("ends the account's other sessions, keeps this one, and says how many it ended", async () => {
    await makeAccount("moving@example.org", "student", "movi0000movi0000");
    await makeAccount("bystander@example.org", "student", "byst0000byst0000");
    const here = cookiesOf(await signInAs("moving@example.org"));
    const laptop = cookiesOf(await signInAs("moving@example.org"));
    const phone = cookiesOf(await signInAs("moving@example.org"));
    const someoneElse = cookiesOf(await signInAs("bystander@example.org"));
    const changed = await change(here, TEST_PASSWORD, "my own new password");
    expect(changed.status).toBe(200);
    expect(await changed.json()).toEqual({ changed: true, role: "student", signedOutElsewhere: 2 });
    expect(await currentAccount(here)).toMatchObject({ email: "moving@example.org" });
    expect(await currentAccount(laptop)).toBeNull();
    expect(await currentAccount(phone)).toBeNull();
    expect(await currentAccount(someoneElse)).toMatchObject({ email: "bystander@example.org" });
    expect((await signInAs("moving@example.org")).status).toBe(401);
    expect((await signInAs("moving@example.org", "my own new password")).status).toBe(200);
    // Alone now (the sign-in above is a new session): changing again ends that one only.
    expect(await (await change(here, "my own new password", "yet another password")).json()).toMatchObject({ signedOutElsewhere: 1 });
  });
});
