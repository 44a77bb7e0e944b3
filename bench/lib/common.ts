/**
 * Shared pieces of the benchmarks: statistics, formatting, time limits, and a cleanup registry
 * that runs on success, on failure and on Ctrl-C / SIGTERM, so no workbench or engine outlives a
 * benchmark. Benchmarks print figures; they assert nothing beyond sanity.
 */
import { spawn } from "node:child_process";
import os from "node:os";

// ---- results ---------------------------------------------------------------------------------

/** One line of the final summary table. */
export interface SummaryRow {
  figure: string;
  value: string;
  detail?: string;
}

export interface BenchResult {
  name: string;
  rows: SummaryRow[];
  notes: string[];
  /** Printed as the very last line of the output (after the summary), e.g. the class benchmark's one-line figure. */
  finalLine?: string;
}

// ---- statistics ------------------------------------------------------------------------------

export interface Stats {
  n: number;
  min: number;
  median: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile (p in 0–100) of a sorted array. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  const median = n === 0 ? NaN : n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  return {
    n,
    min: sorted[0] ?? NaN,
    median,
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted[n - 1] ?? NaN,
    mean: n ? sorted.reduce((a, b) => a + b, 0) / n : NaN,
  };
}

export const median = (samples: number[]) => stats(samples).median;

// ---- formatting ------------------------------------------------------------------------------

/** 0.84 ms, 12.3 ms, 845 ms, 3.42 s, 2 min 05 s */
export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return "n/a";
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${ms.toFixed(0)} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(2)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
}

export const fmtMiB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** A plain text table with padded columns. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

export function log(message: string): void {
  process.stdout.write(`${message}\n`);
}

export function heading(title: string): void {
  log(`\n=== ${title} ${"=".repeat(Math.max(3, 76 - title.length))}`);
}

// ---- time ------------------------------------------------------------------------------------

export const now = () => performance.now();
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class TimeoutError extends Error {
  override readonly name = "TimeoutError";
}

/** Rejects with TimeoutError after `ms`; the timer does not keep the process alive. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what}: no result within ${fmtMs(ms)}`)), ms);
    timer.unref();
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

/** Polls `probe` every `everyMs` until it returns a value other than undefined, or times out. */
export async function pollUntil<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string, everyMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new TimeoutError(`${what}: not within ${fmtMs(timeoutMs)}`);
    await sleep(everyMs);
  }
}

// ---- cleanup ---------------------------------------------------------------------------------

type Cleanup = { label: string; run: () => Promise<void> | void };
const cleanups: Cleanup[] = [];
/** Cleanups running now (e.g. started by the benchmark itself when a signal arrives). */
const inflight = new Set<Promise<void>>();

/** Registers a cleanup; returns a function that runs it now (once) and unregisters it. */
export function onCleanup(label: string, run: () => Promise<void> | void): () => Promise<void> {
  const entry: Cleanup = { label, run };
  cleanups.push(entry);
  return async () => {
    const index = cleanups.indexOf(entry);
    if (index < 0) return;
    cleanups.splice(index, 1);
    await runOne(entry);
  };
}

const debug = process.env.BENCH_DEBUG === "1";

function runOne(entry: Cleanup): Promise<void> {
  if (debug) process.stderr.write(`[bench] cleanup start: ${entry.label}\n`);
  const running = withTimeout(Promise.resolve().then(entry.run), 60_000, `cleanup "${entry.label}"`)
    .then(() => void (debug && process.stderr.write(`[bench] cleanup done: ${entry.label}\n`)))
    .catch((error: unknown) => void process.stderr.write(`cleanup "${entry.label}" failed: ${String(error)}\n`))
    .finally(() => inflight.delete(running));
  inflight.add(running);
  return running;
}

/** Runs every registered cleanup, newest first, and waits for those already running. */
export async function runCleanups(): Promise<void> {
  while (cleanups.length) await runOne(cleanups.pop()!);
  while (inflight.size) await Promise.all([...inflight]);
}

let signalsInstalled = false;
/** Ctrl-C / SIGTERM: clean up, then exit. */
export function installSignalCleanup(): void {
  if (signalsInstalled) return;
  signalsInstalled = true;
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\n${signal}: cleaning up (workbenches, engines)…\n`);
    void runCleanups().finally(() => process.exit(130));
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
}

/**
 * Runs one benchmark with a hard time limit; its cleanups run whatever happens. Used by run.ts
 * and by each script when started on its own.
 */
export async function runBench(name: string, limitMs: number, bench: () => Promise<BenchResult>): Promise<BenchResult> {
  installSignalCleanup();
  try {
    return await withTimeout(bench(), limitMs, `benchmark ${name}`);
  } finally {
    await runCleanups();
  }
}

// ---- worker process --------------------------------------------------------------------------

/**
 * Ctrl-C must not kill a benchmark half-way through its cleanup: a killed benchmark leaves its
 * workbench server without a reader on its stdout and its engines running. Under `tsx` it would:
 * the tsx wrapper SIGKILLs its child when the child does not acknowledge a signal within ~60 ms,
 * which a benchmark on a loaded machine easily misses. So the entry point (under tsx) only starts
 * the real work in a worker: plain node with tsx's loader, in its own process group (the
 * terminal's Ctrl-C does not reach it, nor its workbench and chromium). The entry relays SIGINT /
 * SIGTERM to it and waits; if the entry dies anyway, the worker sees its IPC channel close and
 * cleans up as on Ctrl-C. Returns true in the worker (go on), false in the entry (do nothing).
 */
export function inWorker(): boolean {
  if (process.env.BENCH_WORKER === "1") {
    process.on("disconnect", () => process.kill(process.pid, "SIGINT"));
    return true;
  }
  const worker = spawn(process.execPath, ["--import", "tsx", process.argv[1]!, ...process.argv.slice(2)], {
    cwd: process.cwd(),
    env: { ...process.env, BENCH_WORKER: "1" },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    detached: true,
  });
  let relayed = false;
  const relay = (signal: NodeJS.Signals) => {
    if (relayed || worker.exitCode !== null) return;
    relayed = true;
    process.stderr.write(`\n${signal}: stopping the benchmark; it cleans up first (workbench, engines)…\n`);
    worker.kill("SIGINT");
  };
  process.on("SIGINT", relay);
  process.on("SIGTERM", relay);
  worker.on("exit", (code, signal) => process.exit(code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 1)));
  worker.on("error", (error) => {
    process.stderr.write(`could not start the benchmark worker: ${String(error)}\n`);
    process.exit(1);
  });
  return false;
}

/** For `tsx bench/<script>.ts`: run (in a worker), print the rows, exit. */
export function runStandalone(name: string, limitMs: number, bench: () => Promise<BenchResult>): void {
  if (!inWorker()) return;
  runBench(name, limitMs, bench).then(
    (result) => {
      heading(`${name}: summary`);
      log(
        table(
          ["figure", "value", "detail"],
          result.rows.map((r) => [r.figure, r.value, r.detail ?? ""]),
        ),
      );
      for (const note of result.notes) log(`note: ${note}`);
      if (result.finalLine) log(result.finalLine);
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}

// ---- environment -----------------------------------------------------------------------------

/** A TCP port free on 127.0.0.1 right now. */

/** One line about the machine, printed with every run (figures on a busy host are not comparable). */
export function machineLine(): string {
  const [l1, l5] = os.loadavg();
  return `${os.cpus().length} CPUs, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, load ${l1!.toFixed(2)} / ${l5!.toFixed(2)} (1 / 5 min)`;
}
