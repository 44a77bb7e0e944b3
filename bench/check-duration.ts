/**
 * Step 1's Check duration with the reference solution: once in a fresh engine (cold: the base
 * image and every layer are built), then twice more in the same engine (warm build cache).
 *
 * 1. Direct: runChecks + EngineGradingSandbox in one engine owned by "test", as the step-1
 *    integration test does, with the production engine limits.
 * 2. End to end (BENCH_CHECK_WS=0 skips it): the real workbench, the solution saved through the
 *    files API, `check.run` over the websocket until `check.finished`, same cold + 2 warm.
 *
 * Per-stage times come from the progress stages (static, build, container = run, then the
 * probes: image-config, processes, packages, http, exec).
 *
 *   npm run bench -- check        or        npx tsx bench/check-duration.ts
 */
import { STEP1_FOLDER, StageClock, describeLimits, gradeStep1, groupStages, productionEngineLimits, startTestEngine, step1Solution, type StageTimes } from "./lib/step1";
import { fmtMs, heading, log, now, runStandalone, table, type BenchResult, type SummaryRow } from "./lib/common";
import { newStudentCookie, startBenchWorkbench } from "./lib/workbench";
import { BenchSocket } from "./lib/ws-client";

const RUNS = 3;
const CHECK_TIMEOUT_MS = 20 * 60_000;

interface Run {
  label: string;
  wallMs: number;
  score: number;
  passed: boolean;
  stages: StageTimes;
}

function stageCells(stages: StageTimes): string[] {
  const g = groupStages(stages);
  return [fmtMs(g.build), fmtMs(g.run), fmtMs(g.probes), fmtMs(g.other)];
}

function printRuns(runs: Run[]): void {
  log(
    table(
      ["run", "total", "build", "run (container)", "probes", "other", "score"],
      runs.map((r) => [r.label, fmtMs(r.wallMs), ...stageCells(r.stages), `${r.score}${r.passed ? "" : " (not passed)"}`]),
    ),
  );
  const kinds = [...new Set(runs.flatMap((r) => [...r.stages.keys()]))];
  log("\nper stage (ms):");
  log(
    table(
      ["stage", ...runs.map((r) => r.label)],
      kinds.map((k) => [k, ...runs.map((r) => (r.stages.get(k) ?? 0).toFixed(0))]),
    ),
  );
}

async function direct(): Promise<Run[]> {
  heading("check duration: runChecks directly in one engine");
  const engine = await startTestEngine("check");
  const solution = step1Solution();
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    const label = i === 0 ? "cold" : `warm ${i}`;
    log(`grading the step-1 solution (${label})…`);
    const { report, wallMs, stages } = await gradeStep1(engine, solution);
    runs.push({ label, wallMs, score: report.score, passed: report.passed, stages });
    log(`  ${label}: ${fmtMs(wallMs)} (runChecks says ${fmtMs(report.durationMs)}), score ${report.score}`);
  }
  printRuns(runs);
  await engine.remove();
  return runs;
}

async function endToEnd(): Promise<{ runs: Run[]; engineMs: number }> {
  heading("check duration: check.run over the websocket (real workbench)");
  const wb = await startBenchWorkbench({ ENGINE_POOL_SIZE: "0" });
  const cookie = await newStudentCookie(wb, "/steps/1");
  const target = `${wb.url}/api/files/content?path=${encodeURIComponent(`${STEP1_FOLDER}/Dockerfile`)}`;
  const saved = await fetch(target, { method: "PUT", headers: { Cookie: cookie.header, Origin: wb.url, "Content-Type": "text/plain" }, body: step1Solution() });
  if (!saved.ok) throw new Error(`saving the solution failed: HTTP ${saved.status} ${await saved.text()}`);

  const began = now();
  const socket = await BenchSocket.open(wb, cookie.header);
  await socket
    .next("engine.status", 120_000, (m) => m.state === "ready" || m.state === "error")
    .then((m) => {
      if (m.state === "error") throw new Error(`engine error: ${m.message}`);
    });
  const engineMs = now() - began;
  log(`engine ready ${fmtMs(engineMs)} after the websocket opened`);

  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    const label = i === 0 ? "cold" : `warm ${i}`;
    log(`check.run step 1 (${label})…`);
    const clock = new StageClock();
    socket.onMessage = (m, at) => {
      if (m.type === "check.progress") clock.progress(m.stage, at);
    };
    const sent = now();
    clock.progress("request", sent);
    socket.send({ type: "check.run", step: 1 });
    const finished = await socket.next("check.finished", CHECK_TIMEOUT_MS);
    const wallMs = now() - sent;
    clock.close();
    socket.onMessage = undefined;
    runs.push({ label, wallMs, score: finished.score, passed: finished.passed, stages: clock.times });
    log(`  ${label}: ${fmtMs(wallMs)}, score ${finished.score}`);
    if (!finished.passed)
      log(
        `  (failing: ${finished.results
          .filter((r) => r.status !== "pass")
          .map((r) => `${r.id}=${r.status}`)
          .join(", ")})`,
      );
  }
  printRuns(runs);
  await socket.closeNow();
  await wb.close();
  return { runs, engineMs };
}

export async function benchCheckDuration(): Promise<BenchResult> {
  const limits = productionEngineLimits();
  const rows: SummaryRow[] = [];
  const notes: string[] = [`engine limits ${describeLimits(limits)} (production defaults unless ENGINE_* is set)`];
  const summarize = (prefix: string, runs: Run[]) => {
    for (const r of runs) {
      const g = groupStages(r.stages);
      rows.push({
        figure: `${prefix} ${r.label}`,
        value: fmtMs(r.wallMs),
        detail: `build ${fmtMs(g.build)}, run ${fmtMs(g.run)}, probes ${fmtMs(g.probes)}, other ${fmtMs(g.other)}; score ${r.score}`,
      });
    }
  };
  summarize("check (direct)", await direct());
  if (process.env.BENCH_CHECK_WS !== "0") {
    const { runs, engineMs } = await endToEnd();
    summarize("check (websocket)", runs);
    notes.push(`websocket run: its engine was ready ${fmtMs(engineMs)} after connecting; "other" there includes the request, snapshot and database work`);
  } else {
    notes.push("websocket end-to-end check skipped (BENCH_CHECK_WS=0)");
  }
  return { name: "check-duration", rows, notes };
}

export const CHECK_LIMIT_MS = 60 * 60_000;

if (require.main === module) runStandalone("check-duration", CHECK_LIMIT_MS, benchCheckDuration);
