/**
 * A student's engine starts ahead of their step page through one function with one set of
 * permissions (./start-engine-early.ts), whichever way the page asks: its GET (the request
 * handler) or its early request (POST /api/engine/prewarm). With ALLOW_ANONYMOUS=false, a returning
 * student who is not signed in gets no engine either way; the GET used to start one (the page's
 * redirect to sign-in came after the engine had been claimed). Real database and permission rule;
 * the engine manager's prewarm is counted.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import http from "node:http";
import { resetConfigForTests } from "../config";
import { ensureStudent, getStudent } from "../db/repositories";
import { createLogger } from "../logger";
import { signIn } from "../identity/accounts";
import { AUTH_COOKIE } from "../identity/auth-cookie";
import { newStudentId } from "../identity/student-cookie";
import { makeAccount, studentCookie, TEST_PASSWORD, TEST_SECRET, useTestDatabase } from "../identity/testing/route-testing";
import { ENGINE_PREWARM_PATH } from "../../lib/engine-prewarm";
import { createRequestHandler } from "./request-handler";
import { earlyEngineStarter } from "./start-engine-early";
import { listenOnFreePort, type ListeningServer } from "./testing/listen";

const prewarmed: string[] = [];
const pending: Promise<boolean>[] = [];
let healthy = true;
let site: ListeningServer;
let cleanup: () => Promise<void>;
const anonymous = "anon0000anon0000";
let signedIn = "";

const setAllowAnonymous = (value: string | undefined) => {
  if (value === undefined) delete process.env.ALLOW_ANONYMOUS;
  else process.env.ALLOW_ANONYMOUS = value;
  resetConfigForTests();
};

beforeAll(async () => {
  cleanup = await useTestDatabase();
  await ensureStudent(anonymous, "Student anon"); // a returning student: their session started before
  await makeAccount("learner@example.org", "student", "lear0000lear0000");
  const { token } = await signIn({ email: "learner@example.org", password: TEST_PASSWORD, address: "test" });
  signedIn = `${AUTH_COOKIE}=${token}; ${studentCookie("lear0000lear0000")}`;
  const starter = earlyEngineStarter({
    enginesHealthy: () => healthy,
    prewarm: (studentId) => {
      prewarmed.push(studentId);
      return true;
    },
  });
  const handle = async (_req: http.IncomingMessage, res: http.ServerResponse) => void res.end("page");
  const earlyEngine = {
    origins: { port: 3000 },
    // Every start is kept, so that a test can wait for the ones a page's GET does not wait for.
    start: (...args: Parameters<typeof starter>) => {
      const started = starter(...args);
      pending.push(started);
      return started;
    },
  };
  site = await listenOnFreePort(
    http.createServer(createRequestHandler({ handle, previewRoutes: [], engines: { current: () => undefined }, secret: TEST_SECRET, log: createLogger({ level: "silent" }), earlyEngine })),
  );
});

afterAll(async () => {
  await site.close();
  setAllowAnonymous(undefined);
  await cleanup();
});

beforeEach(() => {
  prewarmed.length = 0;
  pending.length = 0;
  healthy = true;
  setAllowAnonymous(undefined);
});

/** Opens the step page as its browser does: the GET, then the inline script's request; the engines both started. */
async function openStepPage(cookie: string): Promise<{ started: boolean }> {
  await (await fetch(`${site.url}/steps/3`, { headers: { cookie } })).text();
  const early = await fetch(`${site.url}${ENGINE_PREWARM_PATH}`, { method: "POST", headers: { cookie, "sec-fetch-site": "same-origin" } });
  expect(early.status).toBe(202);
  const answer = (await early.json()) as { started: boolean };
  await Promise.all(pending);
  return answer;
}

describe("an engine started while the step page loads", () => {
  it("with ALLOW_ANONYMOUS=false, is never started for a returning student who is not signed in, by the page's GET or its request", async () => {
    setAllowAnonymous("false");
    expect(await openStepPage(studentCookie(anonymous))).toEqual({ started: false });
    expect(await openStepPage(`${AUTH_COOKIE}=signed-out-long-ago; ${studentCookie(anonymous)}`)).toEqual({ started: false });
    expect(prewarmed).toEqual([]);
  });

  it("with ALLOW_ANONYMOUS=false, is started for a signed-in student, by both ways", async () => {
    setAllowAnonymous("false");
    expect(await openStepPage(signedIn)).toEqual({ started: true });
    expect(prewarmed).toEqual(["lear0000lear0000", "lear0000lear0000"]);
  });

  it("with anonymous work allowed, is started for a returning student; a new one's session starts only with the page's request", async () => {
    expect(await openStepPage(studentCookie(anonymous))).toEqual({ started: true });
    expect(prewarmed).toEqual([anonymous, anonymous]);
    prewarmed.length = 0;
    const newcomer = newStudentId();
    await (await fetch(`${site.url}/steps/3`, { headers: { cookie: studentCookie(newcomer) } })).text();
    await Promise.all(pending);
    expect(prewarmed).toEqual([]); // a page view creates no record, so it starts no engine
    expect(await getStudent(newcomer)).toBeNull();
    expect(await openStepPage(studentCookie(newcomer))).toEqual({ started: true });
    expect(prewarmed).toEqual([newcomer]);
    expect(await getStudent(newcomer)).not.toBeNull();
  });

  it("is not started while engines cannot start", async () => {
    healthy = false;
    expect(await openStepPage(signedIn)).toEqual({ started: false });
    expect(prewarmed).toEqual([]);
  });
});
