/**
 * The request handler starts a returning student's engine while their step page loads
 * (RequestHandlerDeps.earlyEngine, which decides whether: ./start-engine-early.ts), and only then: not for a browser without a valid cookie (a new
 * visitor, a forged cookie), not for other pages, assets, API reads or writes.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import http from "node:http";
import { createLogger } from "../logger";
import { createRequestHandler } from "./request-handler";
import type { EarlyEngineTrigger } from "./start-engine-early";
import { listenOnFreePort, type ListeningServer } from "./testing/listen";
import { STUDENT_COOKIE, encodeStudentCookie, newStudentId } from "../identity/student-cookie";

const secret = "p".repeat(32);
const prewarmed: string[] = [];
let site: ListeningServer;

beforeAll(async () => {
  const handle = async (_req: http.IncomingMessage, res: http.ServerResponse) => void res.end("page");
  const start = async (id: string, _cookie: string | undefined, trigger: EarlyEngineTrigger) => {
    prewarmed.push(`${id} ${trigger}`);
    return true;
  };
  const earlyEngine = { start, origins: { port: 3000 } };
  site = await listenOnFreePort(
    http.createServer(createRequestHandler({ handle, previewRoutes: [], engines: { current: () => undefined }, secret, log: createLogger({ level: "silent" }), earlyEngine })),
  );
});

afterAll(() => site.close());

beforeEach(() => {
  prewarmed.length = 0;
});

const student = newStudentId();
const cookie = `${STUDENT_COOKIE}=${encodeStudentCookie(student, secret)}`;
const get = async (url: string, headers: Record<string, string> = {}, method = "GET") => (await fetch(`${site.url}${url}`, { method, headers })).text();

describe("engine started while the page loads", () => {
  it("starts for a returning student opening a step page", async () => {
    await get("/steps/3", { cookie });
    await get("/steps/12?tab=terminal", { cookie });
    expect(prewarmed).toEqual([`${student} page-view`, `${student} page-view`]);
  });

  it("does not start for a new visitor or a forged cookie", async () => {
    await get("/steps/3");
    await get("/steps/3", { cookie: `${STUDENT_COOKIE}=${encodeStudentCookie(student, "x".repeat(32))}` });
    await get("/steps/3", { cookie: `${STUDENT_COOKIE}=%E0%A4%A` });
    expect(prewarmed).toEqual([]);
  });

  it("does not start for other pages, assets, API requests or writes", async () => {
    await get("/", { cookie });
    await get("/steps", { cookie });
    await get("/steps/3/../../api/files", { cookie });
    await get("/_next/static/chunks/steps/3.js", { cookie });
    await get("/api/steps/3/last-check", { cookie });
    await get("/steps/3", { cookie }, "HEAD");
    await get("/steps/3", { cookie }, "POST");
    expect(prewarmed).toEqual([]);
  });
});
