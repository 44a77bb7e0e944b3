/**
 * The upgrade path of the real http server on loopback: every refusal answers and closes the
 * socket, and an upgrade that never completes is closed after a few seconds.
 */
import http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../logger";
import { createWebSocketEndpoint } from "../ws/websocket-server";
import { HubRegistry } from "../ws/student-hub";
import type { EngineManager } from "../sandbox/engine-manager";
import { STUDENT_COOKIE, decodeStudentCookie, encodeStudentCookie, newStudentId, readCookie } from "../identity/student-cookie";
import { SERVER_TIMEOUTS, createUpgradeHandler } from "./upgrade-handler";
import type { OriginPolicy } from "./allowed-origins";
import { exchangeRaw, upgradeRequest as rawUpgradeRequest } from "./testing/raw-http";
import { listenOnFreePort, type ListeningServer } from "./testing/listen";

const secret = "s".repeat(32);
const lines: string[] = [];
const log = createLogger({ level: "info", write: (line) => lines.push(line) });
const servers: ListeningServer[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

/** The workbench's upgrade wiring (as in server/index.ts) with engines that are never reached. */
async function startServer(origins: OriginPolicy = { port: 3000 }, startSession: (id: string) => Promise<unknown> = async () => undefined): Promise<number> {
  const engines = { acquire: () => undefined, release: () => undefined, ensure: () => new Promise(() => undefined) } as unknown as EngineManager;
  const studentFromRequest = (req: http.IncomingMessage) => decodeStudentCookie(readCookie(req.headers.cookie, STUDENT_COOKIE), secret);
  const ws = createWebSocketEndpoint({ engines, hubs: new HubRegistry(), log, studentFromRequest, startSession, origins, upgradeTimeoutMs: 1500 });
  const server = http.createServer(SERVER_TIMEOUTS, (_req, res) => res.end());
  server.on("upgrade", createUpgradeHandler({ ws, log }));
  const listening = await listenOnFreePort(server);
  servers.push(listening);
  return listening.port;
}

const exchange = exchangeRaw;
const upgradeRequest = (port: number, headers: Record<string, string>) => rawUpgradeRequest(port, { Origin: `http://127.0.0.1:${port}`, ...headers });

describe("websocket upgrades", () => {
  it("answers a malformed cookie with 401 and closes the socket, every time", async () => {
    const port = await startServer();
    const results = await Promise.all(Array.from({ length: 50 }, () => exchange(port, upgradeRequest(port, { Cookie: `${STUDENT_COOKIE}=%E0%A4%A` }), 3000)));
    for (const { answer, closed } of results) {
      expect(answer).toMatch(/^HTTP\/1\.1 401 /);
      expect(closed).toBe(true);
    }
  });

  it("closes an upgrade whose request never completes within a few seconds", { timeout: 20_000 }, async () => {
    const port = await startServer();
    const partial = upgradeRequest(port, {}).replace(/\r\n\r\n$/, "\r\nX-Slow: ");
    // The server's own timeouts (SERVER_TIMEOUTS) close it; Node's defaults took 60-90 s.
    const { closed } = await exchange(port, partial, 13_000);
    expect(closed).toBe(true);
  });

  it("closes an upgrade that stalls on the server's side (e.g. the database) within a few seconds", async () => {
    const port = await startServer({ port: 3000 }, () => new Promise(() => undefined));
    const cookie = `${STUDENT_COOKIE}=${encodeStudentCookie(newStudentId(), secret)}`;
    const started = Date.now();
    const { answer, closed } = await exchange(port, upgradeRequest(port, { Cookie: cookie }), 6000);
    expect(closed).toBe(true);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(Date.now() - started).toBeLessThan(6000);
  });

  it("answers 500 and closes when starting the session fails", async () => {
    const port = await startServer({ port: 3000 }, () => Promise.reject(new Error("database down")));
    const cookie = `${STUDENT_COOKIE}=${encodeStudentCookie(newStudentId(), secret)}`;
    const { answer, closed } = await exchange(port, upgradeRequest(port, { Cookie: cookie }), 3000);
    expect(answer).toMatch(/^HTTP\/1\.1 500 /);
    expect(closed).toBe(true);
  });

  it("still upgrades a valid student", async () => {
    const port = await startServer();
    const cookie = `${STUDENT_COOKIE}=${encodeStudentCookie(newStudentId(), secret)}`;
    const { answer } = await exchange(port, upgradeRequest(port, { Cookie: cookie }), 500);
    expect(answer).toMatch(/^HTTP\/1\.1 101 /);
  });

  it("refuses pages of other origins with 403, logs it, and closes the socket", async () => {
    const port = await startServer();
    const cookie = `${STUDENT_COOKIE}=${encodeStudentCookie(newStudentId(), secret)}`;
    for (const origin of ["http://evil.example", "null", `http://127.0.0.1:${port + 1}`, `http://127.0.0.1.evil.example:${port}`]) {
      lines.length = 0;
      const raw = upgradeRequest(port, { Cookie: cookie }).replace(`Origin: http://127.0.0.1:${port}`, `Origin: ${origin}`);
      const { answer, closed } = await exchange(port, raw, 3000);
      expect(answer, origin).toMatch(/^HTTP\/1\.1 403 /);
      expect(closed).toBe(true);
      expect(lines.some((line) => line.includes("origin not allowed") && line.includes('"level":"warn"'))).toBe(true);
    }
  });

  it("accepts the workbench's own origins: the request's host, localhost:PORT, or exactly the configured ones", async () => {
    const cookie = `${STUDENT_COOKIE}=${encodeStudentCookie(newStudentId(), secret)}`;
    const port = await startServer({ port: 3000 });
    const withOrigin = (p: number, origin: string) => upgradeRequest(p, { Cookie: cookie }).replace(`Origin: http://127.0.0.1:${p}`, `Origin: ${origin}`);
    expect((await exchange(port, withOrigin(port, `http://127.0.0.1:${port}`), 500)).answer).toMatch(/^HTTP\/1\.1 101 /);
    expect((await exchange(port, withOrigin(port, "http://localhost:3000"), 500)).answer).toMatch(/^HTTP\/1\.1 101 /);
    const configured = await startServer({ port: 3000, configured: ["https://wb.example.org"] });
    expect((await exchange(configured, withOrigin(configured, "https://wb.example.org"), 500)).answer).toMatch(/^HTTP\/1\.1 101 /);
    expect((await exchange(configured, withOrigin(configured, `http://127.0.0.1:${configured}`), 3000)).answer).toMatch(/^HTTP\/1\.1 403 /);
  });
});
