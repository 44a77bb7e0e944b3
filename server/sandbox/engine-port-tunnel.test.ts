/**
 * The tunnel to a placed engine's ports, with its real Perl relay run on this machine: a stand-in
 * container whose exec spawns the command here and frames its stdout/stderr as Docker's hijacked
 * exec stream does. The preview proxy and the watch are driven through it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { Duplex } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import type Docker from "dockerode";
import { EnginePortTunnel, relayHandshake } from "./engine-port-tunnel";
import { ExecTunnelSocket } from "./exec-tunnel-agent";
import { proxyPreview, type EngineLocator } from "../preview/preview-proxy";
import { watchPreview, type PreviewStatus } from "../ws/preview-watch";
import { createLogger } from "../logger";
import { probeHttp } from "./http-probe";

const log = createLogger({ level: "error", write: () => undefined });
const closers: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

function frame(kind: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header[0] = kind;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

/** A container whose execs run here: what dockerode's hijacked exec stream would carry, and the processes it started. */
function localContainer(): { container: Docker.Container; relays: ChildProcess[] } {
  const relays: ChildProcess[] = [];
  const exec = (options: { Cmd: string[] }) => ({
    start: async () => {
      const child = spawn(options.Cmd[0]!, options.Cmd.slice(1), { stdio: "pipe" });
      relays.push(child);
      const raw = new Duplex({
        read() {},
        write(chunk: Buffer, _encoding, callback) {
          child.stdin.write(chunk, () => callback());
        },
        final(callback) {
          child.stdin.end();
          callback();
        },
        destroy(error, callback) {
          child.stdin.end(); // the hijacked connection closed: Docker closes the process's stdin
          callback(error);
        },
      });
      child.stdout.on("data", (d: Buffer) => raw.push(frame(1, d)));
      child.stderr.on("data", (d: Buffer) => raw.push(frame(2, d)));
      child.on("close", () => raw.push(null));
      return raw;
    },
  });
  return { container: { exec: async (options: { Cmd: string[] }) => exec(options) } as unknown as Docker.Container, relays };
}

async function listenHttp(handler: http.RequestListener): Promise<{ port: number; connections: () => number }> {
  let connections = 0;
  const server = http.createServer(handler);
  server.on("connection", () => connections++);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  closers.push(() => new Promise((r) => server.close(r)));
  closers.push(() => server.closeAllConnections());
  return { port: (server.address() as AddressInfo).port, connections: () => connections };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

/** The workbench's preview proxy for one route, its engines given by `engines`. */
async function previewServer(port: number, engines: EngineLocator): Promise<number> {
  const server = http.createServer((req, res) => void proxyPreview(req, res, { path: "/site/", port }, String(req.headers["x-student"] ?? "") || null, engines, log));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  closers.push(() => new Promise((r) => server.close(r)));
  closers.push(() => server.closeAllConnections());
  return (server.address() as AddressInfo).port;
}

function get(port: number, path: string, student: string, agent: http.Agent): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path, agent, headers: { "x-student": student } }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on("error", reject);
  });
}

describe("the tunnel to a placed engine's published port", () => {
  it("serves a 20-request page through a few kept-alive relays, bytes intact, for that student only", async () => {
    const payload = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7) % 256)); // every byte value, and larger than one frame
    const site = await listenHttp((req, res) => {
      if (req.url === "/site/big.bin") return res.end(payload);
      res.end(`page ${req.url}`);
    });
    const { container, relays } = localContainer();
    const tunnel = new EnginePortTunnel({ container, user: "learner" });
    closers.push(() => tunnel.destroy());
    // The engine's address is one nothing answers on: only the tunnel can reach the site.
    const engines: EngineLocator = { current: (id) => (id === "alice" ? { ip: "192.0.2.1", tunnel } : undefined) };
    const proxy = await previewServer(site.port, engines);
    const browser = new http.Agent({ keepAlive: true, maxSockets: 6 });
    closers.push(() => browser.destroy());

    const big = await new Promise<Buffer>((resolve, reject) => {
      http
        .get({ host: "127.0.0.1", port: proxy, path: "/site/big.bin", agent: browser, headers: { "x-student": "alice" } }, (res) => {
          const parts: Buffer[] = [];
          res.on("data", (d: Buffer) => parts.push(d));
          res.on("end", () => resolve(Buffer.concat(parts)));
        })
        .on("error", reject);
    });
    expect(big.equals(payload)).toBe(true);

    const pages = await Promise.all(Array.from({ length: 20 }, (_, i) => get(proxy, `/site/asset-${i}.css`, "alice", browser)));
    expect(pages.map((p) => p.status)).toEqual(Array(20).fill(200));
    expect(pages.map((p) => p.body)).toEqual(Array.from({ length: 20 }, (_, i) => `page /site/asset-${i}.css`));
    expect(relays.length).toBeLessThanOrEqual(6); // kept alive: at most the agent's six relays for 21 requests
    expect(site.connections()).toBe(relays.length);

    const bob = await get(proxy, "/site/", "bob", browser);
    expect(bob.status).toBe(503);
    expect(bob.body).toContain("Your Docker engine is not running");
    expect(site.connections()).toBe(relays.length);
  });

  it("a closed port is refused as on the network: the proxy says nothing listens there, the watch says nothing answers", async () => {
    const port = await freePort();
    const { container, relays } = localContainer();
    const tunnel = new EnginePortTunnel({ container, user: "learner" });
    closers.push(() => tunnel.destroy());
    const proxy = await previewServer(port, { current: () => ({ ip: "192.0.2.1", tunnel }) });
    const answer = await get(proxy, "/site/", "alice", new http.Agent());
    expect(answer.status).toBe(502);
    expect(answer.body).toContain(`Nothing listens on port ${port} in your engine`);
    expect(await tunnel.probe(port)).toBe(false);
    await expect.poll(() => relays.every((r) => r.exitCode !== null)).toBe(true);
  });

  it("the watch reports the port once something listens in the engine, sending it nothing, and the relays end", async () => {
    const port = await freePort();
    const { container, relays } = localContainer();
    const tunnel = new EnginePortTunnel({ container, user: "learner" });
    closers.push(() => tunnel.destroy());
    const reports: PreviewStatus[] = [];
    const stop = watchPreview(
      port,
      () => ({ ip: "192.0.2.1", tunnel }),
      (status) => reports.push(status),
      30,
    );
    closers.push(stop);
    await expect.poll(() => reports.length).toBe(1);
    expect(reports[0]).toMatchObject({ answers: false, engine: true });

    let bytes = 0;
    const server = net.createServer((socket) => {
      socket.on("data", (d) => (bytes += d.length));
      socket.on("error", () => undefined);
    });
    await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
    closers.push(() => new Promise((r) => server.close(r)));
    await expect.poll(() => reports.length, { timeout: 5_000 }).toBe(2);
    expect(reports[1]).toEqual({ answers: true, engine: true, message: `Your site answers on port ${port}.` });
    stop();
    expect(bytes).toBe(0);
    // Every probe's relay exits once its connection is closed: nothing lingers in the engine.
    await expect.poll(() => relays.every((r) => r.exitCode !== null), { timeout: 5_000 }).toBe(true);
  });

  it("refuses what is not a port without running anything", async () => {
    const { container, relays } = localContainer();
    const tunnel = new EnginePortTunnel({ container, user: "learner" });
    await expect(tunnel.connect(0)).rejects.toThrow("not a port");
    await expect(tunnel.connect(70000)).rejects.toThrow("not a port");
    expect(relays).toHaveLength(0);
  });

  it("a relay that ends without a word, or says nothing, fails with the reason instead of hanging", async () => {
    const silent = new Duplex({ read() {}, write: (_c, _e, cb) => cb() });
    const started = Date.now();
    await expect(relayHandshake(new ExecTunnelSocket(silent), 8080, 200)).rejects.toMatchObject({ code: "ETIMEDOUT" });
    expect(Date.now() - started).toBeLessThan(2_000);
    const ended = new Duplex({ read() {}, write: (_c, _e, cb) => cb() });
    const handshake = relayHandshake(new ExecTunnelSocket(ended), 8080, 5_000);
    ended.push(frame(2, Buffer.from("perl: not found")));
    ended.destroy();
    await expect(handshake).rejects.toThrow("closed before connecting to port 8080: perl: not found");
  });

  it("the grader's HTTP probe goes through it and follows the site's redirect to its own page, on a kept-alive connection", async () => {
    const { container, relays } = localContainer();
    let port = 0;
    const site = await listenHttp((req, res) => {
      if (req.url === "/wordpress/") {
        res.writeHead(302, { Location: `http://localhost:${port}/wordpress/wp-admin/setup-config.php` });
        res.end("moved");
      } else res.end(`installer for ${req.headers.host ?? "?"} at ${req.url}`);
    });
    port = site.port;
    const tunnel = new EnginePortTunnel({ container, user: "learner" });
    closers.push(() => tunnel.destroy());
    // The address is not routed (TEST-NET-3): only the tunnel reaches the site.
    const probed = await probeHttp("203.0.113.9", site.port, "/wordpress/", 3, 5_000, tunnel);
    expect(probed.error).toBeUndefined();
    expect(probed.status).toBe(200);
    expect(probed.body).toContain(`installer for localhost:${site.port} at /wordpress/wp-admin/setup-config.php`);
    expect(probed.chain).toEqual([`http://localhost:${site.port}/wordpress/`, `http://localhost:${site.port}/wordpress/wp-admin/setup-config.php`]);
    expect(relays.length).toBeGreaterThan(0);
    expect(site.connections()).toBe(1); // the redirect's request reused the kept-alive relay
  });
});
