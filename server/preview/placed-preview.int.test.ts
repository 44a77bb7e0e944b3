/**
 * The preview of an engine placed on another swarm node (docs/scale-out.md), on the multi-node rig
 * (a manager and one labelled worker): the engine's address on the worker's learners network is
 * not routed from here, so the workbench's real request handler reaches the student's published
 * port through the engine's tunnel (../sandbox/engine-port-tunnel.ts). Alice's engine runs a small
 * web server container (BusyBox httpd from the grader's tools image, loaded into her engine) with
 * `-p 8080:8080`; her signed cookie gets its pages, Bob's (an engine of his own on the same
 * worker, nothing published) never does, and the page's preview.watch reports the port. Time to
 * first byte and a 20-request page are measured against a local engine serving the same site.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import type { AddressInfo } from "node:net";
import type { WebSocket } from "ws";
import { startSwarmRig, type SwarmRig } from "../sandbox/testing/swarm-rig";
import { createRigEngines } from "../sandbox/testing/rig-engines";
import { createTestEngines, makeLearnerWorkspace } from "../sandbox/testing/test-engines";
import { getHostDocker } from "../sandbox/host-docker";
import type { EngineManager, LearnerEngine } from "../sandbox/engine-manager";
import { ensureGraderTools } from "../sandbox/grader-tools";
import { createRequestHandler } from "../http/request-handler";
import { encodeStudentCookie, STUDENT_COOKIE } from "../identity/student-cookie";
import { handleConnection } from "../ws/connection";
import { HubRegistry } from "../ws/student-hub";
import { TestPage } from "../ws/testing/test-page";
import { createLogger } from "../logger";
import { labelFilter } from "../sandbox/labels";

const log = createLogger({ level: "warn", write: (line) => void process.stderr.write(`${line}\n`) });
const deploymentId = `previewtest${process.pid}`;
const SECRET = "placed-preview-test-secret";
const PORT = 8080;
const ALICE = "alicepreview0001"; // placed on the worker
const BOB = "bobpreview000001"; // placed on the worker too, publishes nothing
const CAROL = "carolpreview0001"; // a local engine, for comparison
const timings: Record<string, number | string> = {};

let rig: SwarmRig;
let placed: EngineManager;
let local: EngineManager;
let localWorkspace: string;
let base: string;
let server: http.Server;
const hubs = new HubRegistry();
const pages: TestPage[] = [];

const cookieOf = (studentId: string) => `${STUDENT_COOKIE}=${encodeStudentCookie(studentId, SECRET)}`;
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");

/** A site of 21 files under /site/ (the preview's path) served by BusyBox httpd in a container of the student's engine, published on PORT. */
async function startSite(engine: LearnerEngine, owner: string): Promise<void> {
  const image = await ensureGraderTools(engine.inner, getHostDocker());
  const script = `mkdir -p /www/site && echo '<h1>site of ${owner}</h1>' > /www/site/index.html && for i in $(seq 1 20); do echo "asset $i of ${owner}" > /www/site/a$i.css; done && exec httpd -f -p ${PORT} -h /www`;
  // Through the student's own engine's API, as their `docker run -d -p 8080:8080` would (no shell quoting in between).
  const site = await engine.inner.createContainer({
    name: "site",
    Image: image,
    Cmd: [script],
    ExposedPorts: { [`${PORT}/tcp`]: {} },
    HostConfig: { PortBindings: { [`${PORT}/tcp`]: [{ HostPort: String(PORT) }] } },
  });
  await site.start();
}

function get(pathname: string, cookie: string, agent: http.Agent): Promise<{ status: number; body: string; ttfbMs: number }> {
  const began = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port: (server.address() as AddressInfo).port, path: pathname, agent, headers: { cookie } }, (res) => {
      const ttfbMs = performance.now() - began;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, ttfbMs }));
    });
    req.setTimeout(60_000, () => req.destroy(new Error(`no answer for ${pathname} in 60 s`)));
    req.on("error", reject);
  });
}

/** What a browser does for a page: the document, then its 20 assets over at most six kept-alive connections. Returns the timings. */
async function loadPage(cookie: string, owner: string): Promise<{ firstByteMs: number; pageMs: number }> {
  const browser = new http.Agent({ keepAlive: true, maxSockets: 6 });
  try {
    const began = performance.now();
    const doc = await get("/site/", cookie, browser);
    expect(doc.status, doc.body).toBe(200);
    expect(doc.body).toContain(`site of ${owner}`);
    const assets = await Promise.all(Array.from({ length: 20 }, (_, i) => get(`/site/a${i + 1}.css`, cookie, browser)));
    expect(assets.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(assets.map((a) => a.body.trim())).toEqual(Array.from({ length: 20 }, (_, i) => `asset ${i + 1} of ${owner}`));
    return { firstByteMs: Math.round(doc.ttfbMs), pageMs: Math.round(performance.now() - began) };
  } finally {
    browser.destroy();
  }
}

async function ready(manager: EngineManager, studentId: string): Promise<LearnerEngine> {
  const began = Date.now();
  const engine = await manager.ensure(studentId, () => undefined);
  timings[`${studentId} engine ready (ms)`] = Date.now() - began;
  return engine;
}

beforeAll(async () => {
  let began = Date.now();
  rig = await startSwarmRig({ workers: 1, logger: log });
  timings["rig start (ms)"] = Date.now() - began;
  placed = createRigEngines(rig, log, { deploymentId, onRemoved: (studentId) => hubs.drop(studentId) });
  localWorkspace = makeLearnerWorkspace("wb-preview-local-");
  local = createTestEngines(localWorkspace, { deploymentId: `${deploymentId}local`, readyTimeoutMs: 180_000 });
  const engines = { current: (studentId: string) => placed.current(studentId) ?? local.current(studentId) };
  const handler = createRequestHandler({ handle: async (_req, res) => void res.writeHead(404).end(), previewRoutes: [{ path: "/site/", port: PORT }], engines, secret: SECRET, log });
  server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  began = Date.now();
  await Promise.all([ready(placed, ALICE), ready(placed, BOB), ready(local, CAROL)]);
  timings["3 engines ready (ms)"] = Date.now() - began;
}, 900_000);

afterAll(async () => {
  for (const page of pages) page.close();
  server?.close();
  server?.closeAllConnections();
  await Promise.all([placed?.shutdown(), local?.shutdown()]);
  const left = rig ? await rig.manager.docker.listServices({ filters: labelFilter("engine", "test", deploymentId) }).catch(() => []) : [];
  await rig?.stop();
  if (localWorkspace) rmSync(localWorkspace, { recursive: true, force: true });
  process.stderr.write(`placed preview timings: ${JSON.stringify(timings)}\n`);
  expect(left).toHaveLength(0);
}, 300_000);

describe("the preview of an engine placed on another node", () => {
  it("the engines are where the test needs them: Alice and Bob on the worker with a tunnel each, Carol here without one", async () => {
    expect(placed.current(ALICE)?.node?.hostname).toBe(rig.workers[0]!.hostname);
    expect(placed.current(BOB)?.node?.hostname).toBe(rig.workers[0]!.hostname);
    expect(placed.current(ALICE)?.tunnel).toBeDefined();
    expect(local.current(CAROL)?.node).toBeUndefined();
    expect(local.current(CAROL)?.tunnel).toBeUndefined(); // a local engine is reached at its address, as before
  });

  it("the page's watch reports Alice's port once her container publishes it", async () => {
    const page = new TestPage({ pollMs: 50, timeoutMs: 120_000 });
    pages.push(page);
    handleConnection(page as unknown as WebSocket, ALICE, { engines: placed, hubs, log, previewPorts: new Set([PORT]) });
    page.type({ type: "preview.watch", port: PORT });
    await page.waitFor(() => page.received.some((m) => m.type === "preview.status"), "the first preview status");
    expect(page.received.find((m) => m.type === "preview.status")).toMatchObject({ port: PORT, answers: false, engine: true });

    const before = await fetch(`${base}/site/`, { headers: { cookie: cookieOf(ALICE) } });
    expect(before.status).toBe(502);
    expect(await before.text()).toContain(`Nothing listens on port ${PORT} in your engine`);

    let began = Date.now();
    await startSite(placed.current(ALICE)!, "alice");
    timings["alice's site started (ms)"] = Date.now() - began;
    began = Date.now();
    await page.waitFor(() => page.received.some((m) => m.type === "preview.status" && m.answers === true), "the watch saying the site answers");
    timings["watch told after the site started (ms)"] = Date.now() - began;
    expect(page.received.filter((m) => m.type === "preview.status").at(-1)).toMatchObject({ port: PORT, answers: true, message: `Your site answers on port ${PORT}.` });
  }, 300_000);

  it("Alice's cookie gets her site through the tunnel; Bob's cookie reaches only his own engine, where nothing listens", async () => {
    const alice = await get("/site/", cookieOf(ALICE), new http.Agent());
    expect(alice.status).toBe(200);
    expect(alice.body).toContain("site of alice");

    const bob = await get("/site/", cookieOf(BOB), new http.Agent());
    expect(bob.status).toBe(502);
    expect(bob.body).toContain(`Nothing listens on port ${PORT} in your engine`);
    expect(bob.body).not.toContain("alice");
    const forged = await get("/site/", `${STUDENT_COOKIE}=${ALICE}.forged`, new http.Agent());
    expect(forged.status).toBe(401);
    expect(forged.body).not.toContain("alice");
  });

  it("measures time to first byte and a 20-request page, placed (tunnel) against local (address)", async () => {
    await startSite(local.current(CAROL)!, "carol");
    await expect.poll(async () => (await get("/site/", cookieOf(CAROL), new http.Agent())).status, { timeout: 60_000, interval: 500 }).toBe(200);
    const runs: Record<string, { firstByteMs: number; pageMs: number }[]> = { placed: [], local: [] };
    const execsIn = async (engine: LearnerEngine) => ((await engine.container.inspect()).ExecIDs ?? []).length;
    const execsBefore = await execsIn(placed.current(ALICE)!);
    for (let i = 0; i < 5; i++) {
      runs.placed!.push(await loadPage(cookieOf(ALICE), "alice"));
      runs.local!.push(await loadPage(cookieOf(CAROL), "carol"));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    for (const [kind, samples] of Object.entries(runs)) {
      timings[`${kind}: first byte (ms, 5 page loads)`] = samples.map((s) => s.firstByteMs).join(" ");
      timings[`${kind}: 21-request page (ms)`] = samples.map((s) => s.pageMs).join(" ");
      timings[`${kind}: median first byte / page (ms)`] = `${median(samples.map((s) => s.firstByteMs))} / ${median(samples.map((s) => s.pageMs))}`;
    }
    timings["load average (1 5 15) after"] = load();
    // BusyBox httpd closes each connection after its answer: 105 connections into Alice's engine, each a channel of her engine's one relay, not an exec.
    const execsDuring = (await execsIn(placed.current(ALICE)!)) - execsBefore;
    timings["execs in alice's engine during the 5 page loads"] = execsDuring;
    expect(execsDuring).toBeLessThanOrEqual(1); // an exec per connection would be 105 here; one relay carries them all (a second only if the first ended)
  }, 300_000);
});
