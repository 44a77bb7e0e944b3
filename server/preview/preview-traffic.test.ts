/**
 * Requests through the preview proxy mark their student active (time-sharing, EngineManager's
 * notePreviewTraffic): the student the signed cookie names, only when their engine is up, and
 * never anyone named in the URL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import http from "node:http";
import { createRequestHandler } from "../http/request-handler";
import { STUDENT_COOKIE, encodeStudentCookie } from "../identity/student-cookie";
import { createLogger } from "../logger";
import { listenOnFreePort, type ListeningServer } from "../http/testing/listen";
import type { EngineLocator } from "./preview-proxy";

const secret = "preview-traffic-test-secret-0123456789";
const alice = "aaaaaaaaaaaaaaaa";
const bob = "bbbbbbbbbbbbbbbb";
const marked: string[] = [];
let upstream: ListeningServer;
let front: ListeningServer;

beforeAll(async () => {
  upstream = await listenOnFreePort(http.createServer((_req, res) => void res.writeHead(200, { "Content-Type": "text/plain" }).end("site")));
  // Alice's engine is up; Bob's is not.
  const engines: EngineLocator = {
    current: (id) => (id === alice ? { ip: "127.0.0.1" } : undefined),
    notePreviewTraffic: (id) => void marked.push(id),
  };
  const handler = createRequestHandler({
    handle: async (_req, res) => void res.writeHead(404).end(),
    previewRoutes: [{ path: "/site/", port: upstream.port }],
    engines,
    secret,
    log: createLogger({ level: "silent" }),
  });
  front = await listenOnFreePort(http.createServer(handler));
});

afterAll(async () => {
  await Promise.all([upstream.close(), front.close()]);
});

const cookieOf = (studentId: string) => `${STUDENT_COOKIE}=${encodeStudentCookie(studentId, secret)}`;

async function get(path: string, cookie?: string): Promise<number> {
  const res = await fetch(`${front.url}${path}`, { headers: cookie ? { cookie } : {}, redirect: "manual" });
  await res.arrayBuffer();
  return res.status;
}

describe("preview traffic marks its student active", () => {
  it("marks the cookie's student on each request that reaches their engine", async () => {
    marked.length = 0;
    expect(await get("/site/", cookieOf(alice))).toBe(200);
    expect(await get("/site/style.css?v=1", cookieOf(alice))).toBe(200);
    expect(marked).toEqual([alice, alice]);
  });

  it("marks nobody for a request without a valid cookie, for a student whose engine is down, or outside the preview", async () => {
    marked.length = 0;
    expect(await get("/site/")).toBe(401);
    expect(await get("/site/", `${STUDENT_COOKIE}=${alice}.forged`)).toBe(401);
    expect(await get("/site/", cookieOf(bob))).toBe(503);
    expect(await get(`/site/?student=${alice}`, cookieOf(bob))).toBe(503);
    expect(await get("/steps/1", cookieOf(alice))).toBe(404);
    expect(marked).toEqual([]);
  });
});
