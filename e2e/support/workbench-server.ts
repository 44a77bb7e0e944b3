/**
 * Starts the real workbench (production build, real Docker, SQLite in a temporary data folder)
 * for end-to-end tests and benchmarks, and stops it so that it removes its learner engines.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export const REPO_ROOT = path.resolve(__dirname, "../..");

export interface RunningWorkbench {
  url: string;
  dataDir: string;
  /** The server process (for measuring its memory). */
  pid: number;
  logs: () => string;
  stop: () => Promise<void>;
  /** Sends a signal (SIGKILL: a crash) and waits for the process to end; the data folder stays. */
  kill: (signal: NodeJS.Signals) => Promise<void>;
}

/** Runs `next build` unless a build newer than every source file exists. */
export function ensureNextBuild(): void {
  const buildId = path.join(REPO_ROOT, ".next/BUILD_ID");
  const stale =
    !existsSync(buildId) ||
    // The web routes bundle most of server/ (database, workspaces, grading, sandbox): all of it counts;
    // the Prisma client, regenerated on every set-up, through its schema.
    spawnSync(
      "find",
      ["app", "lib", "server", "prisma/schema.prisma", "next.config.js", "package-lock.json", "-newer", buildId, "-type", "f", "-not", "-name", "*.test.ts", "-not", "-path", "server/db/generated/*"],
      {
        cwd: REPO_ROOT,
        encoding: "utf8",
      },
    ).stdout.trim() !== "";
  if (!stale) return;
  console.log("building the web app (next build)…");
  const result = spawnSync("npx", ["next", "build"], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error("next build failed");
  void statSync(buildId);
}

/**
 * `dataDir`: a data folder of the caller's (e.g. to start again on what a killed server left); it
 * is kept on stop. Otherwise a temporary one is made and removed on stop.
 */
export async function startWorkbench(options: { port: number; env?: Record<string, string>; dataDir?: string }): Promise<RunningWorkbench> {
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), "wb-e2e-data-"));
  const removeDataDir = () => ownDataDir && rmSync(dataDir, { recursive: true, force: true });
  let output = "";
  // One process (node with tsx's loader), so a signal reaches the server itself.
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(options.port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      LOG_LEVEL: "info",
      // Seeding the class-wide layer cache builds every lesson's reference in the background (minutes
      // of CPU): a test server does it only when its test asks (server/sandbox/layer-cache.int.test.ts
      // proves the cache itself).
      WB_LAYER_CACHE: "off",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) {
      removeDataDir();
      throw new Error(`the workbench exited at start:\n${output.slice(-3000)}`);
    }
    const ok = await fetch(url + "/", { redirect: "manual" }).then(
      (r) => r.status < 500,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      removeDataDir();
      throw new Error(`the workbench did not answer within 90 s:\n${output.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    url,
    dataDir,
    pid: child.pid!,
    logs: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      removeDataDir();
    },
    kill: async (signal) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill(signal);
      await exited;
    },
  };
}
