/**
 * Terminal echo while builds run, with the engines' builds at the terminal's priority and below it
 * (ENGINE_NICE). For each niceness in BENCH_ECHO_BUILD_NICES ("0,10"; 0 = no difference, as before
 * ENGINE_NICE existed), a fresh workbench (pool off) and one student at a prompt over /ws, then
 * keystroke echo (as bench/terminal-echo.ts: one character at a time, 50 ms between them) in three
 * situations:
 *
 * - idle: nothing else runs;
 * - own build: the student's own engine builds a CPU-bound Dockerfile (a RUN with
 *   BENCH_ECHO_BUILD_LOOPS busy loops, 2 by default: a parallel build that wants more than the
 *   engine's CPU limit), started through its Docker API as a Check's build is;
 * - others build: BENCH_ECHO_BUILD_OTHERS (2) other students' engines each run that build, the
 *   student's own engine is idle.
 *
 * Each build is stopped (its loops killed) once the keys are typed. Prints echo p50/p95/p99 per
 * niceness and situation, and the niceness the build's loops ran at.
 *
 *   npm run bench -- echo-build        or        npx tsx bench/echo-under-build.ts
 */
import { fmtMs, heading, log, machineLine, onCleanup, pollUntil, runStandalone, sleep, stats, table, type BenchResult, type Stats } from "./lib/common";
import { startBenchWorkbench, studentAtPrompt } from "./lib/workbench";
import { BenchSocket, CTRL_U } from "./lib/ws-client";
import { getHostDocker } from "../server/sandbox/host-docker";
import { execCommand } from "../server/sandbox/exec-command";
import { INNER_DOCKER_HOST, LEARNER_USER } from "../server/sandbox/engine-options";

const NICES = (process.env.BENCH_ECHO_BUILD_NICES ?? "0,10").split(",").map(Number);
const KEYS = Number(process.env.BENCH_ECHO_BUILD_KEYS ?? 200);
const LOOPS = Number(process.env.BENCH_ECHO_BUILD_LOOPS ?? 2);
const OTHERS = Number(process.env.BENCH_ECHO_BUILD_OTHERS ?? 2);
const BUSY_MARK = "wb-bench-busy";
const BUILD_SECONDS = 600;
/** A RUN with LOOPS busy loops, each named by BUSY_MARK so that they can be found and stopped. */
const BUILD_SCRIPT = [
  "mkdir -p /tmp/busy-build && cd /tmp/busy-build &&",
  `printf 'FROM debian:bookworm\\nRUN for i in $(seq ${LOOPS}); do timeout ${BUILD_SECONDS} sh -c "while :; do :; done # ${BUSY_MARK}" & done; wait; true\\n' > Dockerfile &&`,
  "docker build --no-cache -q . >/dev/null 2>&1",
].join(" ");

type Situation = "idle" | "own build" | "others build";

interface Outcome {
  nice: number;
  situation: Situation;
  echo: Stats & { p95: number };
  misses: number;
  /** The niceness `ps` shows for the build's loops (empty when idle). */
  buildNice: string;
}

const containerOf = (studentId: string) => getHostDocker().getContainer(`wb-server-engine-${studentId}`);

const asLearner = (studentId: string, script: string, timeoutMs: number) =>
  execCommand(containerOf(studentId), { cmd: ["bash", "-c", script], user: LEARNER_USER, env: [`DOCKER_HOST=${INNER_DOCKER_HOST}`], timeoutMs });

/** Starts the build in the student's engine (not awaited) and waits until its loops run. Returns their niceness. */
async function startBuild(studentId: string): Promise<string> {
  void asLearner(studentId, BUILD_SCRIPT, (BUILD_SECONDS + 60) * 1000).catch(() => undefined);
  return pollUntil(
    async () => {
      const ps = await asLearner(studentId, `ps -eo ni=,args= | grep -F '# ${BUSY_MARK}' | grep -v grep | grep -v timeout`, 10_000);
      const nices = ps.output.trim().split("\n").filter(Boolean);
      return nices.length >= LOOPS ? [...new Set(nices.map((l) => l.trim().split(/\s+/)[0]))].join("/") : undefined;
    },
    180_000,
    `the build's loops in ${studentId}'s engine`,
    1_000,
  );
}

const stopBuild = (studentId: string) => asLearner(studentId, `pkill -f '${BUSY_MARK}'; true`, 10_000).catch(() => undefined);

/** Nearest-rank 95th percentile. */
const p95 = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.max(0, Math.ceil(0.95 * samples.length) - 1)] ?? NaN;

async function typeKeys(socket: BenchSocket): Promise<{ echo: Outcome["echo"]; misses: number }> {
  const echoes: number[] = [];
  let misses = 0;
  await socket.typeTimed(KEYS, { timeoutMs: 5_000, onEcho: (ms) => echoes.push(ms), onMiss: () => misses++, pause: () => sleep(50) });
  socket.send({ type: "terminal.input", data: CTRL_U });
  await socket.settle(200, 2_000);
  return { echo: { ...stats(echoes), p95: p95(echoes) }, misses };
}

async function measureAt(nice: number): Promise<Outcome[]> {
  heading(`echo under builds: ENGINE_NICE=${nice}`);
  log(`machine: ${machineLine()}`);
  const wb = await startBenchWorkbench({ ENGINE_POOL_SIZE: "0", ENGINE_NICE: String(nice) });
  const outcomes: Outcome[] = [];
  try {
    const me = await studentAtPrompt(wb);
    const others: { socket: BenchSocket; studentId: string }[] = [];
    for (let i = 0; i < OTHERS; i++) others.push(await studentAtPrompt(wb));
    const stopAll = onCleanup("busy builds", async () => void (await Promise.all([me, ...others].map((s) => stopBuild(s.studentId)))));

    outcomes.push({ nice, situation: "idle", ...(await typeKeys(me.socket)), buildNice: "" });

    const ownNice = await startBuild(me.studentId);
    await sleep(1_000);
    outcomes.push({ nice, situation: "own build", ...(await typeKeys(me.socket)), buildNice: ownNice });
    await stopBuild(me.studentId);
    await sleep(2_000);

    const othersNice = (await Promise.all(others.map((o) => startBuild(o.studentId)))).join(", ");
    await sleep(1_000);
    outcomes.push({ nice, situation: "others build", ...(await typeKeys(me.socket)), buildNice: othersNice });
    await stopAll();
    for (const o of outcomes) log(`  ${o.situation}: echo p50 ${fmtMs(o.echo.median)}, p95 ${fmtMs(o.echo.p95)}, p99 ${fmtMs(o.echo.p99)}${o.buildNice ? ` (build at nice ${o.buildNice})` : ""}`);
    for (const s of [me, ...others]) await s.socket.closeNow();
  } finally {
    await wb.close();
  }
  return outcomes;
}

export async function benchEchoUnderBuild(): Promise<BenchResult> {
  const outcomes: Outcome[] = [];
  for (const nice of NICES) outcomes.push(...(await measureAt(nice)));
  heading("terminal echo while builds run");
  log(
    table(
      ["ENGINE_NICE", "situation", "keys", "echo p50", "p95", "p99", "max", "no echo", "build's niceness"],
      outcomes.map((o) => [String(o.nice), o.situation, String(o.echo.n), fmtMs(o.echo.median), fmtMs(o.echo.p95), fmtMs(o.echo.p99), fmtMs(o.echo.max), String(o.misses), o.buildNice || "-"]),
    ),
  );
  log(`(builds: a RUN with ${LOOPS} busy loops; others: ${OTHERS} other engines; engines limited as the server's defaults unless ENGINE_CPUS etc. are set)`);
  return {
    name: "echo-under-build",
    rows: outcomes.map((o) => ({
      figure: `echo, ${o.situation}, ENGINE_NICE=${o.nice}`,
      value: `p50 ${fmtMs(o.echo.median)}`,
      detail: `p95 ${fmtMs(o.echo.p95)}, p99 ${fmtMs(o.echo.p99)}, max ${fmtMs(o.echo.max)}${o.misses ? `, ${o.misses} without echo` : ""}`,
    })),
    notes: [],
  };
}

export const ECHO_BUILD_LIMIT_MS = 20 * 60_000;

if (require.main === module) runStandalone("echo-under-build", ECHO_BUILD_LIMIT_MS, benchEchoUnderBuild);
