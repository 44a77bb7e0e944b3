/**
 * WebSockets through the student's preview, against real websocket servers (the ws package) on
 * loopback standing in for a student's engine, behind the workbench's real upgrade handler (its
 * /ws endpoint first, then the preview's): the signed cookie's student reaches their own engine's
 * port and nothing else, the refusals are answered and closed, and the sockets end with either
 * side or with the engine.
 */
import http from "node:http";
import net from "node:net";
import type Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket, WebSocketServer } from "ws";
import { createLogger } from "../logger";
import { createWebSocketEndpoint } from "../ws/websocket-server";
import { HubRegistry } from "../ws/student-hub";
import type { EngineManager } from "../sandbox/engine-manager";
import { STUDENT_COOKIE, decodeStudentCookie, encodeStudentCookie, readCookie } from "../identity/student-cookie";
import { SERVER_TIMEOUTS, createUpgradeHandler } from "../http/upgrade-handler";
import { exchangeRaw, upgradeRequest } from "../http/testing/raw-http";
import { listenOnFreePort, type ListeningServer } from "../http/testing/listen";
import { createPreviewUpgrades, type PreviewUpgrades } from "./preview-upgrade";
import { EnginePortTunnel } from "../sandbox/engine-port-tunnel";
import { spawnHijackedExec } from "../sandbox/testing/local-exec";
import type { EngineLocator, PreviewEngine } from "./preview-proxy";

const secret = "preview-upgrade-test-secret-0123456789";
const [alice, bob, carol] = ["aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb", "cccccccccccccccc"];
const lines: Record<string, unknown>[] = [];
const log = createLogger({ level: "info", write: (line) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
const cookieOf = (studentId: string) => `${STUDENT_COOKIE}=${encodeStudentCookie(studentId, secret)}`;
const closers: (() => Promise<void> | void)[] = [];

/** What the student's engine saw of each handshake. */
const seen: { url?: string; cookie?: string; host?: string; origin?: string }[] = [];
const engineSockets: WebSocket[] = [];
let echo: ListeningServer;
/** Ports: nothing listens; accepts and never answers; answers 404 to every handshake. */
let closedPort = 0;
let silentPort = 0;
let notFoundPort = 0;
const marked: string[] = [];
const enginesOf = new Map<string, PreviewEngine>();
const engines: EngineLocator = { current: (id) => enginesOf.get(id), notePreviewTraffic: (id) => void marked.push(id) };
let previews: PreviewUpgrades;

/** The workbench's upgrade wiring (server/index.ts) with the preview's routes `routes`. */
async function workbench(routes: { path: string; port: number }[], options: { maxPerStudent?: number } = {}): Promise<{ port: number; previews: PreviewUpgrades }> {
  const studentFromRequest = (req: http.IncomingMessage) => decodeStudentCookie(readCookie(req.headers.cookie, STUDENT_COOKIE), secret);
  const stubEngines = { acquire: () => undefined, release: () => undefined, ensure: () => new Promise(() => undefined) } as unknown as EngineManager;
  const ws = createWebSocketEndpoint({ engines: stubEngines, hubs: new HubRegistry(), log, studentFromRequest, startSession: async () => undefined, origins: { port: 3000 } });
  const preview = createPreviewUpgrades({ routes, engines, studentFromRequest, origins: { port: 3000 }, log, answerTimeoutMs: 800, ...options });
  const server = http.createServer(SERVER_TIMEOUTS, (_req, res) => void res.writeHead(404).end());
  server.on("upgrade", createUpgradeHandler({ ws, preview, log }));
  const listening = await listenOnFreePort(server);
  closers.push(
    () => preview.close(),
    () => ws.close(),
    () => listening.close(),
  );
  return { port: listening.port, previews: preview };
}

let front = 0;

beforeAll(async () => {
  const server = http.createServer((_req, res) => void res.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true });
  // The student's site sets its own cookie and tries to set the workbench's on the 101.
  wss.on("headers", (headers) => headers.push("Set-Cookie: wb_student=forged.sig; Path=/", "Set-Cookie: site_session=1; Path=/site/"));
  server.on("upgrade", (req, socket, head) => {
    seen.push({ url: req.url, cookie: req.headers.cookie, host: req.headers.host, origin: req.headers.origin });
    wss.handleUpgrade(req, socket, head, (ws) => {
      engineSockets.push(ws);
      ws.on("message", (data, binary) => ws.send(binary ? data : `echo:${String(data)}`, { binary }));
    });
  });
  echo = await listenOnFreePort(server);
  closers.push(
    () => echo.close(),
    () => wss.close(),
  );

  const closed = net.createServer();
  const closedListening = await listenOnFreePort(closed);
  closedPort = closedListening.port;
  await closedListening.close();
  // Reads what comes (so that it sees the end) and never answers.
  const silent = await listenOnFreePort(net.createServer((socket) => void socket.resume()));
  silentPort = silent.port;
  const notFound = await listenOnFreePort(http.createServer((_req, res) => void res.writeHead(404, { "Content-Type": "text/plain", "Set-Cookie": "wb_student=x" }).end("no such socket")));
  notFoundPort = notFound.port;
  closers.push(
    () => silent.close(),
    () => notFound.close(),
  );

  enginesOf.set(alice, { ip: "127.0.0.1" });
  enginesOf.set(carol, { ip: "127.0.0.1" });
  ({ port: front, previews } = await workbench([
    { path: "/site/", port: echo.port },
    { path: "/closed/", port: closedPort },
    { path: "/silent/", port: silentPort },
    { path: "/missing/", port: notFoundPort },
  ]));
});

afterAll(async () => {
  // Upgraded sockets are no HTTP connections: the servers' close would wait for them.
  for (const ws of engineSockets) ws.terminate();
  for (const close of closers.splice(0).reverse()) await close();
});

/** A container whose execs run here (the tunnel's Perl relay), framed as Docker's hijacked exec stream (testing/local-exec.ts). */
function localExecContainer(): Docker.Container {
  const exec = async (options: { Cmd: string[] }) => ({
    start: async () => {
      const { raw } = spawnHijackedExec(options.Cmd);
      return raw;
    },
  });
  return { exec } as unknown as Docker.Container;
}

/** Opens a websocket through the workbench, as the student's page would (the workbench's origin). */
function openThrough(port: number, path: string, cookie: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers: { cookie, origin: `http://127.0.0.1:${port}` } });
    ws.once("open", () => resolve(ws));
    ws.once("error", reject);
  });
}

const nextMessage = (ws: WebSocket) => new Promise<string>((resolve) => ws.once("message", (data) => resolve(String(data))));
const closedEvent = (ws: WebSocket) => new Promise<number>((resolve) => (ws.readyState === WebSocket.CLOSED ? resolve(1006) : ws.once("close", (code) => resolve(code))));
/** A raw handshake for `path` with these headers (the workbench's origin unless given). */
const handshake = (path: string, headers: Record<string, string>) => upgradeRequest(front, { Origin: `http://127.0.0.1:${front}`, ...headers }).replace("GET /ws ", `GET ${path} `);

async function waitUntil(condition: () => boolean, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("websockets through the preview", () => {
  it("connects the cookie's student to their engine's port: frames both ways, bytes intact, the path kept, the workbench's cookies stripped both ways", async () => {
    marked.length = 0;
    const before = seen.length;
    const answer = await exchangeRaw(front, handshake("/site/live?x=1", { Cookie: `${cookieOf(alice)}; site_pref=dark` }), 400);
    expect(answer.answer).toMatch(/^HTTP\/1\.1 101 /);
    const head = answer.answer.split("\r\n\r\n")[0]!.toLowerCase();
    expect(head).toContain("set-cookie: site_session=1");
    expect(head).not.toContain("wb_student");
    expect(seen[before]).toMatchObject({ url: "/site/live?x=1", cookie: "site_pref=dark", host: `127.0.0.1:${front}` });

    const ws = await openThrough(front, "/site/live", cookieOf(alice));
    ws.send("hello");
    expect(await nextMessage(ws)).toBe("echo:hello");
    const payload = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7) % 256));
    const back = new Promise<Buffer>((resolve) => ws.once("message", (data) => resolve(data as Buffer)));
    ws.send(payload);
    expect((await back).equals(payload)).toBe(true);
    expect(marked.length).toBeGreaterThan(0);
    expect(new Set(marked)).toEqual(new Set([alice]));
    expect(lines.some((l) => l.msg === "preview websocket open" && l.studentId === alice)).toBe(true);
    ws.close();
    await closedEvent(ws);
  });

  it("closes the engine's side when the browser goes, and the browser's when the engine's server ends it", async () => {
    const ws = await openThrough(front, "/site/", cookieOf(alice));
    await waitUntil(() => previews.openCount(alice) === 1);
    const engineSide = engineSockets.at(-1)!;
    const engineClosed = new Promise<void>((resolve) => engineSide.once("close", () => resolve()));
    ws.terminate(); // the tab is gone: no close frame, only the TCP end
    await engineClosed;
    await waitUntil(() => previews.openCount(alice) === 0);

    const second = await openThrough(front, "/site/", cookieOf(alice));
    engineSockets.at(-1)!.terminate(); // the student's server dies
    expect(await closedEvent(second)).toBe(1006);
    await waitUntil(() => previews.openCount(alice) === 0);
    expect(lines.some((l) => l.msg === "preview websocket closed" && l.why === "engine ended")).toBe(true);
  });

  it("closes a student's websockets when their engine is removed, and only theirs", async () => {
    const aliceWs = await openThrough(front, "/site/", cookieOf(alice));
    const carolWs = await openThrough(front, "/site/", cookieOf(carol));
    const aliceClosed = closedEvent(aliceWs);
    const aliceEngine = enginesOf.get(alice)!;
    enginesOf.set(alice, { ip: "127.0.0.1" }); // a new engine of hers replaced the one the socket was opened to
    previews.engineGone(alice);
    await aliceClosed;
    previews.engineGone(carol); // her engine is still the one: nothing closes
    carolWs.send("still here");
    expect(await nextMessage(carolWs)).toBe("echo:still here");
    expect(previews.openCount(alice)).toBe(0);
    expect(lines.some((l) => l.msg === "preview websocket closed" && l.why === "engine removed" && l.studentId === alice)).toBe(true);
    enginesOf.set(alice, aliceEngine);
    carolWs.close();
    await closedEvent(carolWs);
  });

  it("refuses, answers and closes: no cookie, a forged one, no engine, another site's page, not a websocket, too many", async () => {
    const before = seen.length;
    const cases: [string, string, Record<string, string>, number][] = [
      ["no cookie", "/site/", {}, 401],
      ["forged cookie", "/site/", { Cookie: `${STUDENT_COOKIE}=${alice}.forged` }, 401],
      ["another student's id in the url", `/site/?student=${alice}`, { Cookie: cookieOf(bob) }, 503],
      ["another site's page", "/site/", { Cookie: cookieOf(alice), Origin: "http://evil.example" }, 403],
      ["not a websocket", "/site/", { Cookie: cookieOf(alice), Upgrade: "h2c" }, 400],
    ];
    for (const [name, path, headers, status] of cases) {
      const raw = handshake(path, headers).replace(name === "not a websocket" ? "Upgrade: websocket\r\n" : "\0", "");
      const { answer, closed } = await exchangeRaw(front, raw, 3000);
      expect(answer, name).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
      expect(closed, name).toBe(true);
    }
    expect(seen.length).toBe(before); // none of them reached a student's engine
    expect(lines.filter((l) => String(l.msg).startsWith("preview websocket refused")).length).toBeGreaterThanOrEqual(cases.length);

    const limited = await workbench([{ path: "/site/", port: echo.port }], { maxPerStudent: 2 });
    const open = [await openThrough(limited.port, "/site/", cookieOf(alice)), await openThrough(limited.port, "/site/", cookieOf(alice))];
    const third = await exchangeRaw(
      limited.port,
      handshake("/site/", { Cookie: cookieOf(alice) })
        .replace(`Host: 127.0.0.1:${front}`, `Host: 127.0.0.1:${limited.port}`)
        .replace(`Origin: http://127.0.0.1:${front}`, `Origin: http://127.0.0.1:${limited.port}`),
      3000,
    );
    expect(third.answer).toMatch(/^HTTP\/1\.1 429 /);
    open.push(await openThrough(limited.port, "/site/", cookieOf(carol))); // another student's count is theirs
    for (const ws of open) ws.close();
    await Promise.all(open.map(closedEvent));
  });

  it("says why when the engine does not accept: nothing listens (in French for a French browser), no answer in time, the site's own refusal", async () => {
    const nothing = await exchangeRaw(front, handshake("/closed/", { Cookie: cookieOf(alice), "Accept-Language": "fr-FR,fr;q=0.9" }), 3000);
    expect(nothing.answer).toMatch(/^HTTP\/1\.1 502 /);
    expect(nothing.answer).toContain(`Rien n’écoute sur le port ${closedPort} dans votre moteur`);
    expect(nothing.closed).toBe(true);
    const english = await exchangeRaw(front, handshake("/closed/", { Cookie: cookieOf(alice) }), 3000);
    expect(english.answer).toContain(`Nothing listens on port ${closedPort} in your engine`);

    const started = Date.now();
    const silent = await exchangeRaw(front, handshake("/silent/", { Cookie: cookieOf(alice) }), 5000);
    expect(silent.answer).toMatch(/^HTTP\/1\.1 504 /);
    expect(silent.answer).toContain("did not answer the WebSocket request");
    expect(silent.closed).toBe(true);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(lines.some((l) => l.msg === "preview websocket refused: the engine did not answer in time" && l.studentId === alice)).toBe(true);

    const missing = await exchangeRaw(front, handshake("/missing/", { Cookie: cookieOf(alice) }), 3000);
    expect(missing.answer).toMatch(/^HTTP\/1\.1 404 /);
    expect(missing.answer).toContain("no such socket");
    expect(missing.answer.toLowerCase()).not.toContain("set-cookie");
    expect(missing.closed).toBe(true);
    await waitUntil(() => previews.openCount(alice) === 0);
  });

  it("never takes the workbench's own /ws, even for a site at the root", async () => {
    const root = await workbench([{ path: "/", port: echo.port }]);
    const before = seen.length;
    for (const path of ["/ws", "/ws?x=1", "/site/../ws", "/%2e%2e/ws"]) {
      const raw = upgradeRequest(root.port, { Origin: "http://evil.example", Cookie: cookieOf(alice) }).replace("GET /ws ", `GET ${path} `);
      const { answer } = await exchangeRaw(root.port, raw, 3000);
      // The workbench's endpoint answered (its origin rule), not the student's site.
      expect(answer, path).toMatch(/^HTTP\/1\.1 403 /);
    }
    expect(seen.slice(before).map((s) => s.url)).toEqual([]);
    expect(lines.some((l) => l.msg === "websocket refused: origin not allowed")).toBe(true);
    const site = await openThrough(root.port, "/live", cookieOf(alice));
    expect(seen.at(-1)?.url).toBe("/live");
    site.close();
    await closedEvent(site);
  });

  it("reaches an engine on another node through its real tunnel (the relay run here), never its address; nothing listening there is 502", async () => {
    const tunnel = new EnginePortTunnel({ container: localExecContainer(), user: "learner" });
    closers.push(() => tunnel.destroy());
    enginesOf.set(bob, { ip: "192.0.2.1", tunnel }); // an address nothing answers on: only the tunnel reaches the site
    const ws = await openThrough(front, "/site/", cookieOf(bob));
    ws.send("placed");
    expect(await nextMessage(ws)).toBe("echo:placed");
    const payload = Buffer.from(Array.from({ length: 600_000 }, (_, i) => (i * 11) % 256)); // beyond the relay's window
    const back = new Promise<Buffer>((resolve) => ws.once("message", (data) => resolve(data as Buffer)));
    ws.send(payload);
    expect((await back).equals(payload)).toBe(true);
    // More websockets than the tunnel's agent keeps sockets for requests (6): an upgraded one leaves its pool.
    const more = await Promise.all(Array.from({ length: 8 }, () => openThrough(front, "/site/", cookieOf(bob))));
    const echoes = more.map((one, i) => (one.send(`n${i}`), nextMessage(one)));
    expect(await Promise.all(echoes)).toEqual(more.map((_, i) => `echo:n${i}`));
    for (const one of more) one.close();
    await Promise.all(more.map(closedEvent));
    const nothing = await exchangeRaw(front, handshake("/closed/", { Cookie: cookieOf(bob) }), 5000);
    expect(nothing.answer).toMatch(/^HTTP\/1\.1 502 /);
    expect(nothing.answer).toContain(`Nothing listens on port ${closedPort} in your engine`);
    // The engine goes (its tunnel is destroyed with it): the websocket closes.
    const closed = closedEvent(ws);
    tunnel.destroy();
    previews.engineGone(bob);
    await closed;
    expect(previews.openCount(bob)).toBe(0);
    enginesOf.delete(bob);
  });
});
