/**
 * `npm run bench` runs every benchmark in sequence and prints a summary table;
 * `npm run bench -- echo check` runs only those. Names: session (session-start), check
 * (check-duration), echo (terminal-echo), echo-build (echo-under-build: echo while builds run), memory (engine-memory), cluster (cluster-start), footprint
 * (learner-footprint), load (N students at once, and the engine queue), cache (package-cache: step 1
 * built cold by several students beside the docker CLI), class (N students press Check on step 1
 * within a minute: bench/class.ts), layer-cache (a first Check whose Dockerfile cannot use the class-wide
 * layer cache, with and without pulling it first), prefetch (layer-cache-prefetch: the first Check of step 1's
 * reference in a fresh engine, the cache pulled on the save 30 s before against pulled by the Check). These print figures; they are
 * not tests. Every benchmark has a time limit and cleans up (workbench stopped, engines removed)
 * even when it fails or is interrupted; a failing benchmark is reported and the others still run.
 *
 * Knobs (environment): BENCH_SESSION_SAMPLES (3), BENCH_ECHO_SAMPLES (300), BENCH_MEMORY_IDLE_S
 * (20), BENCH_CLUSTER_SAMPLES (3), BENCH_CHECK_WS=0 (skip the websocket check run), BENCH_MEMORY_APP=0 (skip the figure with
 * the step-1 app running), BENCH_FOOTPRINT_STEPS ("1,2,3,4,5,6,7,8,9"), BENCH_FOOTPRINT_SETTLE_S (20), BENCH_LOAD_LEVELS ("1,2,4,6,8,12"),
 * BENCH_LOAD_MAX (8), BENCH_LOAD_ENGINES, BENCH_LOAD_KEYS (40), BENCH_LOAD_COMMANDS (3), BENCH_LOAD_QUEUE_LIMIT (2),
 * BENCH_LOAD_ECHO_P95_MS (100), BENCH_CACHE_STUDENTS (3), BENCH_LOAD_CMD_P95_MS (1000), BENCH_LOAD_PROMPT_P95_MS (30000), ENGINE_MEMORY_MB / ENGINE_CPUS / ENGINE_PIDS (engine limits).
 */
import { execSync } from "node:child_process";
import { heading, inWorker, log, machineLine, fmtMs, now, runBench, table, type BenchResult } from "./lib/common";
import { benchSessionStart, SESSION_LIMIT_MS } from "./session-start";
import { benchCheckDuration, CHECK_LIMIT_MS } from "./check-duration";
import { benchTerminalEcho, ECHO_LIMIT_MS } from "./terminal-echo";
import { benchEchoUnderBuild, ECHO_BUILD_LIMIT_MS } from "./echo-under-build";
import { benchEngineMemory, MEMORY_LIMIT_MS } from "./engine-memory";
import { benchClusterStart, CLUSTER_LIMIT_MS } from "./cluster-start";
import { benchLearnerFootprint, FOOTPRINT_LIMIT_MS } from "./learner-footprint";
import { benchLoad, LOAD_LIMIT_MS } from "./load";
import { benchPackageCache, CACHE_LIMIT_MS } from "./package-cache";
import { benchClass, CLASS_LIMIT_MS } from "./class";
import { benchLayerCacheFirstCheck, FIRST_CHECK_LIMIT_MS } from "./layer-cache-first-check";
import { benchLayerCachePrefetch, PREFETCH_LIMIT_MS } from "./layer-cache-prefetch";

interface Entry {
  name: string;
  aliases: string[];
  limitMs: number;
  run: () => Promise<BenchResult>;
}

// Cheap ones first, so their figures exist even if a long one fails.
const BENCHES: Entry[] = [
  { name: "terminal-echo", aliases: ["echo", "terminal"], limitMs: ECHO_LIMIT_MS, run: benchTerminalEcho },
  { name: "echo-under-build", aliases: ["echo-build"], limitMs: ECHO_BUILD_LIMIT_MS, run: benchEchoUnderBuild },
  { name: "session-start", aliases: ["session", "start"], limitMs: SESSION_LIMIT_MS, run: () => benchSessionStart() },
  { name: "engine-memory", aliases: ["memory", "mem"], limitMs: MEMORY_LIMIT_MS, run: benchEngineMemory },
  { name: "cluster-start", aliases: ["cluster", "swarm"], limitMs: CLUSTER_LIMIT_MS, run: benchClusterStart },
  { name: "check-duration", aliases: ["check", "grade"], limitMs: CHECK_LIMIT_MS, run: benchCheckDuration },
  { name: "learner-footprint", aliases: ["footprint", "disk"], limitMs: FOOTPRINT_LIMIT_MS, run: benchLearnerFootprint },
  { name: "load", aliases: ["students"], limitMs: LOAD_LIMIT_MS, run: () => benchLoad() },
  { name: "package-cache", aliases: ["cache", "apt"], limitMs: CACHE_LIMIT_MS, run: benchPackageCache },
  { name: "layer-cache-first-check", aliases: ["layer-cache", "first-check"], limitMs: FIRST_CHECK_LIMIT_MS, run: benchLayerCacheFirstCheck },
  { name: "layer-cache-prefetch", aliases: ["prefetch"], limitMs: PREFETCH_LIMIT_MS, run: benchLayerCachePrefetch },
  { name: "class", aliases: ["classroom"], limitMs: CLASS_LIMIT_MS, run: benchClass },
];

function pick(args: string[]): Entry[] {
  if (args.length === 0) return BENCHES;
  const chosen: Entry[] = [];
  for (const arg of args) {
    const entry = BENCHES.find((b) => b.name === arg || b.aliases.includes(arg));
    if (!entry) {
      const names = BENCHES.map((b) => `${b.name} (${b.aliases.join(", ")})`).join("; ");
      process.stderr.write(`unknown benchmark "${arg}"; choose from: ${names}\n`);
      process.exit(2);
    }
    if (!chosen.includes(entry)) chosen.push(entry);
  }
  return chosen;
}

function gitRevision(): string {
  try {
    const rev = execSync("git rev-parse --short HEAD", { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    const dirty = execSync("git status --porcelain --untracked-files=no", { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    return dirty ? `${rev} + uncommitted changes` : rev;
  } catch {
    return "unknown revision";
  }
}

async function main(): Promise<void> {
  const chosen = pick(process.argv.slice(2));
  const startedAt = new Date();
  const machineBefore = machineLine();
  log(`benchmarks: ${chosen.map((b) => b.name).join(", ")}`);
  log(`machine: ${machineBefore}; code ${gitRevision()}`);

  const results: { entry: Entry; result?: BenchResult; error?: string; ms: number }[] = [];
  for (const entry of chosen) {
    const began = now();
    try {
      const result = await runBench(entry.name, entry.limitMs, entry.run);
      results.push({ entry, result, ms: now() - began });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`\n${entry.name} FAILED: ${error instanceof Error ? (error.stack ?? message) : message}\n`);
      results.push({ entry, error: message.split("\n")[0]!, ms: now() - began });
    }
  }

  heading(`summary (${startedAt.toISOString()})`);
  log(`machine at start: ${machineBefore}`);
  log(`machine at end:   ${machineLine()}`);
  const rows: string[][] = [];
  for (const { entry, result, error, ms } of results) {
    if (error) rows.push([entry.name, "FAILED", "", error.slice(0, 160)]);
    for (const row of result?.rows ?? []) rows.push([entry.name, row.figure, row.value, row.detail ?? ""]);
    rows.push([entry.name, "(benchmark wall time)", fmtMs(ms), ""]);
  }
  log(table(["benchmark", "figure", "value", "detail"], rows));
  const notes = results.flatMap(({ entry, result }) => (result?.notes ?? []).map((n) => `${entry.name}: ${n}`));
  if (notes.length) log(`\n${notes.map((n) => `- ${n}`).join("\n")}`);
  for (const { result } of results) if (result?.finalLine) log(result.finalLine);
  process.exit(results.some((r) => r.error) ? 1 : 0);
}

if (inWorker()) void main();
