/**
 * The real workbench for benchmarks (production build, real Docker, temporary DATA_DIR), started
 * through e2e/support/workbench-server.ts on a free localhost port and stopped by the cleanup
 * registry whatever happens. Its SIGTERM handler removes the learner engines it started. Its
 * engines carry its deployment label (a hash of its DATA_DIR), which is how the benchmarks tell
 * them from any other workbench's or test's engines on this host.
 */
import { createHash } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { ensureNextBuild, startWorkbench, type RunningWorkbench } from "../../e2e/support/workbench-server";
import { STUDENT_COOKIE, decodeStudentCookie } from "../../server/identity/student-cookie";
import { log, now, onCleanup, sleep } from "./common";
import { freePort } from "../../server/http/testing/free-port";
import { listEngineContainers, type EngineContainer } from "./docker";
import { BenchSocket } from "./ws-client";

export interface BenchWorkbench extends RunningWorkbench {
  port: number;
  /** Stops it now (also done by the cleanup registry). */
  close: () => Promise<void>;
  /** The student id inside a wb_student cookie value this workbench signed. */
  studentOf: (cookieValue: string) => string | null;
  /** Parsed JSON log lines of the server so far. */
  logLines: () => Record<string, unknown>[];
  /** Its deployment id (the server's: sha256 of DATA_DIR, 12 hex digits). */
  deployment: string;
  /** This workbench's engine containers (pool and students'), running or not. */
  engines: () => Promise<EngineContainer[]>;
}

let built = false;

/** The server's deployment id for a DATA_DIR (server/index.ts: sha256 of it, 12 hex digits). */
const deploymentOf = (dataDir: string) => createHash("sha256").update(path.resolve(dataDir)).digest("hex").slice(0, 12);

export async function startBenchWorkbench(env: Record<string, string> = {}): Promise<BenchWorkbench> {
  if (!built) {
    ensureNextBuild();
    built = true;
  }
  const port = await freePort();
  const began = now();
  const starting = startWorkbench({ port, env: { LOG_LEVEL: "info", ...env } });
  const enginesOf = async (dataDir: string) => {
    const deployment = deploymentOf(dataDir);
    return (await listEngineContainers()).filter((e) => e.deployment === deployment);
  };
  // Registered before it answers: a Ctrl-C while it starts waits for it, then stops it.
  const close = onCleanup(`workbench on port ${port}`, async () => {
    const running = await starting.catch(() => undefined);
    if (!running) return;
    await running.stop();
    // stop() returns when the tsx wrapper has exited; the server itself may still be removing
    // its engines and writing its database: wait for the engines, then remove the folder again.
    const deadline = Date.now() + 30_000;
    while ((await enginesOf(running.dataDir).catch(() => [])).length && Date.now() < deadline) await sleep(500);
    await sleep(1_000);
    rmSync(running.dataDir, { recursive: true, force: true, maxRetries: 3 });
  });
  const running = await starting.catch(async (error: unknown) => {
    await close();
    throw error;
  });
  log(
    `workbench up on ${running.url} in ${((now() - began) / 1000).toFixed(1)} s (${
      Object.entries(env)
        .map(([k, v]) => `${k}=${v}`)
        .join(" ") || "default env"
    })`,
  );
  let secret: string | undefined;
  return {
    ...running,
    port,
    close,
    deployment: deploymentOf(running.dataDir),
    engines: () => enginesOf(running.dataDir),
    studentOf: (cookieValue) => {
      secret ??= readFileSync(path.join(running.dataDir, "session-secret"), "utf8").trim();
      return decodeStudentCookie(cookieValue, secret);
    },
    logLines: () =>
      running
        .logs()
        .split("\n")
        .flatMap((line) => {
          if (!line.startsWith("{")) return [];
          try {
            return [JSON.parse(line) as Record<string, unknown>];
          } catch {
            return [];
          }
        }),
  };
}

/** GETs a page without a cookie and returns the new student's `wb_student=…` cookie pair. */
export async function newStudentCookie(wb: BenchWorkbench, page = "/"): Promise<{ header: string; value: string; studentId: string }> {
  const response = await fetch(wb.url + page, { redirect: "manual" });
  await response.arrayBuffer();
  const pair = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .find((c) => c.startsWith(`${STUDENT_COOKIE}=`));
  if (!pair) throw new Error(`GET ${page} set no ${STUDENT_COOKIE} cookie (status ${response.status})`);
  const value = decodeURIComponent(pair.slice(STUDENT_COOKIE.length + 1));
  const studentId = wb.studentOf(value);
  if (!studentId) throw new Error("the workbench's cookie does not decode with its own secret");
  return { header: pair, value, studentId };
}

export interface EngineStartLog {
  /** The server's own figure: engine start to ready, or the pool hand-over time. */
  readyMs: number;
  fromPool: boolean;
  container: string;
  /** When the server logged it (ms since the epoch). */
  at: number;
}

/** How the server says it got this student's engine ("engine ready" or "engine handed over from the pool"), the first line logged at or after `since` (ms since the epoch). */
export function engineStartLog(wb: BenchWorkbench, studentId: string, since = 0): EngineStartLog | undefined {
  const own = `wb-server-engine-${studentId}`;
  for (const l of wb.logLines()) {
    const at = Date.parse(String(l["time"]));
    if (!(at >= since) || typeof l["readyMs"] !== "number") continue; // a returning student's earlier visit is not this one
    if (l["msg"] === "engine handed over from the pool" && l["studentId"] === studentId) {
      return { readyMs: l["readyMs"], fromPool: true, container: String(l["container"] ?? ""), at };
    }
    if (l["msg"] === "engine ready" && (l["engine"] === own || l["studentId"] === studentId)) {
      return { readyMs: l["readyMs"], fromPool: false, container: own, at };
    }
  }
  return undefined;
}

/** A new student at a shell prompt: their socket, engine ready and terminal attached and settled. */
export async function studentAtPrompt(wb: BenchWorkbench): Promise<{ socket: BenchSocket; studentId: string }> {
  const cookie = await newStudentCookie(wb, "/");
  const socket = await BenchSocket.open(wb, cookie.header);
  const ready = await socket.next("engine.status", 120_000, (m) => m.state === "ready" || m.state === "error");
  if (ready.state === "error") throw new Error(`engine error: ${ready.message}`);
  socket.send({ type: "terminal.attach", cols: 120, rows: 30, lastSeq: 0 });
  await socket.waitForPrompt(30_000);
  await socket.settle(300, 3_000);
  return { socket, studentId: cookie.studentId };
}
