/**
 * The request handler starts a returning student's engine while their step page loads
 * (RequestHandlerDeps.prewarm), and only then: not for a browser without a valid cookie (a new
 * visitor, a forged cookie), not for other pages, assets, API reads or writes.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createLogger } from "../logger";
import { createRequestHandler } from "./request-handler";
import { STUDENT_COOKIE, encodeStudentCookie, newStudentId } from "../identity/student-cookie";

const secret = "p".repeat(32);
const prewarmed: string[] = [];
let server: http.Server;
let base = "";

beforeAll(async () => {
  const handle = async (_req: http.IncomingMessage, res: http.ServerResponse) => void res.end("page");
  server = http.createServer(
    createRequestHandler({ handle, previewRoutes: [], engines: { current: () => undefined }, secret, log: createLogger({ level: "silent" }), prewarm: (id) => prewarmed.push(id) }),
  );
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

beforeEach(() => {
  prewarmed.length = 0;
});

const student = newStudentId();
const cookie = `${STUDENT_COOKIE}=${encodeStudentCookie(student, secret)}`;
const get = async (url: string, headers: Record<string, string> = {}, method = "GET") => (await fetch(`${base}${url}`, { method, headers })).text();

describe("engine started while the page loads", () => {
  it("starts for a returning student opening a step page", async () => {
    await get("/steps/3", { cookie });
    await get("/steps/12?tab=terminal", { cookie });
    expect(prewarmed).toEqual([student, student]);
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
