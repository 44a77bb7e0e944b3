/**
 * WebSockets through the preview of an engine placed on another swarm node, on the multi-node rig
 * (a manager and one labelled worker, mutual TLS): the engine's address there is not routed from
 * here, so the workbench's real upgrade wiring reaches the student's port through the engine's
 * tunnel (its relay exec'd in the engine through the worker's Docker API). Alice's engine runs the
 * websocket echo server (./testing/websocket-echo.ts) on 8080 in its own network namespace, where
 * the relay connects; her cookie gets it, Bob's (an engine of his own on the worker, nothing
 * listening) his own 502; her socket closes when her engine is removed. Measures the handshake and
 * the round trip through the tunnel.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import http from "node:http";
import os from "node:os";
import type { AddressInfo } from "node:net";
import { WebSocket } from "ws";
import { startSwarmRig, type SwarmRig } from "../sandbox/testing/swarm-rig";
import { createRigEngines } from "../sandbox/testing/rig-engines";
import { recordingLogger, waitFor } from "../sandbox/testing/test-engines";
import { execCommand } from "../sandbox/exec-command";
import { LEARNER_USER } from "../sandbox/engine-options";
import type { EngineManager } from "../sandbox/engine-manager";
import { createUpgradeHandler, SERVER_TIMEOUTS } from "../http/upgrade-handler";
import { exchangeRaw, upgradeRequest } from "../http/testing/raw-http";
import { STUDENT_COOKIE, decodeStudentCookie, encodeStudentCookie, readCookie } from "../identity/student-cookie";
import { labelFilter } from "../sandbox/labels";
import { createPreviewUpgrades, type PreviewUpgrades } from "./preview-upgrade";
import { WEBSOCKET_ECHO_SERVER, exerciseEchoSocket, median, nextMessage, openPreviewSocket } from "./testing/websocket-echo";

const { log, lines } = recordingLogger();
const deploymentId = `previewwsrig${process.pid}`;
const SECRET = "placed-preview-websocket-test-secret";
const PORT = 8080;
const ALICE = "alicewsplaced001";
const BOB = "bobwsplaced00001";
const timings: Record<string, number | string> = {};

let rig: SwarmRig;
let placed: EngineManager;
let previews: PreviewUpgrades;
let server: http.Server;

const cookieOf = (studentId: string) => `${STUDENT_COOKIE}=${encodeStudentCookie(studentId, SECRET)}`;
const port = () => (server.address() as AddressInfo).port;

const openThrough = (pathname: string, cookie: string) => openPreviewSocket(port(), pathname, cookie);

beforeAll(async () => {
  let began = Date.now();
  rig = await startSwarmRig({ workers: 1, logger: log });
  timings["rig start (ms)"] = Date.now() - began;
  placed = createRigEngines(rig, log, { deploymentId, onRemoved: (studentId) => previews.engineGone(studentId) });
  const studentFromRequest = (req: http.IncomingMessage) => decodeStudentCookie(readCookie(req.headers.cookie, STUDENT_COOKIE), SECRET);
  previews = createPreviewUpgrades({ routes: [{ path: "/site/", port: PORT }], engines: placed, studentFromRequest, origins: { port: 3000 }, log });
  server = http.createServer(SERVER_TIMEOUTS, (_req, res) => void res.writeHead(404).end());
  server.on("upgrade", createUpgradeHandler({ ws: { handleUpgrade: () => false }, preview: previews, log }));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  began = Date.now();
  await Promise.all([placed.ensure(ALICE, () => undefined), placed.ensure(BOB, () => undefined)]);
  timings["2 engines ready (ms)"] = Date.now() - began;
}, 900_000);

afterAll(async () => {
  previews?.close();
  server?.close();
  await placed?.shutdown();
  const left = rig ? await rig.manager.docker.listServices({ filters: labelFilter("engine", "test", deploymentId) }).catch(() => []) : [];
  await rig?.stop();
  process.stderr.write(`placed preview websocket timings: ${JSON.stringify(timings)}\n`);
  expect(left).toHaveLength(0);
}, 300_000);

describe("websockets through the preview of an engine placed on another node", () => {
  it("reaches Alice's echo server through her engine's tunnel, only with her cookie, and closes with her engine", { timeout: 300_000 }, async () => {
    const alice = placed.current(ALICE)!;
    expect(alice.node?.hostname).toBe(rig.workers[0]!.hostname);
    expect(alice.tunnel).toBeDefined();
    // In her engine's network namespace, where the relay connects (and where her published ports answer).
    const started = await execCommand(alice.container, {
      cmd: ["sh", "-c", `setsid perl -e "$1" ${PORT} </dev/null >/dev/null 2>&1 & echo started`, "sh", WEBSOCKET_ECHO_SERVER],
      user: LEARNER_USER,
      timeoutMs: 30_000,
    });
    expect(started.output).toContain("started");

    let opened: { ws: WebSocket; openMs: number } | undefined;
    let lastError = "";
    await waitFor(
      async () => {
        opened = await openThrough("/site/live", cookieOf(ALICE)).catch((error: unknown) => ((lastError = String(error)), undefined));
        return opened !== undefined;
      },
      60_000,
      500,
    ).catch((error: unknown) => {
      throw new Error(`Alice's echo server did not open through the tunnel (last: ${lastError})`, { cause: error });
    });
    const { ws } = opened!;
    ws.send("hello");
    expect(await nextMessage(ws)).toBe("echo:hello");
    ws.send("whoami");
    const handshake = await nextMessage(ws);
    expect(handshake).toMatch(/^GET \/site\/live HTTP\/1\.1\r\n/);
    expect(handshake).not.toContain(STUDENT_COOKIE);

    // Timings: handshakes (each a new connection to the engine) and round trips on one socket; the echoes and 300 kB of binary intact.
    const { openMs, roundTripMs, wrongEchoes, binaryIntact } = await exerciseEchoSocket(ws, () => openThrough("/site/", cookieOf(ALICE)));
    expect(wrongEchoes).toBe(0);
    expect(binaryIntact).toBe(true);

    const bob = await exchangeRaw(port(), upgradeRequest(port(), { Cookie: cookieOf(BOB), Origin: `http://127.0.0.1:${port()}` }).replace("GET /ws ", "GET /site/ "), 20_000);
    expect(bob.answer).toMatch(/^HTTP\/1\.1 502 /);
    expect(bob.answer).toContain(`Nothing listens on port ${PORT} in your engine`);

    const closed = new Promise<void>((resolve) => ws.once("close", () => resolve()));
    const removing = performance.now();
    await placed.remove(ALICE);
    await closed;
    timings["closed after the removal began (ms)"] = Math.round(performance.now() - removing);
    timings["closed because"] = String(lines.filter((l) => l.msg === "preview websocket closed" && l.studentId === ALICE).at(-1)?.why);
    expect(previews.openCount(ALICE)).toBe(0);
    timings["handshake median (ms, 10)"] = Math.round(median(openMs));
    timings["round trip median / max (ms, 50)"] = `${median(roundTripMs).toFixed(1)} / ${Math.max(...roundTripMs).toFixed(1)}`;
    timings["load average (1 min)"] = os.loadavg()[0]!.toFixed(1);
  });
});
