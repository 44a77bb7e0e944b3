/**
 * LTI 1.3 against a simulated LMS (./testing/platform-simulator.ts): the real login, launch and
 * JWKS route handlers on a freshly migrated database, the platform reached over loopback HTTP.
 * An instructor's first launch makes and binds the class, a learner's joins it and lands on the
 * step; every forged or replayed launch is refused with a page that says why; a graded
 * submission's fraction reaches the LMS's grade book, through retries.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as jwksRoute } from "@/app/api/lti/jwks/route";
import { GET as loginRoute, POST as loginPostRoute } from "@/app/api/lti/login/route";
import { cookiesOf, useTestDatabase } from "@/server/identity/testing/route-testing";
import { currentAccount } from "@/server/identity/accounts";
import { getClass, isClassMember } from "@/server/db/repositories";
import { getLtiContextOfClass, listLtiPassbacksOfClass } from "@/server/db/repositories/lti";
import { readCookie, STUDENT_COOKIE } from "@/server/identity/student-cookie";
import { LAUNCH_URL, launchThrough, postLaunch, TOOL_ORIGIN } from "./testing/launch-round";
import { ROLES, type PlatformSimulator, type SimulatedLaunch } from "./testing/platform-simulator";
import { startRegisteredPlatform } from "./testing/registered-platform";

const ORIGIN = TOOL_ORIGIN;
let sim: PlatformSimulator;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  cleanup = await useTestDatabase();
  sim = await startRegisteredPlatform();
});

afterAll(async () => {
  await sim?.close();
  await cleanup?.();
});

const launch = (spec: SimulatedLaunch, options: { dropStateCookie?: boolean } = {}) => launchThrough(sim, spec, options);
const post = postLaunch;

async function expectRefused(response: Response, status: number, words: RegExp): Promise<void> {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toContain("text/html");
  expect(response.headers.getSetCookie().some((c) => c.startsWith("wb_session="))).toBe(false);
  expect(await response.text()).toMatch(words);
}

const instructor: SimulatedLaunch = { sub: "teacher-1", name: "Grace Hopper", roles: [ROLES.instructor], contextId: "course-42", contextTitle: "Containers 2026" };
const learner = (sub: string, extra: Partial<SimulatedLaunch> = {}): SimulatedLaunch => ({
  sub,
  name: `Learner ${sub}`,
  roles: [ROLES.learner],
  contextId: "course-42",
  custom: { step: "1" },
  ...extra,
});

describe("the tool's keys", () => {
  it("serves the public key and never its private half", async () => {
    const { keys } = (await (await jwksRoute()).json()) as { keys: Record<string, unknown>[] };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
    expect(Object.keys(keys[0]!).sort()).toEqual(["alg", "e", "kid", "kty", "n", "use"]);
  });
});

describe("launches", () => {
  let classId = "";

  it("refuses a learner before any instructor opened the course: the class does not exist yet", async () => {
    const { response } = await launch(learner("early-bird"));
    await expectRefused(response, 403, /teacher has not opened this activity yet/);
  });

  it("an instructor's first launch makes a class bound to the course and opens its page, signed in as teacher", async () => {
    const { response } = await launch(instructor);
    expect(response.status).toBe(303);
    const location = response.headers.get("location")!;
    expect(location).toMatch(/^\/teacher\/classes\/[^/]+$/);
    classId = decodeURIComponent(location.split("/").at(-1)!);
    const klass = await getClass(classId);
    expect(klass?.name).toBe("Containers 2026");
    expect((await getLtiContextOfClass(classId))?.lineItemsUrl).toBe(sim.lineItemsUrl("course-42"));
    const account = await currentAccount(cookiesOf(response));
    expect(account).toMatchObject({ role: "teacher", mustChangePassword: false });
    expect(klass?.teacherId).toBe(account?.id);
    // The state cookie is spent.
    expect(response.headers.getSetCookie().some((c) => c.startsWith("wb_lti_") && c.includes("Max-Age=0"))).toBe(true);
  });

  it("the same instructor's next launch opens the same class", async () => {
    const { response } = await launch(instructor);
    expect(response.headers.get("location")).toBe(`/teacher/classes/${encodeURIComponent(classId)}`);
  });

  it("a learner's launch joins the class, signs them in as a student and lands on the step the link names", async () => {
    const { response } = await launch(learner("learner-1"));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/steps/1");
    const cookies = cookiesOf(response);
    const account = await currentAccount(cookies);
    expect(account?.role).toBe("student");
    expect(readCookie(cookies, STUDENT_COOKIE)?.split(".")[0]).toBe(account?.studentId);
    expect(await isClassMember(classId, account!.studentId!)).toBe(true);
    const again = await launch(learner("learner-1", { custom: {} }));
    expect(again.response.headers.get("location")).toBe("/");
    expect((await currentAccount(cookiesOf(again.response)))?.id).toBe(account?.id);
  });

  it("refuses a replayed launch (the nonce is used once)", async () => {
    const first = await launch(learner("learner-2"));
    expect(first.response.status).toBe(303);
    await expectRefused(await post(first.form, first.stateCookie), 401, /already used/);
  });

  it("refuses a launch whose browser did not start the login (no state cookie)", async () => {
    await expectRefused((await launch(learner("learner-3"), { dropStateCookie: true })).response, 401, /state cookie is missing/);
  });

  it("refuses an id_token addressed to another tool", async () => {
    await expectRefused((await launch(learner("learner-4", { tamper: { audience: "another-tool" } }))).response, 401, /addressed to another tool/);
  });

  it("refuses an unknown deployment", async () => {
    await expectRefused((await launch(learner("learner-5", { tamper: { deploymentId: "deployment-9" } }))).response, 403, /deployment deployment-9 .* not registered/);
  });

  it("refuses an expired id_token", async () => {
    await expectRefused((await launch(learner("learner-6", { tamper: { expiresIn: -120 } }))).response, 401, /expired/);
  });

  it("refuses an id_token signed with a key the LMS does not publish", async () => {
    await expectRefused((await launch(learner("learner-7", { tamper: { foreignKey: true } }))).response, 401, /signature does not match/);
  });

  it("refuses another kind of message and a nonce the login did not issue", async () => {
    await expectRefused((await launch(learner("learner-8", { tamper: { messageType: "LtiDeepLinkingRequest" } }))).response, 400, /not a resource-link launch/);
    await expectRefused((await launch(learner("learner-9", { tamper: { nonce: "made-up" } }))).response, 401, /nonce unknown or used/);
  });

  it("refuses a login from an LMS that is not registered, and one naming an unknown deployment", async () => {
    const params = sim.loginParams(learner("x"), LAUNCH_URL);
    params.set("iss", "https://unknown-lms.example");
    await expectRefused(await loginRoute(new Request(`${ORIGIN}/api/lti/login?${params}`)), 403, /not registered with this workbench/);
    const posted = sim.loginParams(learner("y"), LAUNCH_URL);
    posted.set("lti_deployment_id", "deployment-9");
    const response = await loginPostRoute(new Request(`${ORIGIN}/api/lti/login`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: posted.toString() }));
    await expectRefused(response, 403, /deployment-9/);
  });

  it("refuses a login whose target is another site", async () => {
    const params = sim.loginParams(learner("z"), "https://evil.example/api/lti/launch");
    await expectRefused(await loginRoute(new Request(`${ORIGIN}/api/lti/login?${params}`)), 400, /another site/);
  });

  it("accepts the login as a form POST too", async () => {
    const params = sim.loginParams(learner("learner-10"), LAUNCH_URL);
    const response = await loginPostRoute(new Request(`${ORIGIN}/api/lti/login`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: params.toString() }));
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toContain(sim.authLoginUrl);
  });

  it("keeps the passbacks of the class empty so far", async () => {
    expect(await listLtiPassbacksOfClass(classId)).toEqual([]);
  });
});
