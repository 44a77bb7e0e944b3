/**
 * CI stage "fresh clone": the README's start command works on a machine's first try. Clones this
 * repository into a temporary folder (no .next/, no node_modules/; caches outside the repository
 * may be used), runs `bash scripts/start.sh` there on a free port with its own DATA_DIR, waits for
 * HTTP 200 on / and /steps/1, opens a student session over the websocket and runs `docker version`
 * in its terminal, stops the server and checks that none of its engines is left.
 * Prints one line per step and writes "<passed> <failed>" to $FRESH_CLONE_RESULTS when set.
 */
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { REPO_ROOT } from "./support/workbench-server";
import { BenchSocket, stripAnsi } from "../bench/lib/ws-client";
import { sleep } from "../bench/lib/common";
import { freePort } from "../server/http/testing/free-port";
import { listEngineContainers } from "../bench/lib/docker";

const START_TIMEOUT_MS = 25 * 60_000;
const results: { name: string; ok: boolean; detail: string }[] = [];
const record = (name: string, ok: boolean, detail: string) => {
  results.push({ name, ok, detail });
  console.log(`${ok ? "✓" : "✗"} ${name}: ${detail}`);
};

async function httpStatus(url: string): Promise<{ status: number; cookie?: string } | null> {
  try {
    const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(10_000) });
    await response.arrayBuffer();
    return { status: response.status, cookie: response.headers.get("set-cookie")?.split(";")[0] };
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "wb-fresh-clone-"));
  const clone = path.join(tmp, "main");
  const dataDir = path.join(tmp, "data");
  const logFile = path.join(tmp, "start.log");
  const deployment = createHash("sha256").update(dataDir).digest("hex").slice(0, 12);
  let server: ReturnType<typeof spawn> | undefined;
  let exited: Promise<number | null> | undefined;
  try {
    const cloned = spawnSync("git", ["clone", "--quiet", REPO_ROOT, clone], { encoding: "utf8" });
    const clean = cloned.status === 0 && !existsSync(path.join(clone, ".next")) && !existsSync(path.join(clone, "node_modules"));
    record("clone", clean, clean ? `${clone} (no .next/, no node_modules/)` : `git clone failed: ${cloned.stderr}`);
    if (!clean) return;

    const port = await freePort();
    const began = Date.now();
    const log = openSync(logFile, "w");
    server = spawn("bash", ["scripts/start.sh"], {
      cwd: clone,
      // No layer-cache seeding: minutes of background builds the stage does not look at.
      env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, LOG_LEVEL: "info", WB_LAYER_CACHE: "off" },
      stdio: ["ignore", log, log],
      detached: true, // its own process group: stopped as a whole below
    });
    closeSync(log);
    const child = server;
    exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
    let stoppedEarly: number | null | undefined;
    void exited.then((code) => (stoppedEarly = code));

    const base = `http://127.0.0.1:${port}`;
    let home: Awaited<ReturnType<typeof httpStatus>> = null;
    while (Date.now() - began < START_TIMEOUT_MS && stoppedEarly === undefined) {
      home = await httpStatus(`${base}/`);
      if (home?.status === 200) break;
      await sleep(2_000);
    }
    const tail = () => readFileSync(logFile, "utf8").split("\n").slice(-30).join("\n");
    if (home?.status !== 200) {
      record("start", false, `no HTTP 200 on / (${stoppedEarly !== undefined ? `start.sh exited with ${stoppedEarly}` : "timed out"}); last lines:\n${tail()}`);
      return;
    }
    const said = readFileSync(logFile, "utf8");
    record("start", true, `HTTP 200 on / ${((Date.now() - began) / 1000).toFixed(0)} s after bash scripts/start.sh; the doctor said "${/all \d+ checks passed/.exec(said)?.[0] ?? "?"}"`);
    // The clone sits in a 0700 folder, as a clone under /root does: the server still gives up root.
    const dropped = /"msg":"the server runs as the sandbox user[^"]*"[^\n]*"uid":(\d+)/.exec(said);
    const passage = /"msg":"the sandbox user may now pass these folders[^\n]*"folders":(\[[^\]]*\])/.exec(said)?.[1];
    record(
      "server user",
      dropped?.[1] === "99000",
      dropped ? `the server runs as uid ${dropped[1]}${passage ? `, after giving it search on ${passage}` : ""}` : "the server did not say it gave up root",
    );
    const step1 = await httpStatus(`${base}/steps/1`);
    record("step page", step1?.status === 200, `/steps/1 answered ${step1?.status ?? "nothing"}`);

    const cookie = home.cookie ?? "";
    const socket = await BenchSocket.open({ port, url: base } as Parameters<typeof BenchSocket.open>[0], cookie);
    try {
      socket.send({ type: "terminal.attach", cols: 120, rows: 30, lastSeq: 0 });
      await socket
        .next("engine.status", 90_000, (m) => m.state === "ready" || m.state === "error")
        .then((m) => {
          if (m.state === "error") throw new Error(`engine error: ${m.message}`);
        });
      await socket.waitForPrompt(60_000);
      socket.send({ type: "terminal.input", data: "docker version --format 'server={{.Server.Version}}'\r" });
      const deadline = Date.now() + 30_000;
      let version: string | undefined;
      while (!version && Date.now() < deadline) {
        version = /server=(\d+\.\d+\.\d+)/.exec(stripAnsi(socket.terminalText))?.[1];
        if (!version) await socket.next("terminal.output", deadline - Date.now()).catch(() => undefined);
      }
      record(
        "terminal",
        Boolean(version),
        version ? `docker version in the student's terminal: engine ${version}` : `no version; terminal shows ${JSON.stringify(stripAnsi(socket.terminalText).slice(-300))}`,
      );
    } catch (error) {
      record("terminal", false, `${String(error)}; server log:\n${tail()}`);
    } finally {
      await socket.closeNow();
    }
  } finally {
    if (server?.pid && exited) {
      process.kill(-server.pid, "SIGTERM");
      const code = await Promise.race([exited, sleep(60_000).then(() => "timeout" as const)]);
      if (code === "timeout") process.kill(-server.pid, "SIGKILL");
      record("stop", code !== "timeout", code === "timeout" ? "the server did not stop within 60 s of SIGTERM" : "the server stopped on SIGTERM");
      await sleep(1_000);
      const left = (await listEngineContainers()).filter((e) => e.deployment === deployment);
      record("clean-up", left.length === 0, left.length ? `engines left: ${left.map((e) => e.name).join(", ")}` : "no engine of this workbench left");
    }
    rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
  }
}

main()
  .catch((error: unknown) => record("fresh clone", false, String(error)))
  .finally(() => {
    const failed = results.filter((r) => !r.ok).length;
    if (process.env.FRESH_CLONE_RESULTS) writeFileSync(process.env.FRESH_CLONE_RESULTS, `${results.length - failed} ${failed}\n`);
    process.exit(failed || results.length === 0 ? 1 : 0);
  });
