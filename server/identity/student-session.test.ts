/**
 * Student records are created when a session really starts (first websocket, first write),
 * never by page views: 100 GETs without a cookie leave the database empty. Real SQLite in a
 * temporary folder, the real request handler and websocket endpoint on loopback.
 */
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetConfigForTests } from "../config";
import { createLogger } from "../logger";
import { getDb } from "../db/client";
import { requireStudent } from "../app-api";
import { createRequestHandler } from "../http/request-handler";
import { createUpgradeHandler } from "../http/upgrade-handler";
import { createWebSocketEndpoint } from "../ws/websocket-server";
import { HubRegistry } from "../ws/student-hub";
import type { EngineManager } from "../sandbox/engine-manager";
import { STUDENT_COOKIE, decodeStudentCookie, encodeStudentCookie, newStudentId, readCookie } from "./student-cookie";
import { mayWorkOnCourse, startStudentSession } from "./student-session";
import { exchangeRaw, upgradeRequest } from "../http/testing/raw-http";
import { WebSocket } from "ws";
import { createAccountWithOneTimePassword, signIn } from "./accounts";
import { AUTH_COOKIE } from "./auth-cookie";
import { makeAccount, pageRequest, TEST_PASSWORD, TEST_SECRET, useTestDatabase } from "./testing/route-testing";
import { deleteAccountSessions } from "../db/repositories";
import { GET as listClasses } from "../../app/api/classes/route";
import { SIGN_IN_REQUIRED_CLOSE } from "../ws/websocket-server";
import { listenOnFreePort, type ListeningServer } from "../http/testing/listen";

const secret = TEST_SECRET;
const quiet = createLogger({ level: "silent" });
let cleanup: () => Promise<void>;
let site: ListeningServer;
let base = "";
let port = 0;
/** What Next.js would see: the student id of each request it was handed. */
const seenByNext: (string | null)[] = [];
/** The operator's ALLOW_ANONYMOUS, as the endpoint sees it. */
let allowAnonymous = true;

beforeAll(async () => {
  cleanup = await useTestDatabase();

  const studentFromRequest = (req: http.IncomingMessage) => decodeStudentCookie(readCookie(req.headers.cookie, STUDENT_COOKIE), secret);
  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    seenByNext.push(studentFromRequest(req));
    res.end("page");
  };
  const server = http.createServer(createRequestHandler({ handle, previewRoutes: [], engines: { current: () => undefined }, secret, log: quiet }));
  const engines = { acquire: () => undefined, release: () => undefined, current: () => undefined, knownAlive: () => undefined, ensure: () => new Promise(() => undefined) } as unknown as EngineManager;
  const ws = createWebSocketEndpoint({
    engines,
    hubs: new HubRegistry(),
    log: quiet,
    studentFromRequest,
    startSession: startStudentSession,
    mayWork: (req) => mayWorkOnCourse(req.headers.cookie, allowAnonymous),
    origins: { port: 3000 },
  });
  server.on("upgrade", createUpgradeHandler({ ws, log: quiet }));
  site = await listenOnFreePort(server);
  ({ port, url: base } = site);
});

afterAll(async () => {
  await site.close();
  await cleanup();
});

const students = () => getDb().student.count();

describe("student records", () => {
  it("are not created by page views: 100 GETs without a cookie give 100 cookies and no rows", async () => {
    const before = await students();
    for (let i = 0; i < 100; i++) {
      const response = await fetch(`${base}/steps/1`);
      expect(response.status).toBe(200);
      await response.text();
      expect(response.headers.getSetCookie().some((c) => c.startsWith(`${STUDENT_COOKIE}=`))).toBe(true);
    }
    expect(await students()).toBe(before);
    expect(seenByNext.slice(-100).every((id) => id !== null)).toBe(true);
  });

  it("answers a malformed cookie with a page and a new cookie, not a 500", async () => {
    seenByNext.length = 0;
    const response = await fetch(`${base}/`, { headers: { cookie: `a=1; ${STUDENT_COOKIE}=%E0%A4%A` } });
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie().some((c) => c.startsWith(`${STUDENT_COOKIE}=`))).toBe(true);
    expect(seenByNext).toHaveLength(1);
    expect(seenByNext[0]).toMatch(/^[a-z0-9]{16}$/);
  });

  it("are not created by reads through the API, and are by the first write", async () => {
    const id = newStudentId();
    const cookie = `${STUDENT_COOKIE}=${encodeStudentCookie(id, secret)}`;
    const read = await requireStudent(new Request("http://localhost/api/course", { headers: { cookie } }));
    expect(read.id).toBe(id);
    expect(await getDb().student.findUnique({ where: { id } })).toBeNull();
    const write = await requireStudent(new Request("http://localhost/api/files/content?path=a", { method: "PUT", headers: { cookie } }));
    expect(write.id).toBe(id);
    expect(await getDb().student.findUnique({ where: { id } })).not.toBeNull();
  });

  it("is created by the first websocket connection", async () => {
    const id = newStudentId();
    const raw = upgradeRequest(port, { Origin: base, Cookie: `${STUDENT_COOKIE}=${encodeStudentCookie(id, secret)}` });
    const { answer } = await exchangeRaw(port, raw, 1_000);
    expect(answer).toMatch(/^HTTP\/1\.1 101 /);
    expect(await getDb().student.findUnique({ where: { id } })).not.toBeNull();
  });
});

/** Opens /ws with these cookies; resolves with the messages heard and the close code once closed, or after waitMs. */
function openSocket(cookie: string, waitMs = 2_000): Promise<{ opened: boolean; messages: unknown[]; closeCode: number | null }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers: { Origin: base, Cookie: cookie, "Accept-Language": "fr-FR,fr;q=0.9" } });
    const heard = { opened: false, messages: [] as unknown[], closeCode: null as number | null };
    const timer = setTimeout(() => {
      resolve({ ...heard }); // still open: what was heard so far, before terminate's own close
      socket.removeAllListeners("close");
      socket.terminate();
    }, waitMs);
    socket.on("open", () => (heard.opened = true));
    socket.on("message", (data: Buffer) => heard.messages.push(JSON.parse(data.toString())));
    socket.on("error", () => undefined);
    socket.on("close", (code) => {
      clearTimeout(timer);
      heard.closeCode = code;
      resolve(heard);
    });
  });
}

const studentCookieOf = (id: string) => `${STUDENT_COOKIE}=${encodeStudentCookie(id, secret)}`;
async function signedInCookie(email: string, password = TEST_PASSWORD): Promise<string> {
  const { token } = await signIn({ email, password, address: "test" });
  return `${AUTH_COOKIE}=${token}`;
}

describe("anonymous work (ALLOW_ANONYMOUS)", () => {
  it("is allowed by default: an anonymous browser, and a signed-in one, may work", async () => {
    resetConfigForTests();
    delete process.env.ALLOW_ANONYMOUS;
    expect(await mayWorkOnCourse(undefined)).toBe(true);
    await makeAccount("allowed@example.org", "student", "allo0000allo0000");
    expect(await mayWorkOnCourse(`${await signedInCookie("allowed@example.org")}; ${studentCookieOf("allo0000allo0000")}`)).toBe(true);
  });

  it("turned off, lets only a signed-in account that chose its password work", async () => {
    process.env.ALLOW_ANONYMOUS = "false";
    resetConfigForTests();
    try {
      await makeAccount("off@example.org", "student", "offs0000offs0000");
      await makeAccount("teacher-off@example.org", "teacher");
      const { password } = await createAccountWithOneTimePassword("pending@example.org", "student");
      expect(await mayWorkOnCourse(undefined)).toBe(false);
      expect(await mayWorkOnCourse(studentCookieOf(newStudentId()))).toBe(false);
      expect(await mayWorkOnCourse(`${AUTH_COOKIE}=forged-or-expired`)).toBe(false);
      expect(await mayWorkOnCourse(await signedInCookie("pending@example.org", password))).toBe(false);
      expect(await mayWorkOnCourse(await signedInCookie("off@example.org"))).toBe(true);
      expect(await mayWorkOnCourse(await signedInCookie("teacher-off@example.org"))).toBe(true);
    } finally {
      delete process.env.ALLOW_ANONYMOUS;
      resetConfigForTests();
    }
  });

  it("turned off, the websocket tells an anonymous browser to sign in, in its language, and starts nothing", async () => {
    allowAnonymous = false;
    try {
      const id = newStudentId();
      const heard = await openSocket(studentCookieOf(id));
      expect(heard.closeCode).toBe(SIGN_IN_REQUIRED_CLOSE);
      expect(heard.messages).toEqual([{ type: "error", code: "sign_in_required", message: expect.stringMatching(/^Connectez-vous pour travailler/) }]);
      expect(await getDb().student.findUnique({ where: { id } })).toBeNull();
    } finally {
      allowAnonymous = true;
    }
  });

  it("a signed-in student's socket opens and starts their session, whether anonymous work is on or off", async () => {
    await makeAccount("works@example.org", "student", "work0000work0000");
    const cookie = `${await signedInCookie("works@example.org")}; ${studentCookieOf("work0000work0000")}`;
    for (const setting of [true, false]) {
      allowAnonymous = setting;
      const heard = await openSocket(cookie, 500);
      expect(heard).toMatchObject({ opened: true, closeCode: null });
      expect(heard.messages).not.toContainEqual(expect.objectContaining({ code: "sign_in_required" }));
    }
    allowAnonymous = true;
    const anonymous = newStudentId();
    expect(await openSocket(studentCookieOf(anonymous), 500)).toMatchObject({ opened: true, closeCode: null });
    expect(await getDb().student.findUnique({ where: { id: anonymous } })).not.toBeNull();
  });

  it("refuses a revoked session: its socket is told to sign in, and the HTTP API answers 401", async () => {
    const student = await makeAccount("revoked@example.org", "student", "revo0000revo0000");
    const teacher = await makeAccount("revoked.teacher@example.org", "teacher");
    const cookie = `${await signedInCookie("revoked@example.org")}; ${studentCookieOf("revo0000revo0000")}`;
    const teacherCookie = await signedInCookie("revoked.teacher@example.org");
    allowAnonymous = false;
    try {
      expect(await openSocket(cookie, 500)).toMatchObject({ opened: true, closeCode: null });
      expect((await listClasses(pageRequest("/api/classes", { cookie: teacherCookie }))).status).toBe(200);
      // What a used reset link, or a password changed elsewhere, does to the account's sessions.
      expect(await deleteAccountSessions(student.id)).toBe(1);
      expect(await deleteAccountSessions(teacher.id)).toBe(1);
      expect((await openSocket(cookie)).closeCode).toBe(SIGN_IN_REQUIRED_CLOSE);
      const refused = await listClasses(pageRequest("/api/classes", { cookie: teacherCookie }));
      expect(refused.status).toBe(401);
    } finally {
      allowAnonymous = true;
    }
  });
});
