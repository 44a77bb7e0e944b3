/**
 * Load: N students at once over the websocket, on loopback, against the real workbench; where
 * this machine degrades, and what students beyond the engine limit are told.
 *
 * Each simulated student does what a browser does: GET /steps/1 without a cookie (the server
 * signs a new wb_student cookie), open /ws with that cookie and the workbench's own Origin, send
 * terminal.attach at once (as the page does), and wait for engine.status ready and the shell
 * prompt. Then, all students at the same time: 10 ping/pong round trips (websocket + server, no
 * shell), BENCH_LOAD_KEYS single keystrokes at a human pace (each timed from terminal.input to
 * the first terminal.output holding it, then a pause of 80–220 ms), BENCH_LOAD_COMMANDS
 * `echo <tag>` commands (sent → the tag on a line of its own) and one
 * `docker version --format '{{.Server.Version}}'` (sent → the version line; the inner engine).
 *
 * Ramp: for each N of BENCH_LOAD_LEVELS (capped at BENCH_LOAD_MAX) a fresh workbench
 * (ENGINE_POOL_SIZE=0, engine limit BENCH_LOAD_ENGINES or the server's default from the host's
 * size), N students arrive together, and the level reports time to prompt, echo and command
 * latencies, errors, queued students with the positions they were told, the server's RSS
 * (/proc/<pid>/status, peak over the level) and CPU, and the engines' memory (docker stats).
 * A level is degraded when any student hit an error, or echo p95 > BENCH_LOAD_ECHO_P95_MS (100),
 * or command p95 > BENCH_LOAD_CMD_P95_MS (1000), or time to prompt p95 > BENCH_LOAD_PROMPT_P95_MS
 * (30000). The first degraded N is reported. Students beyond the engine limit in a level are
 * counted as queued (not as errors) and leave when the level ends.
 *
 * Queue: a workbench with ENGINE_MAX_RUNNING=BENCH_LOAD_QUEUE_LIMIT (2) and
 * ENGINE_IDLE_MINUTES=1. That many students get a prompt; three more arrive one after the other
 * and must each be told their place (engine.status starting, queue.position 1, 2, 3, the limit,
 * "you are number P in the queue") without an engine being started for them; their socket
 * keeps answering pings; each types a command while waiting. The second leaves the queue (page
 * closed): the third must be told it moved up to 2. Then the students with engines leave: once
 * the server removes their idle engines (1 min), the two still waiting must get an engine, the
 * command they typed while queued must have run, and a new command must run. At no time may more
 * than the limit of this workbench's engines run.
 *
 * BENCH_LOAD_BUSY (0–1, default 0): that share of each level's students first starts a CPU-bound
 * loop in the background of their shell (one core, capped by ENGINE_CPUS, as a build would use)
 * and types like the others; it shows whether students building slow everyone's typing.
 *
 * Baseline (a workbench of its own before the ramp; BENCH_LOAD_BASELINE=0 skips it): the same shell without the workbench: a TTY exec of
 * `bash -l` as the learner through the Docker API (keystroke echo and `echo` round trip), and
 * `docker exec <engine> echo hi` with the docker CLI.
 *
 *   npm run bench -- load        or        npx tsx bench/load.ts [ramp|queue]
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import type { Duplex } from "node:stream";
import { promisify } from "node:util";
import { getHostDocker } from "../server/sandbox/host-docker";
import { INNER_DOCKER_HOST, LEARNER_USER, LEARNER_WORKSPACE } from "../server/sandbox/engine-options";
import { TimeoutError, fmtMiB, fmtMs, heading, log, machineLine, now, onCleanup, runStandalone, sleep, stats, table, type BenchResult, type SummaryRow } from "./lib/common";
import { containerUsage } from "./lib/docker";
import { newStudentCookie, startBenchWorkbench, type BenchWorkbench } from "./lib/workbench";
import { BenchSocket, CTRL_U, ECHO_CHARS, ECHO_LINE_CHARS, PROMPT_AT_END, stripAnsi } from "./lib/ws-client";

const num = (name: string, fallback: number) => {
  const raw = process.env[name];
  const value = raw === undefined || raw === "" ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number ≥ 0 (got ${raw})`);
  return value;
};

const MAX_STUDENTS = num("BENCH_LOAD_MAX", 8);
const LEVELS = (process.env.BENCH_LOAD_LEVELS ?? "1,2,4,6,8,12")
  .split(",")
  .map((v) => Number(v.trim()))
  .filter((n) => Number.isInteger(n) && n >= 1 && n <= MAX_STUDENTS);
const ENGINE_LIMIT = process.env.BENCH_LOAD_ENGINES; // unset: the server's default from the host's size
const KEYS = num("BENCH_LOAD_KEYS", 40);
const COMMANDS = num("BENCH_LOAD_COMMANDS", 3);
const ECHO_P95_LIMIT_MS = num("BENCH_LOAD_ECHO_P95_MS", 100);
const CMD_P95_LIMIT_MS = num("BENCH_LOAD_CMD_P95_MS", 1_000);
const PROMPT_P95_LIMIT_MS = num("BENCH_LOAD_PROMPT_P95_MS", 30_000);
const QUEUE_LIMIT = Math.max(1, num("BENCH_LOAD_QUEUE_LIMIT", 2));
/** Share of each level's students (0–1, rounded up) whose engine runs a build-like CPU load while everyone types. */
const BUSY_SHARE = Math.min(1, num("BENCH_LOAD_BUSY", 0));
const BUSY_SECONDS = 120;
/** A busy loop in the background of the student's shell (no job line), as a build would keep its engine's CPU busy. */
const BUSY_COMMAND = `(timeout ${BUSY_SECONDS} sh -c 'while :; do :; done' >/dev/null 2>&1 &)`;

const PINGS = 10;
const KEY_GAP_MS: [number, number] = [80, 220];
const PROMPT_TIMEOUT_MS = 180_000;
const ECHO_TIMEOUT_MS = 5_000;
const COMMAND_TIMEOUT_MS = 15_000;
const QUEUED_WAIT_MS = 4_000;
const DOCKER_VERSION = "docker version --format '{{.Server.Version}}'";
const VERSION_LINE = /(?:^|\n)\s*\d+\.\d+\.\d+\S*\s*\r?\n/;

const execFileP = promisify(execFile);
const jitter = ([lo, hi]: [number, number]) => lo + Math.random() * (hi - lo);
const p95 = (samples: number[]) => percentile(samples, 95);
function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error)).split("\n")[0]!.slice(0, 200);

// ---- the server process ------------------------------------------------------------------------

function rssBytes(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** CPU time (user + system) of a process so far, in ms. */
function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in ticks (CLK_TCK 100)
  } catch {
    return NaN;
  }
}

function memAvailableBytes(): number {
  const m = /^MemAvailable:\s+(\d+) kB/m.exec(readFileSync("/proc/meminfo", "utf8"));
  return m ? Number(m[1]) * 1024 : os.freemem();
}

/** Samples the server's RSS every 250 ms until stopped: the peak. */
function rssSampler(pid: number): { peak: () => number; stop: () => void } {
  let peak = rssBytes(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssBytes(pid))), 250);
  timer.unref();
  return { peak: () => peak, stop: () => clearInterval(timer) };
}

/** Waits until the server's start-up probe engine has answered (it would otherwise compete with the students). */
async function waitForProbe(wb: BenchWorkbench): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const lines = wb.logLines();
    if (lines.some((l) => l["msg"] === "learner engines start on this host")) {
      // …and its engine is gone.
      while ((await wb.engines()).some((e) => e.running) && Date.now() < deadline) await sleep(250);
      return;
    }
    const failed = lines.find((l) => String(l["msg"]).startsWith("learner engines cannot start"));
    if (failed) throw new Error(`the workbench's probe engine failed: ${JSON.stringify(failed["reason"])}`);
    await sleep(250);
  }
  throw new TimeoutError("the workbench's start-up probe did not finish within 120 s");
}

const engineLimitOf = (wb: BenchWorkbench): number | undefined => {
  const line = wb.logLines().find((l) => l["msg"] === "engine limit");
  return typeof line?.["maxRunning"] === "number" ? line["maxRunning"] : undefined;
};

// ---- one simulated student -------------------------------------------------------------------

interface QueueNotice {
  position: number;
  limit: number;
  message: string;
  atMs: number;
}

class Student {
  socket: BenchSocket | undefined;
  studentId = "";
  t0 = NaN;
  cookieMs = NaN;
  openMs = NaN;
  readyMs = NaN;
  promptMs = NaN;
  readonly queue: QueueNotice[] = [];
  readonly errors: string[] = [];
  readonly echoes: number[] = [];
  readonly commands: number[] = [];
  readonly dockerCommands: number[] = [];
  readonly pings: number[] = [];
  /** Set when the bench closed the socket itself (not an error). */
  leaving = false;
  private wake: (() => void) | undefined;

  constructor(readonly label: string) {}

  get queued(): boolean {
    return this.queue.length > 0;
  }

  /** Cookie, socket, terminal.attach; returns once the socket is open. */
  async arrive(wb: BenchWorkbench): Promise<void> {
    this.t0 = now();
    const cookie = await newStudentCookie(wb, "/steps/1");
    this.studentId = cookie.studentId;
    this.cookieMs = now() - this.t0;
    const socket = await BenchSocket.open(wb, cookie.header);
    this.socket = socket;
    this.openMs = now() - this.t0;
    socket.onMessage = (m, at) => {
      if (m.type === "engine.status") {
        if (m.queue) this.queue.push({ position: m.queue.position, limit: m.queue.limit, message: m.message, atMs: at - this.t0 });
        if (m.state === "ready" && Number.isNaN(this.readyMs)) this.readyMs = at - this.t0;
        if (m.state === "error" || m.state === "stopped") this.errors.push(`engine ${m.state}: ${m.message}`);
      } else if (m.type === "terminal.output") {
        if (Number.isNaN(this.promptMs) && PROMPT_AT_END.test(stripAnsi(socket.terminalText))) this.promptMs = at - this.t0;
      } else if (m.type === "terminal.exit") {
        this.errors.push(`terminal exit: ${m.message}`);
      } else if (m.type === "error") {
        this.errors.push(`server error ${m.code}: ${m.message}`);
      }
      this.wake?.();
    };
    socket.onClose = (code, reason) => {
      if (!this.leaving) this.errors.push(`socket closed by the server (${code}${reason ? ` ${reason}` : ""})`);
      this.wake?.();
    };
    socket.send({ type: "terminal.attach", cols: 120, rows: 30, lastSeq: 0 });
  }

  /** Resolves when `done()` holds, re-tested after every message; false on timeout or a closed socket. */
  async until(done: () => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = now() + timeoutMs;
    while (!done()) {
      const left = deadline - now();
      if (left <= 0 || !this.socket || this.socket.closed) return false;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 1_000));
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
    return true;
  }

  /** Output after `from` (an index into terminalText) matches `re`: the time it took from `sentAt`. */
  async output(from: number, re: RegExp, sentAt: number, timeoutMs: number): Promise<number> {
    const ok = await this.until(() => re.test(stripAnsi(this.socket!.terminalText.slice(from))), timeoutMs);
    if (!ok) throw new TimeoutError(`no ${re} in the terminal within ${fmtMs(timeoutMs)}; it shows ${JSON.stringify(stripAnsi(this.socket!.terminalText.slice(from)).slice(-200))}`);
    return now() - sentAt;
  }

  async prompt(timeoutMs: number): Promise<void> {
    const ok = await this.until(() => PROMPT_AT_END.test(stripAnsi(this.socket!.terminalText)), timeoutMs);
    if (!ok) throw new TimeoutError(`no shell prompt within ${fmtMs(timeoutMs)}`);
  }

  /** Types `command` + Enter and waits for `expect` in what follows, then for the prompt. */
  async run(command: string, expect: RegExp, timeoutMs = COMMAND_TIMEOUT_MS): Promise<number> {
    const socket = this.socket!;
    const from = socket.terminalText.length;
    const sent = now();
    socket.send({ type: "terminal.input", data: `${command}\r` });
    const took = await this.output(from, expect, sent, timeoutMs);
    await this.prompt(timeoutMs);
    return took;
  }

  /** The measured part: pings, keystrokes at a human pace, echo commands, one docker command. */
  async work(): Promise<void> {
    const socket = this.socket!;
    try {
      for (let i = 0; i < PINGS; i++) {
        const t = Date.now() * 1000 + i;
        const sent = now();
        socket.send({ type: "ping", t });
        await socket.next("pong", ECHO_TIMEOUT_MS, (m) => m.t === t);
        this.pings.push(now() - sent);
      }
      await socket.typeTimed(KEYS, {
        timeoutMs: ECHO_TIMEOUT_MS,
        onEcho: (ms) => this.echoes.push(ms),
        onMiss: (i, error) => this.errors.push(`keystroke ${i + 1}: ${errorText(error)}`),
        pause: () => sleep(jitter(KEY_GAP_MS)),
      });
      socket.send({ type: "terminal.input", data: CTRL_U });
      await socket.settle(200, 2_000);
      for (let k = 0; k < COMMANDS; k++) {
        const tag = `load${this.label}x${k}`;
        this.commands.push(await this.run(`echo ${tag}`, new RegExp(`(?:^|\\n)${tag}\\r?\\n`)));
        await sleep(jitter([300, 600]));
      }
      this.dockerCommands.push(await this.run(DOCKER_VERSION, VERSION_LINE, 60_000));
    } catch (error) {
      this.errors.push(`work: ${errorText(error)}`);
    }
  }

  async leave(): Promise<void> {
    this.leaving = true;
    await this.socket?.closeNow();
  }
}

// ---- the ramp ----------------------------------------------------------------------------------

interface LevelOutcome {
  n: number;
  limit: number | undefined;
  admitted: number;
  queued: Student[];
  students: Student[];
  promptMs: number[];
  readyMs: number[];
  echoes: number[];
  commands: number[];
  dockerCommands: number[];
  pings: number[];
  errors: string[];
  serverLogErrors: string[];
  rssIdle: number;
  rssPeak: number;
  /** Server CPU while the students worked, % of one core. */
  serverCpuPercent: number;
  enginesMem: number[];
  enginesPids: number;
  enginesCpuPercent: number;
  memAvailable: number;
  load: string;
  workMs: number;
  /** Students whose engine ran the busy loop while everyone typed. */
  busy: number;
  degraded: string[];
}

async function runLevel(n: number): Promise<LevelOutcome> {
  heading(`load: ${n} student${n === 1 ? "" : "s"} at once${BUSY_SHARE ? `, ${Math.ceil(n * BUSY_SHARE)} of them with a busy engine` : ""}`);
  const env: Record<string, string> = { ENGINE_POOL_SIZE: "0" };
  if (ENGINE_LIMIT) env["ENGINE_MAX_RUNNING"] = ENGINE_LIMIT;
  const began = now();
  const wb = await startBenchWorkbench(env);
  const students = Array.from({ length: n }, (_, i) => new Student(String(i + 1)));
  try {
    await waitForProbe(wb);
    // The server side warmed (page chunks compiled, routes loaded) without creating an engine.
    await fetch(`${wb.url}/steps/1`).then((r) => r.arrayBuffer());
    await sleep(2_000);
    const limit = engineLimitOf(wb);
    const logFrom = wb.logLines().length;
    const rss = rssSampler(wb.pid);
    const rssIdle = rssBytes(wb.pid);

    // Everyone arrives at once.
    await Promise.all(students.map((s) => s.arrive(wb).catch((error: unknown) => void s.errors.push(`arrive: ${errorText(error)}`))));
    // Each either gets a prompt or is told to wait in the queue.
    await Promise.all(
      students.map(async (s) => {
        if (!s.socket) return;
        const settled = await s.until(() => !Number.isNaN(s.promptMs) || (s.queued && Number.isNaN(s.readyMs)), PROMPT_TIMEOUT_MS);
        if (!settled) s.errors.push(`no prompt and no queue place within ${fmtMs(PROMPT_TIMEOUT_MS)}`);
      }),
    );
    const admitted = students.filter((s) => !Number.isNaN(s.promptMs));
    const queued = students.filter((s) => s.queued && Number.isNaN(s.promptMs));
    log(`${admitted.length} at the prompt, ${queued.length} queued; prompt after ${admitted.map((s) => fmtMs(s.promptMs)).join(", ")}`);
    for (const s of admitted) await s.socket!.settle(300, 3_000);

    // Some start a build-like CPU load first (BENCH_LOAD_BUSY), then everyone with a shell works at once.
    const busy = admitted.slice(0, Math.ceil(admitted.length * BUSY_SHARE));
    await Promise.all(busy.map((s) => s.run(BUSY_COMMAND, PROMPT_AT_END).catch((error: unknown) => void s.errors.push(`busy: ${errorText(error)}`))));
    if (busy.length) await sleep(1_000);
    const cpuBefore = cpuMs(wb.pid);
    const workBegan = now();
    await Promise.all(admitted.map((s) => s.work()));
    const workMs = now() - workBegan;
    const serverCpuPercent = ((cpuMs(wb.pid) - cpuBefore) / workMs) * 100;

    const engines = (await wb.engines()).filter((e) => e.running);
    const usage = await Promise.all(engines.map((e) => containerUsage(getHostDocker().getContainer(e.id)).catch(() => undefined)));
    const used = usage.filter((u) => u !== undefined);
    rss.stop();
    const memAvailable = memAvailableBytes();
    const load = os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" / ");
    // Queued students still waiting must not have been given an error by now.
    for (const s of queued) if (!s.socket || s.socket.closed) s.errors.push("the queued student's socket closed");

    const serverLogErrors = wb
      .logLines()
      .slice(logFrom)
      .filter((l) => l["level"] === "error")
      .map((l) => String(l["msg"]));

    const outcome: LevelOutcome = {
      n,
      limit,
      admitted: admitted.length,
      queued,
      students,
      promptMs: admitted.map((s) => s.promptMs),
      readyMs: admitted.map((s) => s.readyMs),
      echoes: admitted.flatMap((s) => s.echoes),
      commands: admitted.flatMap((s) => s.commands),
      dockerCommands: admitted.flatMap((s) => s.dockerCommands),
      pings: admitted.flatMap((s) => s.pings),
      errors: students.flatMap((s) => s.errors.map((e) => `student ${s.label}: ${e}`)),
      serverLogErrors,
      rssIdle,
      rssPeak: rss.peak(),
      serverCpuPercent,
      enginesMem: used.map((u) => u.memBytes),
      enginesPids: used.reduce((a, u) => a + u.pids, 0),
      enginesCpuPercent: used.reduce((a, u) => a + u.cpuPercent, 0),
      memAvailable,
      load,
      workMs,
      busy: busy.length,
      degraded: [],
    };
    outcome.degraded = degradation(outcome);
    printLevel(outcome);
    return outcome;
  } finally {
    await Promise.all(students.map((s) => s.leave()));
    const stopping = now();
    await wb.close();
    log(`level N=${n} took ${fmtMs(now() - began)} (of which stopping the workbench and removing its engines ${fmtMs(now() - stopping)})`);
  }
}

function degradation(o: LevelOutcome): string[] {
  const why: string[] = [];
  if (o.errors.length) why.push(`${o.errors.length} error(s)`);
  if (o.serverLogErrors.length) why.push(`${o.serverLogErrors.length} server error log line(s)`);
  if (p95(o.echoes) > ECHO_P95_LIMIT_MS) why.push(`echo p95 ${fmtMs(p95(o.echoes))} > ${fmtMs(ECHO_P95_LIMIT_MS)}`);
  if (p95(o.commands) > CMD_P95_LIMIT_MS) why.push(`command p95 ${fmtMs(p95(o.commands))} > ${fmtMs(CMD_P95_LIMIT_MS)}`);
  if (p95(o.promptMs) > PROMPT_P95_LIMIT_MS) why.push(`time to prompt p95 ${fmtMs(p95(o.promptMs))} > ${fmtMs(PROMPT_P95_LIMIT_MS)}`);
  return why;
}

function printLevel(o: LevelOutcome): void {
  const row = (name: string, samples: number[]) => {
    const s = stats(samples);
    return [name, String(s.n), fmtMs(s.median), fmtMs(p95(samples)), fmtMs(s.p99), fmtMs(s.max)];
  };
  log(
    table(
      ["figure", "n", "p50", "p95", "p99", "max"],
      [
        row("time to prompt (GET page → prompt)", o.promptMs),
        row("  of which engine ready msg", o.readyMs),
        row("ws ping/pong", o.pings),
        row("keystroke echo", o.echoes),
        row("`echo` command round trip", o.commands),
        row("`docker version` round trip", o.dockerCommands),
      ],
    ),
  );
  const mem = o.enginesMem;
  log(
    `server RSS ${fmtMiB(o.rssIdle)} idle → peak ${fmtMiB(o.rssPeak)}; server CPU ${o.serverCpuPercent.toFixed(0)} % of a core while the students worked (${fmtMs(o.workMs)}); ` +
      `engines (${mem.length}): ${fmtMiB(mem.reduce((a, b) => a + b, 0))} in all, ${fmtMiB(stats(mem).max)} max, ${o.enginesPids} pids, CPU ${o.enginesCpuPercent.toFixed(0)} %; ` +
      `host MemAvailable ${fmtMiB(o.memAvailable)}; load ${o.load}`,
  );
  if (o.queued.length) {
    log(`queued (engine limit ${o.limit ?? "?"}): ${o.queued.map((s) => `student ${s.label} told ${s.queue.map((q) => q.position).join("→")}`).join("; ")}`);
    log(`  message: ${o.queued[0]!.queue[0]!.message}`);
  }
  for (const e of o.errors.slice(0, 10)) log(`error: ${e}`);
  for (const e of o.serverLogErrors.slice(0, 5)) log(`server logged error: ${e}`);
  log(o.degraded.length ? `DEGRADED at N=${o.n}: ${o.degraded.join("; ")}` : `N=${o.n}: not degraded`);
}

// ---- the baseline: the same shell without the workbench --------------------------------------

interface Baseline {
  echoes: number[];
  commands: number[];
  cliExec: number[];
}

async function baseline(): Promise<Baseline> {
  heading("baseline: the learner's shell without the workbench (Docker API TTY exec, docker CLI)");
  const wb = await startBenchWorkbench({ ENGINE_POOL_SIZE: "0" });
  const student = new Student("b");
  try {
    await waitForProbe(wb);
    await student.arrive(wb);
    await student.prompt(PROMPT_TIMEOUT_MS);
    const engine = (await wb.engines()).find((e) => e.running && e.student === student.studentId) ?? (await wb.engines()).find((e) => e.running);
    if (!engine) throw new Error("no running engine for the baseline");
    const container = getHostDocker().getContainer(engine.id);
    const exec = await container.exec({
      Cmd: ["bash", "-l"],
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: true,
      User: LEARNER_USER,
      WorkingDir: LEARNER_WORKSPACE,
      Env: ["TERM=xterm-256color", `DOCKER_HOST=${INNER_DOCKER_HOST}`, "COLUMNS=120", "LINES=30"],
    });
    const stream = (await exec.start({ hijack: true, stdin: true, Tty: true })) as unknown as Duplex;
    const closeStream = onCleanup("baseline exec", () => void stream.destroy());
    let text = "";
    let wake: (() => void) | undefined;
    stream.on("data", (d: Buffer) => {
      text += d.toString("utf8");
      wake?.();
    });
    const waitFor = async (test: () => boolean, timeoutMs: number, what: string) => {
      const deadline = now() + timeoutMs;
      while (!test()) {
        const left = deadline - now();
        if (left <= 0) throw new TimeoutError(`baseline: no ${what} within ${fmtMs(timeoutMs)}`);
        await new Promise<void>((r) => {
          const t = setTimeout(r, Math.min(left, 500));
          wake = () => {
            clearTimeout(t);
            r();
          };
        });
        wake = undefined;
      }
    };
    await waitFor(() => PROMPT_AT_END.test(stripAnsi(text)), 30_000, "prompt");
    await sleep(500);
    const echoes: number[] = [];
    for (let i = 0; i < KEYS; i++) {
      if (i > 0 && i % ECHO_LINE_CHARS === 0) {
        stream.write(CTRL_U);
        await sleep(300);
      }
      const ch = ECHO_CHARS[i % ECHO_CHARS.length]!;
      const from = text.length;
      const sent = now();
      stream.write(ch);
      await waitFor(() => text.slice(from).includes(ch), ECHO_TIMEOUT_MS, "echo");
      echoes.push(now() - sent);
      await sleep(jitter(KEY_GAP_MS));
    }
    stream.write(CTRL_U);
    await sleep(300);
    const commands: number[] = [];
    for (let k = 0; k < Math.max(COMMANDS, 3); k++) {
      const tag = `base${k}`;
      const from = text.length;
      const sent = now();
      stream.write(`echo ${tag}\r`);
      const re = new RegExp(`(?:^|\\n)${tag}\\r?\\n`);
      await waitFor(() => re.test(stripAnsi(text.slice(from))), COMMAND_TIMEOUT_MS, "command output");
      commands.push(now() - sent);
      await waitFor(() => PROMPT_AT_END.test(stripAnsi(text)), COMMAND_TIMEOUT_MS, "prompt");
      await sleep(300);
    }
    await closeStream();
    const cliExec: number[] = [];
    for (let k = 0; k < 5; k++) {
      const sent = now();
      const { stdout } = await execFileP("docker", ["exec", "-u", LEARNER_USER, engine.name, "echo", "hi"], { timeout: 30_000 });
      if (stdout.trim() !== "hi") throw new Error(`docker exec echo hi printed ${JSON.stringify(stdout)}`);
      cliExec.push(now() - sent);
    }
    const fmt = (xs: number[]) => `p50 ${fmtMs(stats(xs).median)}, p95 ${fmtMs(p95(xs))}, max ${fmtMs(stats(xs).max)} (n=${xs.length})`;
    log(`direct TTY exec keystroke echo: ${fmt(echoes)}`);
    log(`direct TTY exec \`echo\` round trip: ${fmt(commands)}`);
    log(`docker exec <engine> echo hi (CLI, new process each): ${fmt(cliExec)}`);
    return { echoes, commands, cliExec };
  } finally {
    await student.leave();
    await wb.close();
  }
}

// ---- the queue -------------------------------------------------------------------------------

interface QueueCheck {
  what: string;
  ok: boolean;
  detail: string;
}

interface QueueOutcome {
  limit: number;
  checks: QueueCheck[];
  notices: { label: string; notices: QueueNotice[] }[];
  /** Holders left → the first waiter's prompt. */
  servedAfterMs: number[];
  maxEngines: number;
}

async function runQueue(): Promise<QueueOutcome> {
  heading(`load: the queue (ENGINE_MAX_RUNNING=${QUEUE_LIMIT}, ENGINE_IDLE_MINUTES=1)`);
  const wb = await startBenchWorkbench({ ENGINE_POOL_SIZE: "0", ENGINE_MAX_RUNNING: String(QUEUE_LIMIT), ENGINE_IDLE_MINUTES: "1" });
  const checks: QueueCheck[] = [];
  const check = (what: string, ok: boolean, detail = "") => {
    checks.push({ what, ok, detail });
    log(`${ok ? "ok  " : "FAIL"} ${what}${detail ? `: ${detail}` : ""}`);
  };
  const holders = Array.from({ length: QUEUE_LIMIT }, (_, i) => new Student(`h${i + 1}`));
  const waiters = [new Student("w1"), new Student("w2"), new Student("w3")];
  let maxEngines = 0;
  let watching = true;
  let watcher: Promise<void> = Promise.resolve();
  try {
    await waitForProbe(wb);
    watcher = (async () => {
      while (watching) {
        const running = (await wb.engines().catch(() => [])).filter((e) => e.running).length;
        maxEngines = Math.max(maxEngines, running);
        await sleep(500);
      }
    })();
    check("the server's engine limit", engineLimitOf(wb) === QUEUE_LIMIT, `logged maxRunning ${engineLimitOf(wb)}`);
    await Promise.all(holders.map((s) => s.arrive(wb)));
    await Promise.all(holders.map((s) => s.prompt(PROMPT_TIMEOUT_MS)));
    check(
      `${QUEUE_LIMIT} student(s) up to the limit get a prompt`,
      holders.every((s) => !s.queued && !s.errors.length),
      holders.map((s) => fmtMs(s.promptMs)).join(", "),
    );

    // Three more, one after the other: places 1, 2, 3.
    for (const [i, s] of waiters.entries()) {
      await s.arrive(wb);
      await s.until(() => s.queued, QUEUED_WAIT_MS);
      const notice = s.queue[0];
      check(
        `student ${i + 1} beyond the limit is told place ${i + 1}`,
        notice?.position === i + 1 && notice.limit === QUEUE_LIMIT && notice.message.includes(`number ${i + 1} in the queue`),
        notice ? `${notice.message} (queue ${notice.position}/${notice.limit}, after ${fmtMs(notice.atMs)})` : "no queue message",
      );
      s.socket!.send({ type: "terminal.input", data: `echo typed-while-queued-${s.label}\r` });
    }
    await sleep(QUEUED_WAIT_MS);
    const enginesNow = (await wb.engines()).filter((e) => e.running);
    check(
      "no engine is started for a queued student",
      enginesNow.length === QUEUE_LIMIT && waiters.every((w) => !enginesNow.some((e) => e.student === w.studentId)),
      `${enginesNow.length} engines running`,
    );
    check(
      "queued students get no error and no ready",
      waiters.every((w) => !w.errors.length && Number.isNaN(w.readyMs)),
      waiters.flatMap((w) => w.errors).join("; "),
    );
    const pings = await Promise.all(
      waiters.map(async (w) => {
        const t = Date.now() * 1000 + 7;
        const sent = now();
        w.socket!.send({ type: "ping", t });
        await w.socket!.next("pong", ECHO_TIMEOUT_MS, (m) => m.t === t);
        return now() - sent;
      }),
    ).catch((error: unknown) => errorText(error));
    check("a queued student's socket answers pings", Array.isArray(pings), Array.isArray(pings) ? pings.map(fmtMs).join(", ") : pings);

    // The second leaves the queue: the third moves up.
    const [w1, w2, w3] = waiters as [Student, Student, Student];
    await w2.leave();
    const movedUp = await w3.until(() => w3.queue.some((q) => q.position === 2), QUEUED_WAIT_MS);
    check("when the student ahead leaves the queue, the one behind is told it moved up", movedUp, w3.queue.map((q) => q.position).join(" → "));

    // The students with engines leave; after the idle time their engines go and the queue is served.
    const left = now();
    await Promise.all(holders.map((s) => s.leave()));
    const served = await Promise.all(
      [w1, w3].map(async (w) => {
        const ok = await w.until(() => !Number.isNaN(w.promptMs), 60_000 + PROMPT_TIMEOUT_MS);
        return ok ? now() - left : NaN;
      }),
    );
    check(
      "queued students are served once the others' engines are removed (idle 1 min)",
      served.every((ms) => Number.isFinite(ms)),
      `prompt ${served.map(fmtMs).join(", ")} after the others left; w3 told ${w3.queue.map((q) => q.position).join(" → ")}`,
    );
    const earlyRan = [w1, w3].map((w) => new RegExp(`(?:^|\\n)typed-while-queued-${w.label}\\r?\\n`).test(stripAnsi(w.socket!.terminalText)));
    check("what they typed while queued ran once their shell started", earlyRan.every(Boolean), earlyRan.join(", "));
    const rt = await Promise.all([w1, w3].map((w) => w.run(`echo served-${w.label}`, new RegExp(`(?:^|\\n)served-${w.label}\\r?\\n`)).catch((e: unknown) => errorText(e))));
    check(
      "their terminal works",
      rt.every((x) => typeof x === "number"),
      rt.map((x) => (typeof x === "number" ? fmtMs(x) : x)).join(", "),
    );
    check(
      "served students had no error",
      [w1, w3].every((w) => !w.errors.length),
      [w1, w3].flatMap((w) => w.errors).join("; "),
    );
    watching = false;
    await watcher;
    check(`never more than ${QUEUE_LIMIT} engines of this workbench running`, maxEngines <= QUEUE_LIMIT, `max seen ${maxEngines}`);
    const serverErrors = wb
      .logLines()
      .filter((l) => l["level"] === "error")
      .map((l) => String(l["msg"]));
    check("the server logged no error", serverErrors.length === 0, serverErrors.slice(0, 3).join("; "));
    return {
      limit: QUEUE_LIMIT,
      checks,
      notices: waiters.map((w) => ({ label: w.label, notices: w.queue })),
      servedAfterMs: served,
      maxEngines,
    };
  } finally {
    watching = false;
    await watcher;
    await Promise.all([...holders, ...waiters].map((s) => s.leave()));
    await wb.close();
  }
}

// ---- the benchmark -----------------------------------------------------------------------------

export type LoadPart = "ramp" | "queue";

const figures = (samples: number[], ps: number[] = [50, 95]) => (samples.length ? ps.map((p) => `p${p} ${fmtMs(p === 50 ? stats(samples).median : percentile(samples, p))}`).join(", ") : "n/a");

export async function benchLoad(parts: LoadPart[] = ["ramp", "queue"]): Promise<BenchResult> {
  const rows: SummaryRow[] = [];
  const notes: string[] = [`machine at start: ${machineLine()}`];
  if (parts.includes("ramp")) {
    if (!LEVELS.length) throw new Error(`no level of BENCH_LOAD_LEVELS is ≤ BENCH_LOAD_MAX (${MAX_STUDENTS})`);
    const base = process.env.BENCH_LOAD_BASELINE === "0" ? undefined : await baseline();
    const outcomes: LevelOutcome[] = [];
    for (const n of LEVELS) outcomes.push(await runLevel(n));

    heading("load: ramp");
    log(
      table(
        [
          "N",
          "limit",
          "busy",
          "prompt",
          "queued",
          "prompt p50",
          "p95",
          "max",
          "echo p50",
          "p95",
          "p99",
          "cmd p50",
          "p95",
          "docker cmd p50",
          "ping p95",
          "errors",
          "server RSS peak",
          "server CPU",
          "engines mem",
          "load 1 min",
          "verdict",
        ],
        outcomes.map((o) => [
          String(o.n),
          String(o.limit ?? "?"),
          String(o.busy),
          String(o.admitted),
          o.queued.length ? `${o.queued.length} (${o.queued.map((s) => s.queue.map((q) => q.position).join("→")).join(", ")})` : "0",
          fmtMs(stats(o.promptMs).median),
          fmtMs(p95(o.promptMs)),
          fmtMs(stats(o.promptMs).max),
          fmtMs(stats(o.echoes).median),
          fmtMs(p95(o.echoes)),
          fmtMs(percentile(o.echoes, 99)),
          fmtMs(stats(o.commands).median),
          fmtMs(p95(o.commands)),
          fmtMs(stats(o.dockerCommands).median),
          fmtMs(p95(o.pings)),
          String(o.errors.length + o.serverLogErrors.length),
          fmtMiB(o.rssPeak),
          `${o.serverCpuPercent.toFixed(0)} %`,
          `${fmtMiB(o.enginesMem.reduce((a, b) => a + b, 0))} (${fmtMiB(stats(o.enginesMem).mean)} each)`,
          o.load.split(" / ")[0]!,
          o.degraded.length ? `DEGRADED: ${o.degraded.join("; ")}` : "ok",
        ]),
      ),
    );
    const first = outcomes.find((o) => o.degraded.length);
    const verdict = first ? `degrades at N=${first.n}: ${first.degraded.join("; ")}` : `no degradation up to N=${outcomes.at(-1)!.n} (the largest level run)`;
    log(`\n${verdict}`);
    log(`degraded = any error, or keystroke echo p95 > ${fmtMs(ECHO_P95_LIMIT_MS)}, or \`echo\` command p95 > ${fmtMs(CMD_P95_LIMIT_MS)}, or time to prompt p95 > ${fmtMs(PROMPT_P95_LIMIT_MS)}`);
    if (base) log(`baseline without the workbench: TTY exec echo ${figures(base.echoes)}; \`echo\` ${figures(base.commands)}; docker exec CLI ${figures(base.cliExec)}`);
    rows.push({ figure: "load: degradation point", value: first ? `N=${first.n}` : `none ≤ ${outcomes.at(-1)!.n}`, detail: first ? first.degraded.join("; ") : "" });
    for (const o of outcomes) {
      rows.push({
        figure: `load N=${o.n} (${o.admitted} at prompt, ${o.queued.length} queued${o.busy ? `, ${o.busy} busy` : ""})`,
        value: `echo p95 ${fmtMs(p95(o.echoes))}`,
        detail:
          `prompt ${figures(o.promptMs)}, max ${fmtMs(stats(o.promptMs).max)}; echo ${figures(o.echoes, [50, 99])}; cmd ${figures(o.commands)}; errors ${o.errors.length + o.serverLogErrors.length}; ` +
          `server RSS ${fmtMiB(o.rssPeak)}; engines ${fmtMiB(o.enginesMem.reduce((a, b) => a + b, 0))}; load ${o.load.split(" / ")[0]}${o.degraded.length ? "; DEGRADED" : ""}`,
      });
    }
    if (base)
      rows.push({
        figure: "load baseline: TTY exec echo (no workbench)",
        value: `p50 ${fmtMs(stats(base.echoes).median)}`,
        detail: `p95 ${fmtMs(p95(base.echoes))}; echo cmd ${figures(base.commands)}; docker exec CLI ${figures(base.cliExec)}`,
      });
  }
  if (parts.includes("queue")) {
    const q = await runQueue();
    const failed = q.checks.filter((c) => !c.ok);
    rows.push({
      figure: `load: queue beyond ENGINE_MAX_RUNNING=${q.limit}`,
      value: failed.length ? "BROKEN" : "holds",
      detail: failed.length
        ? failed.map((c) => `${c.what}: ${c.detail}`).join("; ")
        : `${q.checks.length} checks; served ${q.servedAfterMs.map(fmtMs).join(", ")} after the others left (idle 1 min); max ${q.maxEngines} engines`,
    });
    const first = q.notices.find((n) => n.notices.length)?.notices[0];
    if (first) notes.push(`queue message: "${first.message}"`);
    if (failed.length) notes.push(`queue: ${failed.length} check(s) failed`);
  }
  notes.push(`machine at end: ${machineLine()}`);
  return { name: "load", rows, notes };
}

export const LOAD_LIMIT_MS = 25 * 60_000;

if (require.main === module) {
  const picked = process.argv.slice(2).filter((a): a is LoadPart => a === "ramp" || a === "queue");
  runStandalone("load", LOAD_LIMIT_MS, () => benchLoad(picked.length ? picked : undefined));
}
