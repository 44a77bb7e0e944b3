/**
 * For the fault tests of issue 9 ("Faults, each a test"): the real workbench (production build,
 * real Docker, SQLite in a data folder of the test's) on a one-step course whose Check is quick
 * but has a build long enough to be interrupted, a student as a browser is one (cookie, HTTP API,
 * websocket), and what the host sees (containers, volumes and mounts of that workbench).
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import WebSocket from "ws";
import { afterAll, beforeAll } from "vitest";
import { decodeServerMessage, encodeMessage, type ClientMessage, type ServerMessage } from "../../../lib/protocol/messages";
import { ensureNextBuild, startWorkbench, type RunningWorkbench } from "../../../e2e/support/workbench-server";
import { getHostDocker } from "../../sandbox/host-docker";
import { LABEL_DEPLOYMENT } from "../../sandbox/labels";
import { STUDENT_COOKIE } from "../../identity/student-cookie";
import { freePort } from "../../http/testing/free-port";

/** better-sqlite3 (a dependency of the SQLite adapter; it ships no types): what the tests use of it. */
interface SqliteDatabase {
  prepare(sql: string): { all(): unknown[] };
  exec(sql: string): void;
  close(): void;
}
type SqliteConstructor = new (file: string, options?: { readonly?: boolean; fileMustExist?: boolean; timeout?: number }) => SqliteDatabase;
const Database = createRequire(__filename)("better-sqlite3") as SqliteConstructor;

export const FAULT_STEP = 1;
export const FAULT_FOLDER = "fault_step";
/** Printed by the Dockerfile's slow RUN when it begins: the build is under way. */
export const BUILD_MARK = "fault-build-started";

/** A course of one step: its Check builds the student's Dockerfile and runs the image briefly. */
export function writeFaultCourse(root: string): string {
  const lessons = path.join(root, "lessons");
  const dir = path.join(lessons, "01-fault");
  mkdirSync(path.join(dir, "starter", FAULT_FOLDER), { recursive: true });
  writeFileSync(
    path.join(dir, "lesson.md"),
    [
      "---",
      'title: "Fault drill"',
      `step: ${FAULT_STEP}`,
      `folder: ${FAULT_FOLDER}`,
      'summary: "A step for the fault tests."',
      "goals:",
      '  - "Build an image"',
      "estimatedMinutes: 1",
      "---",
      "",
      "Build the image.",
      "",
    ].join("\n"),
  );
  writeFileSync(
    path.join(dir, "checks.yaml"),
    [
      `step: ${FAULT_STEP}`,
      `folder: ${FAULT_FOLDER}`,
      "checks:",
      "  - id: folder",
      "    kind: folder",
      '    title: "The folder holds a Dockerfile"',
      "    files: [Dockerfile]",
      "  - id: build",
      "    kind: build",
      '    title: "The image builds"',
      "    tag: fault-image",
      "    requires: [folder]",
      "  - id: runs",
      "    kind: container",
      '    title: "A container of the image stays up"',
      "    name: fault-container",
      "    image: fault-image",
      "    stableSeconds: 1",
      "    requires: [build]",
      "",
    ].join("\n"),
  );
  writeFileSync(path.join(dir, "starter", FAULT_FOLDER, "Dockerfile"), faultDockerfile(1));
  return lessons;
}

/** A Dockerfile whose build spends `seconds` in one RUN (announced by BUILD_MARK), and whose container stays up. */
export function faultDockerfile(seconds: number, note = ""): string {
  return [`# ${note || "fault drill"}`, "FROM debian:latest", `RUN echo ${BUILD_MARK} && sleep ${seconds}`, 'CMD ["sleep", "infinity"]', ""].join("\n");
}

/** A data folder and a course that outlive one server process (killed, started again). */
export class FaultSite {
  readonly root = mkdtempSync(path.join(os.tmpdir(), "wb-fault-"));
  readonly dataDir = path.join(this.root, "data");
  readonly lessonsDir = writeFaultCourse(this.root);
  /** The server's deployment id: its engines carry it (server/index.ts: sha256 of DATA_DIR). */
  readonly deployment = createHash("sha256").update(this.dataDir).digest("hex").slice(0, 12);
  server: RunningWorkbench | undefined;
  port = 0;

  constructor(private readonly env: Record<string, string> = {}) {
    // The server runs as the sandbox user: it must pass through to its data folder and read the course.
    chmodSync(this.root, 0o711);
    mkdirSync(this.dataDir, { recursive: true });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<RunningWorkbench> {
    ensureNextBuild();
    this.port ||= await freePort();
    this.server = await startWorkbench({
      port: this.port,
      dataDir: this.dataDir,
      env: { LESSONS_DIR: this.lessonsDir, ENGINE_POOL_SIZE: "0", ...this.env },
    });
    return this.server;
  }

  /** The server's log so far, as parsed JSON lines (other lines skipped). */
  logLines(): Record<string, unknown>[] {
    return (this.server?.logs() ?? "").split("\n").flatMap((line) => {
      try {
        const parsed = JSON.parse(line) as unknown;
        return parsed && typeof parsed === "object" ? [parsed as Record<string, unknown>] : [];
      } catch {
        return [];
      }
    });
  }

  /** This workbench's containers on the host (engines), running or not. */
  async containers(): Promise<{ id: string; name: string; state: string }[]> {
    const list = await getHostDocker().listContainers({ all: true, filters: { label: [`${LABEL_DEPLOYMENT}=${this.deployment}`] } });
    return list.map((c) => ({ id: c.Id, name: (c.Names[0] ?? "").replace(/^\//, ""), state: c.State }));
  }

  async volumes(): Promise<string[]> {
    const { Volumes } = await getHostDocker().listVolumes({ filters: { label: [`${LABEL_DEPLOYMENT}=${this.deployment}`] } });
    return (Volumes ?? []).map((v) => v.Name);
  }

  /** Mount points under the data folder (capped workspaces and engine disks). */
  mounts(): string[] {
    return mountsUnder(this.dataDir);
  }

  /** The server's SQLite database, read-only (what the server stored). */
  checkRuns(): { id: string; step: number; status: string; results: string; errorMessage: string | null; finishedAt: number | null }[] {
    const db = new Database(path.join(this.dataDir, "workbench.db"), { readonly: true, fileMustExist: true });
    try {
      return db.prepare(`SELECT id, step, status, results, errorMessage, finishedAt FROM "CheckRun" ORDER BY startedAt`).all() as ReturnType<FaultSite["checkRuns"]>;
    } finally {
      db.close();
    }
  }

  /**
   * Holds the database's write lock (as a backup or another tool holding it would) until the
   * returned function is called: every write of the server waits, then fails.
   */
  lockDatabase(): () => void {
    const db = new Database(path.join(this.dataDir, "workbench.db"), { fileMustExist: true, timeout: 5_000 });
    db.exec("BEGIN EXCLUSIVE");
    return () => {
      db.exec("ROLLBACK");
      db.close();
    };
  }

  /** Stops the server (SIGTERM: it removes its engines), then removes every trace of the site. */
  async dispose(): Promise<void> {
    await this.server?.stop();
    for (const c of await this.containers().catch(() => []))
      await getHostDocker()
        .getContainer(c.id)
        .remove({ force: true, v: true })
        .catch(() => undefined);
    for (const v of await this.volumes().catch(() => []))
      await getHostDocker()
        .getVolume(v)
        .remove()
        .catch(() => undefined);
    for (const target of mountsUnder(this.dataDir).reverse()) {
      try {
        execFileSync("umount", ["-l", target], { stdio: "ignore" });
      } catch {
        // already gone
      }
    }
    detachLoopsUnder(this.dataDir);
    rmSync(this.root, { recursive: true, force: true });
  }
}

function mountsUnder(dir: string): string[] {
  return readFileSync("/proc/self/mounts", "utf8")
    .split("\n")
    .map((line) => line.split(" ")[1]?.replace(/\\040/g, " ") ?? "")
    .filter((target) => target === dir || target.startsWith(`${dir}/`))
    .sort();
}

function detachLoopsUnder(dir: string): void {
  let listing = "";
  try {
    listing = execFileSync("losetup", ["-n", "-O", "NAME,BACK-FILE", "-l"], { encoding: "utf8" });
  } catch {
    return;
  }
  for (const line of listing.split("\n")) {
    const [device, file] = line.trim().split(/\s+/);
    if (device && file?.startsWith(`${dir}/`)) {
      try {
        execFileSync("losetup", ["-d", device], { stdio: "ignore" });
      } catch {
        // busy or gone
      }
    }
  }
}

/** A student as their browser is: a cookie, the HTTP API with it, and websockets. */
export class FaultStudent {
  private constructor(
    private readonly site: FaultSite,
    readonly cookie: string,
  ) {}

  static async arrive(site: FaultSite): Promise<FaultStudent> {
    const response = await fetch(`${site.url}/`, { redirect: "manual" });
    await response.arrayBuffer();
    const pair = response.headers
      .getSetCookie()
      .map((c) => c.split(";")[0]!)
      .find((c) => c.startsWith(`${STUDENT_COOKIE}=`));
    if (!pair) throw new Error("the workbench issued no student cookie");
    return new FaultStudent(site, pair);
  }

  /** An API request as the page makes it (same-origin). */
  api(pathAndQuery: string, init: { method?: string; body?: string } = {}): Promise<Response> {
    return fetch(`${this.site.url}${pathAndQuery}`, {
      method: init.method ?? "GET",
      body: init.body,
      headers: { cookie: this.cookie, "sec-fetch-site": "same-origin", ...(init.body !== undefined ? { "content-type": "text/plain" } : {}) },
    });
  }

  async writeFile(file: string, content: string): Promise<void> {
    const response = await this.api(`/api/files/content?path=${encodeURIComponent(file)}`, { method: "PUT", body: content });
    if (response.status !== 200) throw new Error(`saving ${file}: HTTP ${response.status} ${await response.text()}`);
  }

  async readFile(file: string): Promise<string> {
    const response = await this.api(`/api/files/content?path=${encodeURIComponent(file)}`);
    if (response.status !== 200) throw new Error(`reading ${file}: HTTP ${response.status} ${await response.text()}`);
    return ((await response.json()) as { content: string }).content;
  }

  /** Opens the step's files as the page does (the starter is copied in on the first visit). */
  async openStep(): Promise<void> {
    const response = await this.api(`/api/files?step=${FAULT_STEP}`);
    if (response.status !== 200) throw new Error(`listing files: HTTP ${response.status} ${await response.text()}`);
  }

  connect(): Promise<PageSocket> {
    return PageSocket.open(this.site, this.cookie);
  }
}

type Waiter = { match: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void };

/** One page's websocket: every message kept, and "wait for the next one that matches". */
export class PageSocket {
  readonly received: ServerMessage[] = [];
  private waiters: Waiter[] = [];
  closedWith: { code: number; reason: string } | undefined;

  private constructor(private readonly ws: WebSocket) {
    ws.on("message", (raw, isBinary) => {
      const decoded = decodeServerMessage(isBinary ? new Uint8Array(raw as Buffer) : String(raw));
      if (!decoded.ok) throw new Error(`the server sent an undecodable frame: ${decoded.error}`);
      this.received.push(decoded.message);
      const waiting = this.waiters;
      this.waiters = [];
      for (const w of waiting) {
        if (w.match(decoded.message)) w.resolve(decoded.message);
        else this.waiters.push(w);
      }
    });
    ws.on("close", (code, reason) => (this.closedWith = { code, reason: String(reason) }));
  }

  static async open(site: FaultSite, cookie: string): Promise<PageSocket> {
    const ws = new WebSocket(`ws://127.0.0.1:${site.port}/ws`, { headers: { Cookie: cookie, Origin: site.url }, handshakeTimeout: 20_000 });
    // Listening from the start: the first messages may come with the upgrade's answer.
    const page = new PageSocket(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
      ws.once("unexpected-response", (_req, res) => reject(new Error(`websocket refused: HTTP ${res.statusCode}`)));
    });
    return page;
  }

  send(message: ClientMessage): void {
    this.ws.send(encodeMessage(message));
  }

  /** The first message received so far or from now on that matches (within timeoutMs). */
  waitFor<T extends ServerMessage["type"]>(type: T, timeoutMs: number, match: (m: Extract<ServerMessage, { type: T }>) => boolean = () => true): Promise<Extract<ServerMessage, { type: T }>> {
    const test = (m: ServerMessage) => m.type === type && match(m as Extract<ServerMessage, { type: T }>);
    const seen = this.received.find(test);
    if (seen) return Promise.resolve(seen as Extract<ServerMessage, { type: T }>);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        const last = this.received.slice(-5).map((m) => JSON.stringify(m).slice(0, 300));
        reject(new Error(`no ${type} message within ${timeoutMs / 1000} s; the last ones: ${last.join(" | ")}`));
      }, timeoutMs);
      const waiter: Waiter = {
        match: test,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m as Extract<ServerMessage, { type: T }>);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** The engine is ready (or the page was told why not: then this throws with the message). */
  async engineReady(timeoutMs = 120_000): Promise<void> {
    const status = await this.waitFor("engine.status", timeoutMs, (m) => m.state === "ready" || m.state === "error");
    if (status.state !== "ready") throw new Error(`engine not ready: ${status.message}`);
  }

  /** Build output of a run so far. */
  logOf(runId: string): string {
    return this.received.flatMap((m) => (m.type === "check.log" && m.runId === runId ? [m.text] : [])).join("");
  }

  /** Waits until the run's build log holds `text`. */
  async waitForLog(runId: string, text: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.logOf(runId).includes(text)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`the build log never showed ${JSON.stringify(text)}; it shows: ${JSON.stringify(this.logOf(runId).slice(-800))}`);
      const since = this.received.findIndex((m) => m.type === "check.started" && m.runId === runId);
      const finished = this.received.slice(since).find((m) => (m.type === "check.finished" && m.runId === runId) || m.type === "error");
      if (finished) throw new Error(`the run ended before its build log showed ${JSON.stringify(text)}: ${JSON.stringify(finished).slice(0, 500)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Closes the socket as a closing tab does, and waits for the close to complete. */
  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    const closed = new Promise((r) => this.ws.once("close", r));
    this.ws.close(1001, "tab closed");
    await closed;
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }
}

/** A FaultSite started before the test file's tests and disposed after them: `useFaultSite()()` is it. */
export function useFaultSite(env: Record<string, string> = {}): () => FaultSite {
  let site: FaultSite | undefined;
  beforeAll(async () => {
    site = new FaultSite(env);
    await site.start();
  });
  afterAll(async () => {
    await site?.dispose();
  });
  return () => {
    if (!site) throw new Error("the fault site is not started yet");
    return site;
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls until `probe` returns true (or throws with `what`). */
export async function eventually(probe: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await sleep(250);
  }
}
