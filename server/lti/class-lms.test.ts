/** What the class page's LMS section says of each score sent: the student's name, never the LMS's placeholder e-mail. Real SQLite in a temporary folder. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeAccount, useTestDatabase } from "../identity/testing/route-testing";
import { createLtiAccount, createLtiClass, createLtiPassback, upsertLtiPlatform } from "../db/repositories/lti";
import type { AccountRecord } from "../db/repositories";
import type { SignedIn } from "../identity/accounts";
import { getClassLms } from "./class-lms";

let cleanup: () => Promise<void>;
beforeAll(async () => {
  cleanup = await useTestDatabase();
});
afterAll(() => cleanup());

const actorOf = (account: AccountRecord): SignedIn => ({ id: account.id, email: account.email, role: account.role, mustChangePassword: false, studentId: null, sessionId: "test" });

describe("the LMS section of a class", () => {
  it("names the student each score is for (the launch's name, else a real e-mail), keeps the LMS id, and shows no placeholder address", async () => {
    const teacher = await makeAccount("lms-teacher@example.org", "teacher");
    const platform = await upsertLtiPlatform({
      issuer: "https://lms.example.org",
      clientId: "tool-1",
      deploymentIds: ["d1"],
      authLoginUrl: "https://lms.example.org/auth",
      tokenUrl: "https://lms.example.org/token",
      jwksUrl: "https://lms.example.org/jwks",
    });
    const classId = await createLtiClass({
      name: "Spring",
      teacherId: teacher.id,
      steps: [1],
      joinCode: "LMSNAMES",
      context: { platformId: platform.id, contextId: "c1", deploymentId: "d1", lineItemsUrl: null },
    });
    const learner = (sub: string, email: string, name: string) => createLtiAccount({ platformId: platform.id, sub, email, role: "student", student: { id: `student-${sub}`, name } });
    await learner("u-ada", "lti-0a1b@lms.example.org.invalid", "Ada Lovelace");
    await learner("u-grace", "grace@example.org", "  ");
    await learner("u-anon", "lti-9f8e@lms.example.org.invalid", "");
    for (const [index, userSub] of ["u-ada", "u-grace", "u-anon", "u-gone"].entries()) {
      await createLtiPassback({ runId: `run-${index}`, classId, step: 1, userSub, scoreGiven: 3, scoreMaximum: 5, gradedAt: new Date() });
    }

    const lms = await getClassLms(actorOf(teacher), classId);
    const bySub = Object.fromEntries(lms.passbacks.map((p) => [p.userSub, p.name]));
    expect(bySub).toEqual({ "u-ada": "Ada Lovelace", "u-grace": "grace@example.org", "u-anon": null, "u-gone": null });
    expect(JSON.stringify(lms)).not.toMatch(/\.invalid/);

    // Another teacher learns nothing of it, names included.
    const other = await makeAccount("other-teacher@example.org", "teacher");
    await expect(getClassLms(actorOf(other), classId)).rejects.toMatchObject({ code: "not_found" });
  });
});
