/**
 * The student API routes' identity (requireStudent) with anonymous work on and off: off, an
 * anonymous browser may still read and may join a class or sign up, but nothing that works on
 * the course (writing files, making the workspace) until it signs in.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { requireStudent } from "./app-api";
import { resetConfigForTests } from "./config";
import { signIn } from "./identity/accounts";
import { AUTH_COOKIE } from "./identity/auth-cookie";
import { makeAccount, pageRequest, studentCookie, TEST_PASSWORD, useTestDatabase } from "./identity/testing/route-testing";

const ANON = "anon9999anon9999";
let signedIn = "";
let cleanup: () => Promise<void>;

const setAllowAnonymous = (value: string | undefined) => {
  if (value === undefined) delete process.env.ALLOW_ANONYMOUS;
  else process.env.ALLOW_ANONYMOUS = value;
  resetConfigForTests();
};
const put = (cookie: string) => pageRequest("/api/files/content?path=a/Dockerfile", { method: "PUT", cookie });
const get = (cookie: string) => pageRequest("/api/files?step=1", { cookie });

beforeAll(async () => {
  cleanup = await useTestDatabase();
  await makeAccount("worker@example.org", "student", "work9999work9999");
  const { token } = await signIn({ email: "worker@example.org", password: TEST_PASSWORD, address: "test" });
  signedIn = `${AUTH_COOKIE}=${token}; ${studentCookie("work9999work9999")}`;
});
afterAll(async () => {
  setAllowAnonymous(undefined);
  await cleanup();
});
beforeEach(() => setAllowAnonymous(undefined));

describe("requireStudent", () => {
  it("lets an anonymous browser work while anonymous work is allowed (the default)", async () => {
    expect(await requireStudent(put(studentCookie(ANON)))).toMatchObject({ id: ANON });
    expect(await requireStudent(get(studentCookie(ANON)), { makesWorkspace: true })).toMatchObject({ id: ANON });
  });

  it("with ALLOW_ANONYMOUS=false, refuses an anonymous browser's course work with 'sign in first', and lets a signed-in student work", async () => {
    setAllowAnonymous("false");
    await expect(requireStudent(put(studentCookie(ANON)))).rejects.toMatchObject({ code: "unauthorized", userMessage: expect.stringMatching(/sign in first/) });
    await expect(requireStudent(get(studentCookie(ANON)), { makesWorkspace: true })).rejects.toMatchObject({ code: "unauthorized" });
    // Still allowed: reading, and joining a class or signing up to get an account.
    expect(await requireStudent(get(studentCookie(ANON)))).toMatchObject({ id: ANON });
    expect(await requireStudent(pageRequest("/api/classes/join", { body: { code: "X" }, cookie: studentCookie(ANON) }), { beforeAccount: true })).toMatchObject({ id: ANON });
    expect(await requireStudent(put(signedIn))).toMatchObject({ id: "work9999work9999" });
  });
});
