/**
 * Memory of one learner engine (production limits, owner "test"): started, ready, then IDLE_S
 * seconds without anything to do; `docker stats --no-stream` figures through the stats API
 * (MEM USAGE = cgroup usage minus inactive file cache, as the CLI computes it; the raw usage too),
 * pids and CPU. Then (BENCH_MEMORY_APP=0 skips it) step 1's reference solution is graded in it,
 * which leaves mon_conteneur_wordpress (Apache + MariaDB) running inside, and after IDLE_S more
 * seconds the same figures again.
 *
 *   npm run bench -- memory        or        npx tsx bench/engine-memory.ts
 */
import { spawnSync } from "node:child_process";
import { fmtMiB, fmtMs, heading, log, runStandalone, sleep, table, type BenchResult, type SummaryRow } from "./lib/common";
import { containerUsage, type ContainerUsage } from "./lib/docker";
import { describeLimits, gradeStep1, productionEngineLimits, startTestEngine, step1Solution } from "./lib/step1";

const IDLE_S = Number(process.env.BENCH_MEMORY_IDLE_S ?? 20);

/** The docker CLI's own line, printed next to ours as a cross-check. */
function cliStats(id: string): string {
  const r = spawnSync("docker", ["stats", "--no-stream", "--format", "{{.MemUsage}} pids {{.PIDs}} cpu {{.CPUPerc}}", id], { encoding: "utf8", timeout: 30_000 });
  return r.status === 0 ? r.stdout.trim() : `(docker stats failed: ${r.stderr.trim()})`;
}

/** Three readings a second apart; memory from the last, CPU as the mean. */
async function settledUsage(read: () => Promise<ContainerUsage>): Promise<ContainerUsage> {
  const readings: ContainerUsage[] = [];
  for (let i = 0; i < 3; i++) readings.push(await read());
  const last = readings[readings.length - 1]!;
  return { ...last, cpuPercent: readings.reduce((a, r) => a + r.cpuPercent, 0) / readings.length };
}

const usageCells = (label: string, u: ContainerUsage) => [label, fmtMiB(u.memBytes), fmtMiB(u.rawBytes), fmtMiB(u.limitBytes), String(u.pids), `${u.cpuPercent.toFixed(1)} %`];

export async function benchEngineMemory(): Promise<BenchResult> {
  heading("engine memory");
  const limits = productionEngineLimits();
  const engine = await startTestEngine("memory", limits);
  const read = () => containerUsage(engine.engine.container);
  log(`idle for ${IDLE_S} s…`);
  await sleep(IDLE_S * 1000);
  const idle = await settledUsage(read);
  log(`  docker stats --no-stream: ${cliStats(engine.engine.container.id)}`);
  const rows: string[][] = [usageCells(`idle (ready + ${IDLE_S} s)`, idle)];
  const summary: SummaryRow[] = [
    {
      figure: `engine memory, idle (+${IDLE_S} s)`,
      value: fmtMiB(idle.memBytes),
      detail: `${idle.pids} pids, ${idle.cpuPercent.toFixed(1)} % CPU; raw cgroup usage ${fmtMiB(idle.rawBytes)} (with page cache)`,
    },
  ];
  const notes = [`engine limits ${describeLimits(limits)}; MEM USAGE as docker stats shows it (usage minus inactive_file)`];

  if (process.env.BENCH_MEMORY_APP !== "0") {
    log("grading step 1's solution in it (builds the image, leaves the WordPress container running)…");
    const graded = await gradeStep1(engine, step1Solution());
    log(`  graded in ${fmtMs(graded.wallMs)}, score ${graded.report.score}`);
    const running = await engine.engine.inner.listContainers();
    log(`  containers running inside: ${running.map((c) => c.Names[0]?.slice(1)).join(", ") || "none"}`);
    log(`idle for ${IDLE_S} s…`);
    await sleep(IDLE_S * 1000);
    const app = await settledUsage(read);
    log(`  docker stats --no-stream: ${cliStats(engine.engine.container.id)}`);
    rows.push(usageCells(`step-1 app running (+${IDLE_S} s)`, app));
    summary.push({
      figure: `engine memory, step-1 app running (+${IDLE_S} s)`,
      value: fmtMiB(app.memBytes),
      detail: `${app.pids} pids, ${app.cpuPercent.toFixed(1)} % CPU; raw cgroup usage ${fmtMiB(app.rawBytes)}; ${running.length} inner container(s)`,
    });
  } else {
    notes.push("step-1 app figure skipped (BENCH_MEMORY_APP=0)");
  }
  log(table(["state", "mem usage", "raw usage", "limit", "pids", "cpu"], rows));
  await engine.remove();
  return { name: "engine-memory", rows: summary, notes };
}

export const MEMORY_LIMIT_MS = 30 * 60_000;

if (require.main === module) runStandalone("engine-memory", MEMORY_LIMIT_MS, benchEngineMemory);
