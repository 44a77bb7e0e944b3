/**
 * The tunnel to a placed engine's ports, with its real Perl relay run on this machine: a stand-in
 * container whose exec spawns the command here and frames its stdout/stderr as Docker's hijacked
 * exec stream does (each exec is one process in `relays`). The preview proxy, the watch and the
 * grader's probe are driven through it; a forged relay stands for one a student tampered with.
 */
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { Duplex } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import type Docker from "dockerode";
import { EnginePortTunnel, WINDOW } from "./engine-port-tunnel";
import { proxyPreview, type EngineLocator } from "../preview/preview-proxy";
import { watchPreview, type PreviewStatus } from "../ws/preview-watch";
import { createLogger } from "../logger";
import { probeHttp } from "./http-probe";
import { dockerStreamFrame, spawnHijackedExec } from "./testing/local-exec";

const log = createLogger({ level: "error", write: () => undefined });
const closers: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** A container whose execs run here: what dockerode's hijacked exec stream would carry, and the processes it started. `forged` answers the first execs instead, as a tampered relay would. */
function localContainer(forged: (() => Duplex)[] = []): { container: Docker.Container; relays: ChildProcess[]; execs: () => number } {
  const relays: ChildProcess[] = [];
  let execs = 0;
  const exec = (options: { Cmd: string[] }) => ({
    start: async () => {
      execs++;
      const fake = forged.shift();
      if (fake) return fake();
      const { raw, child } = spawnHijackedExec(options.Cmd);
      relays.push(child);
      return raw;
    },
  });
  return { container: { exec: async (options: { Cmd: string[] }) => exec(options) } as unknown as Docker.Container, relays, execs: () => execs };
}

/** Listens on a free loopback port, closed (with its connections) after the test; the port. */
async function listenHere(server: http.Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  closers.push(() => new Promise((r) => server.close(r)));
  closers.push(() => server.closeAllConnections());
  return (server.address() as AddressInfo).port;
}

async function listenHttp(handler: http.RequestListener): Promise<{ port: number; connections: () => number }> {
  let connections = 0;
  const server = http.createServer(handler);
  server.on("connection", () => connections++);
  return { port: await listenHere(server), connections: () => connections };
}

/** A tunnel whose relays run here (`localContainer`), destroyed after the test. */
function localTunnel(): { tunnel: EnginePortTunnel; execs: () => number } {
  const { container, execs } = localContainer();
  const tunnel = new EnginePortTunnel({ container, user: "learner" });
  closers.push(() => tunnel.destroy());
  return { tunnel, execs };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

/**
 * A port in the "engine" that neither accepts nor refuses: a listener that never accepts, its backlog of 0 filled by
 * connections the kernel completed for it. Linux then drops further SYNs, so a connect there hangs (as to a container
 * stopped by SIGSTOP) until the connecting side gives up.
 */
async function portThatNeverAccepts(): Promise<number> {
  const script =
    'socket(my $s, PF_INET, SOCK_STREAM, 0) or die "socket: $!"; bind($s, pack_sockaddr_in(0, inet_aton("127.0.0.1"))) or die "bind: $!";' +
    ' listen($s, 0) or die "listen: $!"; $| = 1; print +(unpack_sockaddr_in(getsockname($s)))[0], "\\n"; <STDIN>';
  const listener = spawn("perl", ["-MSocket", "-e", script], { stdio: ["pipe", "pipe", "inherit"] });
  closers.push(() => void listener.kill());
  const port = await new Promise<number>((resolve, reject) => {
    listener.stdout.once("data", (d: Buffer) => resolve(Number(d.toString().trim())));
    listener.once("exit", (code) => reject(new Error(`the listener exited (${code})`)));
  });
  // Connections the kernel completes on its own fill the backlog (on Linux one, for a backlog of 0: the first is always
  // made); the first that is then left waiting shows it is full.
  for (let filled = 0; ; filled++) {
    if (filled > 16) throw new Error("the listener's backlog never filled");
    const filler = net.connect(port, "127.0.0.1");
    filler.on("error", () => undefined);
    closers.push(() => void filler.destroy());
    const made = await new Promise<boolean>((resolve) => {
      filler.once("connect", () => resolve(true));
      setTimeout(() => resolve(false), filled === 0 ? 10_000 : 500);
    });
    if (!made && filled === 0) throw new Error("the listener took no connection");
    if (!made) return port;
  }
}

/** The workbench's preview proxy for one route, its engines given by `engines`. */
async function previewServer(port: number, engines: EngineLocator): Promise<number> {
  const server = http.createServer((req, res) => void proxyPreview(req, res, { path: "/site/", port }, String(req.headers["x-student"] ?? "") || null, engines, log));
  return listenHere(server);
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
  it("serves a 21-request page through one relay, bytes intact both ways, for that student only", async () => {
    const payload = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7) % 256)); // every byte value, and larger than one frame
    const site = await listenHttp((req, res) => {
      if (req.url === "/site/big.bin") return res.end(payload);
      if (req.method === "POST") return req.pipe(res); // an upload larger than the window, echoed
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
    const echoed = await new Promise<Buffer>((resolve, reject) => {
      const req = http.request({ host: "127.0.0.1", port: proxy, method: "POST", path: "/site/upload", agent: browser, headers: { "x-student": "alice" } }, (res) => {
        const parts: Buffer[] = [];
        res.on("data", (d: Buffer) => parts.push(d));
        res.on("end", () => resolve(Buffer.concat(parts)));
      });
      req.on("error", reject);
      req.end(Buffer.concat([payload, payload, payload]));
    });
    expect(echoed.equals(Buffer.concat([payload, payload, payload]))).toBe(true);

    const pages = await Promise.all(Array.from({ length: 20 }, (_, i) => get(proxy, `/site/asset-${i}.css`, "alice", browser)));
    expect(pages.map((p) => p.status)).toEqual(Array(20).fill(200));
    expect(pages.map((p) => p.body)).toEqual(Array.from({ length: 20 }, (_, i) => `page /site/asset-${i}.css`));
    expect(relays).toHaveLength(1); // every connection of the page is a channel of the engine's one relay
    const reached = site.connections();
    expect(reached).toBeGreaterThan(1);

    const bob = await get(proxy, "/site/", "bob", browser);
    expect(bob.status).toBe(503);
    expect(bob.body).toContain("Your Docker engine is not running");
    expect(site.connections()).toBe(reached);
  });

  it("a server that closes every connection (BusyBox httpd) costs no exec per connection: 21 connections, one relay", async () => {
    const site = await listenHttp((req, res) => {
      res.setHeader("Connection", "close");
      res.end(`page ${req.url}`);
    });
    const { container, relays, execs } = localContainer();
    const tunnel = new EnginePortTunnel({ container, user: "learner" });
    closers.push(() => tunnel.destroy());
    const proxy = await previewServer(site.port, { current: () => ({ ip: "192.0.2.1", tunnel }) });
    const browser = new http.Agent({ keepAlive: true, maxSockets: 6 });
    closers.push(() => browser.destroy());
    expect((await get(proxy, "/site/", "alice", browser)).body).toBe("page /site/");
    expect(execs()).toBe(1);
    const pages = await Promise.all(Array.from({ length: 20 }, (_, i) => get(proxy, `/site/a${i}.css`, "alice", browser)));
    expect(pages.map((p) => p.body)).toEqual(Array.from({ length: 20 }, (_, i) => `page /site/a${i}.css`));
    expect(site.connections()).toBe(21);
    expect(execs()).toBe(1); // the second and later connections took no new exec
    expect(relays[0]!.exitCode).toBeNull();
    // The engine goes: its relay ends (its stdin closes) and no new one starts.
    tunnel.destroy();
    await expect.poll(() => relays[0]!.exitCode, { timeout: 5_000 }).not.toBeNull();
    await expect(tunnel.connect(site.port)).rejects.toThrow("tunnel is closed");
    expect(execs()).toBe(1);
  });

  it("a kept-alive connection the site closes while idle (Apache's KeepAliveTimeout) leaves the pool: the next request gets a new channel, not a dead one", async () => {
    const server = http.createServer((req, res) => res.end(`page ${req.url}`));
    server.keepAliveTimeout = 100;
    let connections = 0;
    server.on("connection", () => connections++);
    const port = await listenHere(server);
    const { tunnel, execs } = localTunnel();
    expect((await probeHttp("192.0.2.1", port, "/one", 0, 5_000, tunnel)).body).toBe("page /one");
    await new Promise((r) => setTimeout(r, 400));
    const second = await probeHttp("192.0.2.1", port, "/two", 0, 5_000, tunnel);
    expect(second.error).toBeUndefined();
    expect(second.body).toBe("page /two");
    expect(connections).toBe(2);
    expect(execs()).toBe(1);
  });

  it("an upgraded connection (the preview's websockets) is a channel too: bytes both ways after the 101, on the one relay", async () => {
    const server = http.createServer((_req, res) => res.end("page"));
    server.on("upgrade", (_req, socket: Duplex) => {
      socket.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n");
      socket.on("data", (d: Buffer) => socket.write(Buffer.concat([Buffer.from("echo:"), d])));
      socket.on("error", () => undefined);
      closers.push(() => void socket.destroy()); // an upgraded socket is no longer the server's to close
    });
    const port = await listenHere(server);
    const { tunnel, execs } = localTunnel();
    expect((await probeHttp("192.0.2.1", port, "/", 0, 5_000, tunnel)).body).toBe("page");
    const upgraded = await new Promise<Duplex>((resolve, reject) => {
      const req = http.request({ host: "engine", port, agent: tunnel, headers: { Connection: "Upgrade", Upgrade: "websocket" } });
      req.on("upgrade", (_res, socket: Duplex) => resolve(socket));
      req.on("error", reject);
      req.end();
    });
    closers.push(() => void upgraded.destroy());
    const replies: string[] = [];
    upgraded.on("data", (d: Buffer) => replies.push(d.toString()));
    for (const word of ["one", "two"]) {
      upgraded.write(word);
      await expect.poll(() => replies.join("")).toContain(`echo:${word}`);
    }
    expect(execs()).toBe(1);
  });

  it("a reader that stops reading holds the relay to its window; the rest comes when it reads again, intact", async () => {
    const big = Buffer.from(Array.from({ length: 4 * WINDOW }, (_, i) => (i * 13) % 256));
    let written = 0;
    const server = net.createServer((socket) => {
      socket.on("error", () => undefined);
      const write = () => {
        while (written < big.length) {
          const end = Math.min(written + 16_384, big.length);
          const more = socket.write(big.subarray(written, end));
          written = end;
          if (!more) return void socket.once("drain", write);
        }
        socket.end();
      };
      write();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    closers.push(() => new Promise((r) => server.close(r)));
    const { container } = localContainer();
    const tunnel = new EnginePortTunnel({ container, user: "learner" });
    closers.push(() => tunnel.destroy());
    const socket = await tunnel.connect((server.address() as AddressInfo).port);
    closers.push(() => void socket.destroy());
    socket.pause();
    await new Promise((r) => setTimeout(r, 500));
    expect(socket.readableLength).toBeGreaterThan(0);
    expect(socket.readableLength).toBeLessThanOrEqual(WINDOW); // the relay waits for our acknowledgement: nothing piles up here
    const parts: Buffer[] = [];
    socket.on("data", (d: Buffer) => parts.push(d));
    socket.resume();
    await new Promise((r) => socket.once("end", r));
    expect(Buffer.concat(parts).equals(big)).toBe(true);
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
    expect(relays).toHaveLength(1);
    tunnel.destroy();
    await expect.poll(() => relays.every((r) => r.exitCode !== null)).toBe(true);
  });

  it("a port that neither accepts nor refuses holds only its own connection: the site on another port answers meanwhile, then that one fails with its timeout", async () => {
    const stuck = await portThatNeverAccepts();
    const site = await listenHttp((req, res) => res.end(`page ${req.url}`));
    const { container, relays } = localContainer();
    const tunnel = new EnginePortTunnel({ container, user: "learner", connectTimeoutMs: 3_000 });
    closers.push(() => tunnel.destroy());
    const engines: EngineLocator = { current: () => ({ ip: "192.0.2.1", tunnel }) };
    const stuckProxy = await previewServer(stuck, engines);
    const siteProxy = await previewServer(site.port, engines);
    const browser = new http.Agent({ keepAlive: true, maxSockets: 6 });
    closers.push(() => browser.destroy());

    // The relay starts; then the stuck port's OPEN goes out (in this tick) before anything of the site's request.
    expect(await tunnel.probe(site.port)).toBe(true);
    let stuckOutcome: string | undefined;
    const stuckConnect = tunnel.connect(stuck).then(
      (socket) => {
        socket.destroy();
        return (stuckOutcome = "connected");
      },
      (error: Error & { code?: string }) => (stuckOutcome = `${error.code}: ${error.message}`),
    );
    const stuckPage = get(stuckProxy, "/site/", "alice", browser);
    stuckPage.catch(() => undefined); // awaited below; not an unhandled rejection if an assertion ends the test first
    const page = await get(siteProxy, "/site/", "alice", browser);
    expect(page).toEqual({ status: 200, body: "page /site/" });
    expect(await tunnel.probe(site.port)).toBe(true); // the watch's probe too
    expect(stuckOutcome).toBeUndefined(); // still waiting for the port that does not accept

    expect(await stuckConnect).toBe(`ETUNNEL: the engine's port ${stuck} could not be reached: failed: Connection timed out`);
    const stuckAnswer = await stuckPage;
    expect(stuckAnswer.status).toBe(502);
    expect(stuckAnswer.body).toContain("Your container did not answer");
    expect(stuckAnswer.body).toContain(`port ${stuck} could not be reached: failed: Connection timed out`);
    // One relay throughout, still carrying connections after the timeouts.
    expect((await get(siteProxy, "/site/again", "alice", browser)).body).toBe("page /site/again");
    expect(relays).toHaveLength(1);
  }, 20_000);

  it("the watch reports the port once something listens in the engine, sending it nothing, over one relay that ends after its idle time", async () => {
    const port = await freePort();
    const { container, relays } = localContainer();
    const tunnel = new EnginePortTunnel({ container, user: "learner", idleMs: 300 });
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
    expect(relays).toHaveLength(1); // every probe was a channel of the same relay
    // No connection for its idle time: the relay exits, nothing lingers in the engine; the next connection starts a new one.
    await expect.poll(() => relays[0]!.exitCode, { timeout: 5_000 }).not.toBeNull();
    expect(await tunnel.probe(port)).toBe(true);
    expect(relays).toHaveLength(2);
  });

  it("refuses what is not a port without running anything", async () => {
    const { container, relays } = localContainer();
    const tunnel = new EnginePortTunnel({ container, user: "learner" });
    await expect(tunnel.connect(0)).rejects.toThrow("not a port");
    await expect(tunnel.connect(70000)).rejects.toThrow("not a port");
    expect(relays).toHaveLength(0);
  });

  it("a relay that ends without a word, or says nothing, fails with the reason instead of hanging", async () => {
    const silent = () => new Duplex({ read() {}, write: (_c, _e, cb) => cb() });
    const dying = () => {
      const raw = new Duplex({ read() {}, write: (_c, _e, cb) => cb() });
      setTimeout(() => {
        raw.push(dockerStreamFrame(2, Buffer.from("perl: not found")));
        raw.push(null);
        raw.destroy();
      }, 20);
      return raw;
    };
    const quiet = localContainer([silent]);
    const tunnel = new EnginePortTunnel({ container: quiet.container, user: "learner", handshakeTimeoutMs: 200 });
    closers.push(() => tunnel.destroy());
    const started = Date.now();
    await expect(tunnel.connect(8080)).rejects.toMatchObject({ code: "ETIMEDOUT" });
    expect(Date.now() - started).toBeLessThan(2_000);
    const dead = localContainer([dying]);
    const other = new EnginePortTunnel({ container: dead.container, user: "learner" });
    closers.push(() => other.destroy());
    await expect(other.connect(8080)).rejects.toThrow("the tunnel into the engine closed: perl: not found");
    expect([quiet.execs(), dead.execs()]).toEqual([1, 1]);
  });

  it("a tampered relay's malformed frames end that engine's relay only: its connections fail, the next one gets a new relay", async () => {
    const site = await listenHttp((req, res) => res.end(`page ${req.url}`));
    /** A relay that answers the first OPEN with "connected", then sends `bad`. */
    const forgedRelay = (bad: Buffer) => () => {
      const raw = new Duplex({
        read() {},
        write(chunk: Buffer, _e, cb) {
          if (chunk[0] === 1) {
            const id = chunk.readUInt32BE(1);
            const connected = Buffer.alloc(9);
            connected[0] = 6;
            connected.writeUInt32BE(id, 1);
            raw.push(dockerStreamFrame(1, connected));
            setTimeout(() => raw.push(dockerStreamFrame(1, bad)), 10);
          }
          cb();
        },
      });
      return raw;
    };
    const header = (type: number, id: number, size: number) => {
      const h = Buffer.alloc(9);
      h[0] = type;
      h.writeUInt32BE(id, 1);
      h.writeUInt32BE(size, 5);
      return h;
    };
    const cases = [
      ["a frame of 4294967295 bytes", header(2, 1, 0xffffffff)], // would have us buffer 4 GiB
      ["never opened", Buffer.concat([header(2, 99, 3), Buffer.from("abc")])],
      ["more than its window", Buffer.concat(Array(5).fill(Buffer.concat([header(2, 1, 65_536), Buffer.alloc(65_536)])))],
      ["unknown type", header(42, 1, 0)],
    ] as const;
    const { container, relays, execs } = localContainer(cases.map(([, bad]) => forgedRelay(bad)));
    const logged: string[] = [];
    const tunnel = new EnginePortTunnel({ container, user: "learner", log: createLogger({ level: "warn", write: (line) => void logged.push(line) }) });
    closers.push(() => tunnel.destroy());
    for (const [said] of cases) {
      const socket = await tunnel.connect(site.port);
      const failure = await new Promise<Error>((resolve) => socket.once("error", resolve));
      expect(failure.message).toContain(said);
      expect(failure).toMatchObject({ code: "ETUNNEL" });
    }
    expect(logged.filter((l) => l.includes("broke the protocol"))).toHaveLength(cases.length);
    // The next connection starts the real relay, and it works.
    const answer = await probeHttp("192.0.2.1", site.port, "/site/", 0, 5_000, tunnel);
    expect(answer.body).toBe("page /site/");
    expect(execs()).toBe(cases.length + 1);
    expect(relays).toHaveLength(1);
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
    expect(relays).toHaveLength(1);
    expect(site.connections()).toBe(1); // the redirect's request reused the kept-alive connection
  });
});
