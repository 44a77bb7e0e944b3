/**
 * Disk and memory per learner, for steps 1, 6 and 9 (BENCH_FOOTPRINT_STEPS, default "1,6,9"),
 * each on a fresh learner with production engine limits, left as after a student's successful
 * Check: the lesson's reference solution in the workspace, graded with runChecks (step 1: the
 * WordPress container runs; step 6: the compose project runs; step 9: a three-node cluster with
 * the swarm formed and the stack deployed, as step9.int.test.ts does, then graded on the cluster).
 * After BENCH_FOOTPRINT_SETTLE_S (20) seconds:
 *   - memory: `docker stats` of the engine container (usage minus inactive file cache), pids;
 *   - disk: the engine's data volume(s) on the host (`du -sb` of the Mountpoint), the container's
 *     writable layer (SizeRw), the student's workspace folder (`du -sb`); its log apart.
 * Step 9 per node and summed. Also the Check's duration (the runChecks call). Each learner is
 * removed (engines, volumes, network, workspace) before the next one starts.
 *
 *   npm run bench -- footprint        or        npx tsx bench/learner-footprint.ts
 */
import { mkdtempSync, chownSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { loadLesson, type Lesson } from "../server/lessons/load-lessons";
import { ClusterManager, CLUSTER_INTERFACE, type ClusterNode, type LearnerCluster } from "../server/sandbox/cluster-manager";
import { ClusterGradingSandbox } from "../server/sandbox/cluster-grading-sandbox";
import { EngineGradingSandbox } from "../server/sandbox/engine-grading-sandbox";
import { EngineManager } from "../server/sandbox/engine-manager";
import { execCommand } from "../server/sandbox/exec-command";
import { INNER_DOCKER_HOST, LEARNER_UID, LEARNER_USER, LEARNER_WORKSPACE } from "../server/sandbox/engine-options";
import { createLogger } from "../server/logger";
import { REPO_ROOT } from "../e2e/support/workbench-server";
import { fmtMiB, fmtMs, heading, log, machineLine, now, onCleanup, runStandalone, sleep, table, type BenchResult, type SummaryRow } from "./lib/common";
import type { ContainerUsage } from "./lib/docker";
import { describeLimits, gradeWorkspace, productionEngineLimits, startTestEngine, type StageTimes, type TimedCheck } from "./lib/step1";
import { diskFootprint, diskTotal, fmtBytes, putSolution, settledUsage, sumDisk, sumUsage, type DiskFootprint } from "./lib/footprint";

const SETTLE_S = Number(process.env.BENCH_FOOTPRINT_SETTLE_S ?? 20);
const STEPS = (process.env.BENCH_FOOTPRINT_STEPS ?? "1,6,9").split(",").map((s) => Number(s.trim()));
const LESSON_DIRS: Record<number, string> = {
  1: "lessons/01-dirty-dockerfile",
  6: "lessons/06-compose",
  9: "lessons/09-swarm",
};

/** One engine container measured: a step-1/6 engine, or one node of step 9's cluster. */
interface Measured {
  label: string;
  usage: ContainerUsage;
  disk: DiskFootprint;
  inner: string[];
}

interface StepFootprint {
  step: number;
  parts: Measured[];
  check: TimedCheck;
  /** Step 9: from the cluster request to the stack converged (not part of the Check). */
  setupMs?: number;
  setupLabel?: string;
}

async function measure(label: string, container: ClusterNode["container"], inner: ClusterNode["inner"], workspace: string | undefined): Promise<Measured> {
  const usage = await settledUsage(container);
  const disk = await diskFootprint(container, workspace);
  const names = (await inner.listContainers().catch(() => [])).map((c) => c.Names[0]?.replace(/^\//, "") ?? c.Id.slice(0, 12));
  return { label, usage, disk, inner: names };
}

async function lessonOf(step: number): Promise<{ dir: string; lesson: Lesson }> {
  const dir = path.join(REPO_ROOT, LESSON_DIRS[step]!);
  return { dir, lesson: await loadLesson(dir) };
}

/** Steps 1 and 6: one rootless engine, the Check graded in it. */
async function engineStep(step: number): Promise<StepFootprint> {
  const { dir, lesson } = await lessonOf(step);
  const engine = await startTestEngine(`footprint${step}`);
  try {
    putSolution(dir, lesson, engine.workspace);
    log(`step ${step}: grading the reference solution (${lesson.folder})…`);
    const check = await gradeWorkspace(lesson, engine.workspace, new EngineGradingSandbox(engine.engine, engine.workspace));
    log(`  Check in ${fmtMs(check.wallMs)}, score ${check.report.score}; settling ${SETTLE_S} s…`);
    await sleep(SETTLE_S * 1000);
    const part = await measure("engine", engine.engine.container, engine.engine.inner, engine.workspace);
    return { step, parts: [part], check };
  } finally {
    await engine.remove();
  }
}

/** A command in a cluster node's shell, as the student types it there. */
async function on(node: ClusterNode, folder: string, script: string, timeoutMs = 120_000): Promise<string> {
  const result = await execCommand(node.container, {
    cmd: ["bash", "-c", script],
    user: LEARNER_USER,
    env: [`DOCKER_HOST=${INNER_DOCKER_HOST}`, "USER=learner"],
    workingDir: node.manager ? `${LEARNER_WORKSPACE}/${folder}` : "/home/learner",
    timeoutMs,
  });
  if (result.exitCode !== 0) throw new Error(`${node.name}: ${script} exited ${result.exitCode}: ${result.output}`);
  return result.output;
}

/** Until both services run what they should and each WordPress replica serves a page (as step9.int.test.ts). */
async function converged(manager: ClusterNode, folder: string, replicas: number): Promise<void> {
  const deadline = Date.now() + 300_000;
  for (;;) {
    const services = await on(manager, folder, "docker service ls --format '{{.Name}} {{.Replicas}}'");
    if (services.includes(`wordpress_wordpress ${replicas}/${replicas}`) && services.includes("wordpress_db 1/1")) {
      const tasks = (await on(manager, folder, "docker service ps wordpress_wordpress --filter desired-state=running --format '{{.Node}} {{.CurrentState}}'")).trim().split("\n");
      const running = tasks.filter((l) => l.includes("Running")).map((l) => l.split(" ")[0]);
      const pages = await Promise.all(running.map((n) => on(manager, folder, `curl -sL -m 5 http://${n}:8080/ | grep -c WordPress || true`)));
      if (running.length === replicas && pages.every((p) => Number(p.trim()) > 0)) return;
    }
    if (Date.now() > deadline) throw new Error(`the stack did not converge: ${services}`);
    await sleep(2000);
  }
}

/** Step 9: a three-node cluster, swarm formed, stack deployed from node1, graded on the cluster. */
async function clusterStep(): Promise<StepFootprint> {
  const { dir, lesson } = await lessonOf(9);
  const limits = productionEngineLimits();
  const workspace = mkdtempSync(path.join(os.tmpdir(), "wb-bench-footprint9-"));
  chownSync(workspace, LEARNER_UID, LEARNER_UID);
  const studentId = `benchfootprint9${randomBytes(4).toString("hex")}`;
  const logger = createLogger({ level: "warn", write: (l) => void process.stderr.write(`${l}\n`) });
  const engines = new EngineManager({ owner: "test", log: logger, workspaceHostPath: async () => workspace, idleMs: 3_600_000, ...limits, instanceId: "bench-footprint" });
  const clusters = new ClusterManager({ engines, owner: "test", log: logger, workspaceHostPath: async () => workspace, idleMs: 3_600_000, enabled: true });
  const remove = onCleanup(`cluster ${studentId} and workspace`, async () => {
    await clusters.shutdown();
    await engines.shutdown();
    rmSync(workspace, { recursive: true, force: true });
  });
  try {
    const began = now();
    const cluster: LearnerCluster = await clusters.ensure(studentId);
    log(`step 9: cluster ready in ${fmtMs(now() - began)} (${describeLimits(limits)} per node); IPVS ${cluster.ipvs.available ? "available" : "absent"}`);
    putSolution(dir, lesson, workspace);
    const [node1, node2, node3] = cluster.nodes as [ClusterNode, ClusterNode, ClusterNode];
    const folder = lesson.folder;
    await on(node1, folder, `docker swarm init --advertise-addr ${CLUSTER_INTERFACE} >/dev/null && mkdir -p ~/data_wordpress`);
    const token = (await on(node1, folder, "docker swarm join-token -q worker")).trim();
    await Promise.all([node2, node3].map((n) => on(n, folder, `docker swarm join --advertise-addr ${CLUSTER_INTERFACE} --token ${token} node1:2377`)));
    log("  swarm of three formed; deploying the stack from node1 (each node pulls its images from the mirror)…");
    await on(node1, folder, "docker stack deploy -c stack_wordpress.yml wordpress", 300_000);
    await converged(node1, folder, 2);
    const setupMs = now() - began;
    log(`  stack converged ${fmtMs(setupMs)} after the cluster request; grading on the cluster…`);
    const check = await gradeWorkspace(lesson, workspace, new ClusterGradingSandbox(cluster, workspace));
    log(`  Check in ${fmtMs(check.wallMs)}, score ${check.report.score}; settling ${SETTLE_S} s…`);
    await sleep(SETTLE_S * 1000);
    const parts: Measured[] = [];
    for (const node of cluster.nodes) parts.push(await measure(node.name, node.container, node.inner, node.manager ? workspace : undefined));
    return { step: 9, parts, check, setupMs, setupLabel: "cluster request → swarm of 3 + stack converged" };
  } finally {
    await remove();
  }
}

const diskCells = (d: DiskFootprint) => [fmtBytes(d.volumes.apparent), fmtBytes(d.writableLayer), fmtBytes(d.workspace.apparent), fmtBytes(diskTotal(d)), fmtBytes(d.log)];

function stepRows(f: StepFootprint): string[][] {
  const rows = f.parts.map((p) => [`${f.step} ${p.label}`, fmtMiB(p.usage.memBytes), fmtMiB(p.usage.rawBytes), String(p.usage.pids), ...diskCells(p.disk), String(p.inner.length)]);
  if (f.parts.length > 1) {
    const usage = sumUsage(f.parts.map((p) => p.usage));
    const disk = sumDisk(f.parts.map((p) => p.disk));
    rows.push([`${f.step} sum`, fmtMiB(usage.memBytes), fmtMiB(usage.rawBytes), String(usage.pids), ...diskCells(disk), String(f.parts.reduce((a, p) => a + p.inner.length, 0))]);
  }
  return rows;
}

/** Time per stage of the Check (the check kinds, plus static and done), longest first. */
const stageList = (times: StageTimes) =>
  [...times]
    .filter(([, ms]) => ms >= 10)
    .sort((a, b) => b[1] - a[1])
    .map(([stage, ms]) => `${stage} ${fmtMs(ms)}`)
    .join(", ");

function summaryRows(f: StepFootprint): SummaryRow[] {
  const usage = sumUsage(f.parts.map((p) => p.usage));
  const disk = sumDisk(f.parts.map((p) => p.disk));
  const where = f.parts.length > 1 ? ` (${f.parts.length} nodes summed)` : "";
  const perNode = f.parts.length > 1 ? `; per node ${f.parts.map((p) => `${p.label} ${fmtMiB(p.usage.memBytes)}/${p.usage.pids} pids`).join(", ")}` : "";
  const perNodeDisk = f.parts.length > 1 ? `; per node ${f.parts.map((p) => `${p.label} ${fmtBytes(diskTotal(p.disk))}`).join(", ")}` : "";
  const rows: SummaryRow[] = [
    {
      figure: `step ${f.step}: memory${where}`,
      value: fmtMiB(usage.memBytes),
      detail: `${usage.pids} pids; raw cgroup usage ${fmtMiB(usage.rawBytes)} (with page cache)${perNode}`,
    },
    {
      figure: `step ${f.step}: disk${where}`,
      value: fmtBytes(diskTotal(disk)),
      detail:
        `volume ${fmtBytes(disk.volumes.apparent)} (allocated ${fmtBytes(disk.volumes.allocated)}), writable layer ${fmtBytes(disk.writableLayer)}, ` +
        `workspace ${fmtBytes(disk.workspace.apparent)}; log ${fmtBytes(disk.log)} apart${perNodeDisk}`,
    },
    {
      figure: `step ${f.step}: Check duration`,
      value: fmtMs(f.check.wallMs),
      detail: `score ${f.check.report.score}${f.check.report.passed ? "" : " (NOT passed)"}; ${stageList(f.check.stages)}`,
    },
  ];
  if (f.setupMs !== undefined) rows.push({ figure: `step ${f.step}: setup before the Check`, value: fmtMs(f.setupMs), detail: f.setupLabel ?? "" });
  return rows;
}

export async function benchLearnerFootprint(): Promise<BenchResult> {
  heading("learner footprint (disk and memory per learner)");
  const unknown = STEPS.filter((s) => !LESSON_DIRS[s]);
  if (unknown.length) throw new Error(`BENCH_FOOTPRINT_STEPS: no footprint for step(s) ${unknown.join(", ")}; choose among 1, 6, 9`);
  const limits = productionEngineLimits();
  const machineBefore = machineLine();
  log(`machine: ${machineBefore}`);
  const results: StepFootprint[] = [];
  for (const step of STEPS) {
    heading(`step ${step}`);
    const footprint = step === 9 ? await clusterStep() : await engineStep(step);
    results.push(footprint);
    for (const p of footprint.parts) log(`  ${p.label}: inner containers ${p.inner.join(", ") || "none"}; volume(s) ${p.disk.volumeNames.join(", ")}`);
    log(table(["step", "mem usage", "raw usage", "pids", "volume", "writable", "workspace", "disk total", "log", "inner"], stepRows(footprint)));
  }
  const machineAfter = machineLine();
  heading("learner footprint: all steps");
  log(table(["step", "mem usage", "raw usage", "pids", "volume", "writable", "workspace", "disk total", "log", "inner"], results.flatMap(stepRows)));
  log(
    table(
      ["step", "Check", "score"],
      results.map((f) => [String(f.step), fmtMs(f.check.wallMs), String(f.check.report.score)]),
    ),
  );
  return {
    name: "learner-footprint",
    rows: results.flatMap(summaryRows),
    notes: [
      `engine limits ${describeLimits(limits)} per engine (step 9: per node, privileged-caps); measured ${SETTLE_S} s after the Check; MEM USAGE as docker stats shows it (usage minus inactive_file)`,
      "disk total = data volume(s) (du -sb of the Mountpoint) + writable layer (SizeRw) + workspace (du -sb, only the step's folder); the json log is apart",
      ...(STEPS.includes(9) ? ["step 9: node1's writable layer holds the database's files (the stack bind-mounts ~/data_wordpress, in the node's home)"] : []),
      `machine at start: ${machineBefore}; at end: ${machineAfter}`,
    ],
  };
}

export const FOOTPRINT_LIMIT_MS = 45 * 60_000;

if (require.main === module) runStandalone("learner-footprint", FOOTPRINT_LIMIT_MS, benchLearnerFootprint);
