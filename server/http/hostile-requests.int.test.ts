/**
 * The hostile requests of issue 9 against the real workbench (production build, real http
 * server, SQLite in a temporary folder): malformed cookies, foreign origins, a 300 MiB chunked
 * upload, cookie-less page views. Each asserts what a student can observe, or what the host sees
 * (sockets, the server's memory, rows in the database).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureNextBuild, startWorkbench, type RunningWorkbench } from "../../e2e/support/workbench-server";
import { STUDENT_COOKIE } from "../identity/student-cookie";
import { resetConfigForTests } from "../config";
import { closeDb, getDb } from "../db/client";
import { exchangeRaw, streamUntilAnswered, upgradeRequest } from "./testing/raw-http";
import { freePort } from "./testing/free-port";

const MiB = 1024 * 1024;
let wb: RunningWorkbench;
let port = 0;

const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN) * 1024;

/** Rows in the server's own database (SQLite in its DATA_DIR). */
const students = () => getDb().student.count();

async function newCookie(): Promise<string> {
  const response = await fetch(`${wb.url}/`, { redirect: "manual" });
  await response.arrayBuffer();
  const pair = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .find((c) => c.startsWith(`${STUDENT_COOKIE}=`));
  if (!pair) throw new Error("no cookie issued");
  return pair;
}

const upgrade = (headers: Record<string, string>, waitMs = 5000) => exchangeRaw(port, upgradeRequest(port, headers), waitMs);

beforeAll(async () => {
  ensureNextBuild();
  port = await freePort();
  wb = await startWorkbench({ port, env: { ENGINE_POOL_SIZE: "0" } });
  process.env.DATA_DIR = wb.dataDir;
  process.env.SESSION_SECRET ??= "s".repeat(32);
  delete process.env.DATABASE_URL;
  resetConfigForTests();
});

afterAll(async () => {
  await closeDb();
  await wb?.stop();
});

describe("the real workbench under hostile requests", () => {
  it("answers a malformed cookie with a page and a new cookie, not a 500", async () => {
    const response = await fetch(`${wb.url}/`, { redirect: "manual", headers: { cookie: `${STUDENT_COOKIE}=%E0%A4%A` } });
    expect(response.status).toBeLessThan(500);
    expect(response.headers.getSetCookie().some((c) => c.startsWith(`${STUDENT_COOKIE}=`))).toBe(true);
    const api = await fetch(`${wb.url}/api/course`, { headers: { cookie: `${STUDENT_COOKIE}=%E0%A4%A` } });
    expect(api.status).toBe(200);
  });

  it("answers and closes 50 websocket upgrades with a malformed cookie, leaving no socket in CLOSE-WAIT", async () => {
    const results = await Promise.all(Array.from({ length: 50 }, () => upgrade({ Cookie: `${STUDENT_COOKIE}=%E0%A4%A`, Origin: wb.url })));
    for (const { answer, closed } of results) {
      expect(answer).toMatch(/^HTTP\/1\.1 401 /);
      expect(closed).toBe(true);
    }
    await new Promise((r) => setTimeout(r, 1500));
    const waiting = execFileSync("ss", ["-Htn", "state", "close-wait", `( sport = :${port} )`], { encoding: "utf8" }).trim();
    expect(waiting).toBe("");
  });

  it("refuses /ws to foreign origins with 403 and logs it", async () => {
    const cookie = await newCookie();
    for (const origin of ["http://evil.example", "null"]) {
      const { answer, closed } = await upgrade({ Cookie: cookie, Origin: origin });
      expect(answer, origin).toMatch(/^HTTP\/1\.1 403 /);
      expect(closed).toBe(true);
    }
    expect(wb.logs()).toMatch(/websocket refused: origin not allowed/);
  });

  it("refuses a same-site (not same-origin) write", async () => {
    const cookie = await newCookie();
    const response = await fetch(`${wb.url}/api/files/content?path=a.txt`, { method: "PUT", body: "x", headers: { cookie, "sec-fetch-site": "same-site" } });
    expect(response.status).toBe(403);
  });

  it("stops a 300 MiB chunked upload at the limit with a 413, and the server's memory stays flat", async () => {
    const cookie = await newCookie();
    const rssBefore = rssOf(wb.pid);
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssOf(wb.pid))), 20);
    let sent = 0;
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const upload = Readable.from(
      (function* () {
        while (sent < 300 * MiB) {
          sent += chunk.length;
          yield chunk;
        }
      })(),
    );
    const { status, body } = await streamUntilAnswered(
      port,
      { method: "PUT", path: "/api/files/content?path=big.txt", headers: { cookie, "content-type": "text/plain", "sec-fetch-site": "same-origin" } },
      upload,
    );
    clearInterval(sampler);
    expect(status).toBe(413);
    expect(JSON.parse(body)).toMatchObject({ error: { code: "too_large" } });
    expect(sent).toBeLessThan(150 * MiB);
    expect(rssPeak - rssBefore).toBeLessThan(100 * MiB);
  });

  it("creates no student for 100 page views without a cookie", async () => {
    const before = await students();
    for (let i = 0; i < 100; i++) {
      const response = await fetch(`${wb.url}/`, { redirect: "manual" });
      await response.arrayBuffer();
      expect(response.status).toBeLessThan(500);
    }
    expect(await students()).toBe(before);
  });

  it("never makes a workspace without its student: reads of a fresh cookie create nothing, the file listing creates both", async () => {
    const workspaces = () => (existsSync(path.join(wb.dataDir, "workspaces")) ? readdirSync(path.join(wb.dataDir, "workspaces")) : []);
    const cookie = await newCookie();
    const before = { students: await students(), workspaces: workspaces().length };
    for (const route of ["/api/course", "/api/files/content?path=1_worpress_multiservice_dirty/Dockerfile", "/api/workspace.zip", "/api/steps/1/last-check"]) {
      const response = await fetch(`${wb.url}${route}`, { headers: { cookie } });
      await response.arrayBuffer();
      expect([route, response.status < 500]).toEqual([route, true]);
    }
    expect({ students: await students(), workspaces: workspaces().length }).toEqual(before);

    const listing = await fetch(`${wb.url}/api/files?step=1`, { headers: { cookie } });
    expect(listing.status).toBe(200);
    expect(((await listing.json()) as { files: unknown[] }).files.length).toBeGreaterThan(0);
    expect({ students: await students(), workspaces: workspaces().length }).toEqual({ students: before.students + 1, workspaces: before.workspaces + 1 });
  });
});
