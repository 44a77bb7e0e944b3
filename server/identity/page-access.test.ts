import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookiesOf, makeAccount, pageRequest, TEST_PASSWORD, useTestDatabase } from "./testing/route-testing";
import { POST as signIn } from "@/app/api/auth/sign-in/route";
import { createAccountWithOneTimePassword } from "./accounts";
import { teacherPageAccess } from "./page-access";

let cleanup: () => Promise<void>;
beforeAll(async () => {
  cleanup = await useTestDatabase();
});
afterAll(() => cleanup());

const sessionOf = async (email: string, password = TEST_PASSWORD) => cookiesOf(await signIn(pageRequest("/api/auth/sign-in", { body: { email, password } })));

describe("teacher pages", () => {
  it("send nobody to sign in, hide from students, make a new account change its password, and open to teachers and admins", async () => {
    await makeAccount("student@example.org", "student", "page0000page0000");
    await makeAccount("teacher@example.org", "teacher");
    await makeAccount("admin@example.org", "admin");
    const { password } = await createAccountWithOneTimePassword("fresh@example.org", "teacher");
    expect(await teacherPageAccess(undefined)).toEqual({ kind: "sign-in" });
    expect(await teacherPageAccess("wb_session=forged-or-expired")).toEqual({ kind: "sign-in" });
    expect(await teacherPageAccess(await sessionOf("student@example.org"))).toEqual({ kind: "not-found" });
    expect(await teacherPageAccess(await sessionOf("fresh@example.org", password))).toEqual({ kind: "change-password" });
    expect(await teacherPageAccess(await sessionOf("teacher@example.org"))).toMatchObject({ kind: "allowed", account: { role: "teacher" } });
    expect(await teacherPageAccess(await sessionOf("admin@example.org"))).toMatchObject({ kind: "allowed", account: { role: "admin" } });
  });
});
