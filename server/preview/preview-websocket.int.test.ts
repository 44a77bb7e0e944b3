/**
 * WebSockets through the preview with a real learner engine: Alice's engine runs a small websocket
 * echo server (Perl from debian:bookworm's perl-base, in a container of her engine published with
 * -p 8080:8080, as her own `docker run` would), and the workbench's real upgrade wiring (its /ws
 * endpoint, then the preview's upgrades, as in server/index.ts) takes her browser's handshake
 * under the preview route to it. Her signed cookie gets her echo server, without the workbench's
 * cookie; Bob's cookie gets his own engine's "nothing listens" and a forged one 401; when her
 * engine is removed, her open websocket is closed. Measures the handshake and the round trip.
 */
import { afterAll, describe, expect, it } from "vitest";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { WebSocket } from "ws";
import { createUpgradeHandler, SERVER_TIMEOUTS } from "../http/upgrade-handler";
import { createRequestHandler } from "../http/request-handler";
import { createWebSocketEndpoint } from "../ws/websocket-server";
import { HubRegistry } from "../ws/student-hub";
import { STUDENT_COOKIE, decodeStudentCookie, encodeStudentCookie, newStudentId, readCookie } from "../identity/student-cookie";
import { createTestEngines, makeLearnerWorkspace, recordingLogger, runAsLearner, waitFor } from "../sandbox/testing/test-engines";
import type { LearnerEngine } from "../sandbox/engine-manager";
import { exchangeRaw, upgradeRequest } from "../http/testing/raw-http";
import { createPreviewUpgrades } from "./preview-upgrade";
import { WEBSOCKET_ECHO_SERVER, exerciseEchoSocket, median, nextMessage, openPreviewSocket } from "./testing/websocket-echo";
import type { EngineLocator } from "./preview-proxy";

const PORT = 8080;
const secret = "preview-websocket-test-secret-0123456789";
const base = mkdtempSync(path.join(os.tmpdir(), "wb-int-preview-ws-"));
const workspaces: string[] = [];
const { log, lines } = recordingLogger();
const [alice, bob] = [newStudentId(), newStudentId()];
const marked: string[] = [];

const engines = createTestEngines(base, {
  deploymentId: `previewws${process.pid}`,
  log,
  workspaceHostPath: async () => {
    const dir = makeLearnerWorkspace("wb-int-preview-ws-ws-");
    workspaces.push(dir);
    return dir;
  },
  onRemoved: (studentId) => previews.engineGone(studentId),
});
const locator: EngineLocator = { current: (id) => engines.current(id), notePreviewTraffic: (id) => (marked.push(id), engines.notePreviewTraffic(id)) };
const studentFromRequest = (req: http.IncomingMessage) => decodeStudentCookie(readCookie(req.headers.cookie, STUDENT_COOKIE), secret);
const routes = [{ path: "/site/", port: PORT }];
const previews = createPreviewUpgrades({ routes, engines: locator, studentFromRequest, origins: { port: 3000 }, log });
const endpoint = createWebSocketEndpoint({ engines, hubs: new HubRegistry(), log, studentFromRequest, startSession: async () => undefined, origins: { port: 3000 } });
const server = http.createServer(SERVER_TIMEOUTS, createRequestHandler({ handle: async (_req, res) => void res.writeHead(404).end(), previewRoutes: routes, engines: locator, secret, log }));
server.on("upgrade", createUpgradeHandler({ ws: endpoint, preview: previews, log }));

const cookieOf = (studentId: string) => `${STUDENT_COOKIE}=${encodeStudentCookie(studentId, secret)}`;
const port = () => (server.address() as AddressInfo).port;

const openThrough = (pathname: string, cookie: string) => openPreviewSocket(port(), pathname, cookie);

/** Alice's echo server: a container of her engine, created through her engine's API as her `docker run -d -p 8080:8080` would. */
async function startEchoServer(engine: LearnerEngine): Promise<void> {
  const pulled = await runAsLearner(engine, "docker pull -q debian:bookworm", 240_000);
  expect(pulled.exitCode, pulled.output).toBe(0);
  const site = await engine.inner.createContainer({
    name: "wsecho",
    Image: "debian:bookworm",
    Cmd: ["perl", "-e", WEBSOCKET_ECHO_SERVER, String(PORT)],
    ExposedPorts: { [`${PORT}/tcp`]: {} },
    HostConfig: { PortBindings: { [`${PORT}/tcp`]: [{ HostPort: String(PORT) }] } },
  });
  await site.start();
}

afterAll(async () => {
  previews.close();
  endpoint.close();
  server.close();
  await engines.shutdown();
  for (const dir of [base, ...workspaces]) rmSync(dir, { recursive: true, force: true });
});

describe("websockets through the preview to a real engine", () => {
  it("reaches the cookie's student's echo server and nobody else's, and closes with her engine", { timeout: 420_000 }, async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const [aliceEngine] = await Promise.all([engines.ensure(alice), engines.ensure(bob)]);
    await startEchoServer(aliceEngine);

    let opened: { ws: WebSocket; openMs: number } | undefined;
    let lastError = "";
    await waitFor(
      async () => {
        opened = await openThrough("/site/live?v=1", `${cookieOf(alice)}; site_pref=dark`).catch((error: unknown) => ((lastError = String(error)), undefined));
        return opened !== undefined;
      },
      60_000,
      500,
    ).catch(async (error: unknown) => {
      const ps = await runAsLearner(aliceEngine, "docker ps -a; docker logs wsecho 2>&1 | tail -5", 20_000);
      throw new Error(`Alice's echo server did not open through the preview (last: ${lastError}; in her engine: ${ps.output.trim()})`, { cause: error });
    });
    const { ws } = opened!;
    ws.send("hello");
    expect(await nextMessage(ws)).toBe("echo:hello");
    ws.send("whoami");
    const handshake = await nextMessage(ws);
    expect(handshake).toMatch(/^GET \/site\/live\?v=1 HTTP\/1\.1\r\n/);
    expect(handshake).toMatch(/^Cookie: site_pref=dark\r$/im);
    expect(handshake).not.toContain(STUDENT_COOKIE);
    expect(marked).toContain(alice);
    expect(new Set(marked)).toEqual(new Set([alice]));

    // Timings: handshakes (each a new connection to the engine) and round trips on one socket; the echoes and 300 kB of binary intact.
    const { openMs, roundTripMs, wrongEchoes, binaryIntact } = await exerciseEchoSocket(ws, () => openThrough("/site/", cookieOf(alice)));
    expect(wrongEchoes).toBe(0);
    expect(binaryIntact).toBe(true);

    // Bob's cookie reaches only his own engine, where nothing listens; a forged cookie nothing.
    const bobTry = await exchangeRaw(port(), upgradeRequest(port(), { Cookie: cookieOf(bob), Origin: `http://127.0.0.1:${port()}` }).replace("GET /ws ", "GET /site/ "), 15_000);
    expect(bobTry.answer).toMatch(/^HTTP\/1\.1 502 /);
    expect(bobTry.answer).toContain(`Nothing listens on port ${PORT} in your engine`);
    const forged = await exchangeRaw(port(), upgradeRequest(port(), { Cookie: `${STUDENT_COOKIE}=${alice}.forged`, Origin: `http://127.0.0.1:${port()}` }).replace("GET /ws ", "GET /site/ "), 5_000);
    expect(forged.answer).toMatch(/^HTTP\/1\.1 401 /);

    // Her engine is removed: her open websocket closes.
    const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
    const removing = performance.now();
    await engines.remove(alice);
    await closed;
    const closedAfterMs = performance.now() - removing;
    expect(previews.openCount(alice)).toBe(0);
    const why = lines.filter((l) => l.msg === "preview websocket closed" && l.studentId === alice).at(-1)?.why;
    expect(why).toBeDefined();
    process.stderr.write(
      `preview websocket (local engine, load ${os.loadavg()[0]!.toFixed(1)}): handshake median ${median(openMs).toFixed(1)} ms (10), round trip median ${median(roundTripMs).toFixed(2)} ms / max ${Math.max(...roundTripMs).toFixed(1)} ms (50), closed ${Math.round(closedAfterMs)} ms after the removal began (${String(why)})\n`,
    );
  });
});
