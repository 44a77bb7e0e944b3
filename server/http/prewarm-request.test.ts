/**
 * The step page's early engine request (POST /api/engine/prewarm, ./prewarm-request.ts) through
 * the server's request handler: it starts the engine of the cookie's student only, only for the
 * workbench's own page, never for a forged or missing cookie, another site, or a GET; and it never
 * reaches Next.js.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import http from "node:http";
import { createLogger } from "../logger";
import { createRequestHandler } from "./request-handler";
import type { EarlyEngineTrigger } from "./start-engine-early";
import { listenOnFreePort, type ListeningServer } from "./testing/listen";
import { STUDENT_COOKIE, encodeStudentCookie, newStudentId } from "../identity/student-cookie";
import { ENGINE_PREWARM_PATH, ENGINE_PREWARM_SCRIPT } from "../../lib/engine-prewarm";

const secret = "q".repeat(32);
const asked: string[] = [];
const nextSaw: string[] = [];
let started = true;
let site: ListeningServer;
let base = "";

beforeAll(async () => {
  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    nextSaw.push(req.url ?? "");
    res.end("page");
  };
  const start = async (studentId: string, _cookie: string | undefined, trigger: EarlyEngineTrigger) => {
    if (trigger === "page-request") asked.push(studentId);
    return started;
  };
  site = await listenOnFreePort(
    http.createServer(
      createRequestHandler({
        handle,
        previewRoutes: [],
        engines: { current: () => undefined },
        secret,
        log: createLogger({ level: "silent" }),
        earlyEngine: { origins: { port: 3000 }, start },
      }),
    ),
  );
  base = site.url;
});

afterAll(() => site.close());

beforeEach(() => {
  asked.length = 0;
  nextSaw.length = 0;
  started = true;
});

const student = newStudentId();
const cookie = `${STUDENT_COOKIE}=${encodeStudentCookie(student, secret)}`;
const post = (headers: Record<string, string>, method = "POST") => fetch(`${base}${ENGINE_PREWARM_PATH}`, { method, headers });

describe("the step page's early engine request", () => {
  it("starts the engine of the cookie's student, asked by the workbench's own page", async () => {
    const fromPage = await post({ cookie, "sec-fetch-site": "same-origin" });
    expect(fromPage.status).toBe(202);
    expect(await fromPage.json()).toEqual({ started: true });
    // A browser without Fetch Metadata: the Origin must be the workbench's.
    started = false; // e.g. the student's engine was already up
    const olderBrowser = await post({ cookie, origin: base });
    expect(olderBrowser.status).toBe(202);
    expect(await olderBrowser.json()).toEqual({ started: false });
    expect(asked).toEqual([student, student]);
    expect(nextSaw).toEqual([]);
  });

  it("refuses another site, a missing or forged cookie, and other methods, starting nothing", async () => {
    expect((await post({ cookie, "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await post({ cookie, "sec-fetch-site": "same-site" })).status).toBe(403);
    expect((await post({ cookie, origin: "http://evil.example" })).status).toBe(403);
    expect((await post({ cookie })).status).toBe(403); // neither header: not a browser page of ours
    expect((await post({ "sec-fetch-site": "same-origin" })).status).toBe(401);
    expect((await post({ cookie: `${STUDENT_COOKIE}=${encodeStudentCookie(student, "z".repeat(32))}`, "sec-fetch-site": "same-origin" })).status).toBe(401);
    const get = await post({ cookie, "sec-fetch-site": "same-origin" }, "GET");
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    expect(asked).toEqual([]);
    expect(nextSaw).toEqual([]);
  });

  it("is asked by an inline script that needs none of the page's bundles", () => {
    expect(ENGINE_PREWARM_SCRIPT).toContain(`fetch("${ENGINE_PREWARM_PATH}",{method:"POST"`);
    expect(ENGINE_PREWARM_SCRIPT).not.toMatch(/import|require|<\/script/i);
  });
});
