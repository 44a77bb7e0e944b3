/**
 * The Check per step, cold and warm, and what a learner costs, beside the plain docker CLI, for each
 * step in BENCH_FOOTPRINT_STEPS (default all, "1,2,3,4,5,6,7,8,9"), each on a fresh learner with
 * production engine limits, left as after a student's successful Check: the lesson's reference
 * solution in the workspace, graded with runChecks (the Check cold: a fresh engine), then graded again
 * at once in the same engine (the Check warm: its build cache). Steps 1–8 in one engine (step 1: the
 * WordPress container runs; step 6: the compose project runs); step 9: a three-node cluster with the
 * swarm formed and the stack deployed, as step9.int.test.ts does, then graded on the cluster.
 * Whether the Check's build pulled the class-wide layer cache (the registry's seeded reference build)
 * is read from the engine's images afterwards.
 * After BENCH_FOOTPRINT_SETTLE_S (20) seconds:
 *   - memory: `docker stats` of the engine container (usage minus inactive file cache), pids;
 *   - disk: the engine's data volume(s) on the host (`du -sb` of the Mountpoint), the container's
 *     writable layer (SizeRw), the student's workspace folder (`du -sb`); its log apart.
 * Step 9 per node and summed. Each learner is removed (engines, volumes, network, workspace) before
 * the next one starts. Then the host's own docker does the same work (hostWork below; skip its warm
 * run with BENCH_FOOTPRINT_HOST_WARM=0, all of it with BENCH_FOOTPRINT_HOST=0). The load average is
 * printed at the start and the end of each step.
 *
 *   npm run bench -- footprint        or        npx tsx bench/learner-footprint.ts
 */
import { spawn } from "node:child_process";
import { chownSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
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
import { LAYER_CACHE_REGISTRY } from "../server/sandbox/layer-cache-ref";
import { createLogger } from "../server/logger";
import { REPO_ROOT } from "../e2e/support/workbench-server";
import { fmtMiB, fmtMs, heading, log, machineLine, now, onCleanup, runStandalone, sleep, table, type BenchResult, type SummaryRow } from "./lib/common";
import type { ContainerUsage } from "./lib/docker";
import { describeLimits, gradeWorkspace, productionEngineLimits, startTestEngine, type StageTimes, type TimedCheck } from "./lib/step1";
import { diskFootprint, diskTotal, fmtBytes, putSolution, settledUsage, sumDisk, sumUsage, type DiskFootprint } from "./lib/footprint";

const SETTLE_S = Number(process.env.BENCH_FOOTPRINT_SETTLE_S ?? 20);
const STEPS = (process.env.BENCH_FOOTPRINT_STEPS ?? "1,2,3,4,5,6,7,8,9").split(",").map((s) => Number(s.trim()));
const HOST_CLI = process.env.BENCH_FOOTPRINT_HOST !== "0";
/** lessons/0N-name by step number. */
const LESSON_DIRS: Record<number, string> = Object.fromEntries(
  readdirSync(path.join(REPO_ROOT, "lessons"))
    .filter((d) => /^\d{2}-/.test(d))
    .map((d) => [Number(d.slice(0, 2)), `lessons/${d}`]),
);

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
  /** The Check in a fresh engine (or, step 9, a fresh cluster). */
  check: TimedCheck;
  /** The same Check again at once, in the same engine(s). */
  warm: TimedCheck;
  /** Whether the cold Check's build pulled the class's layer cache (images of the registry in the engine after it). */
  layerCache: string;
  host?: HostFigures;
  /** Load average (1 min) at the step's start and end. */
  loadStart?: number;
  loadEnd?: number;
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

/** The registry's images in an engine: the layer cache its builds pulled ("no" when none). */
async function layerCacheUse(inner: ClusterNode["inner"]): Promise<string> {
  const images = await inner.listImages().catch(() => []);
  const pulled = images.flatMap((i) => i.RepoTags ?? []).filter((t) => t.startsWith(`${LAYER_CACHE_REGISTRY}/`));
  return pulled.length ? `yes (${pulled.length} pulled)` : "no";
}

/** The Check cold (as graded in a fresh engine), then warm (again at once, in the same engine). */
async function coldAndWarm(step: number, lesson: Lesson, workspace: string, sandbox: () => Parameters<typeof gradeWorkspace>[2]): Promise<{ check: TimedCheck; warm: TimedCheck }> {
  log(`step ${step}: grading the reference solution (${lesson.folder}), cold…`);
  const check = await gradeWorkspace(lesson, workspace, sandbox());
  log(`  Check cold in ${fmtMs(check.wallMs)}, score ${check.report.score}; again at once (warm)…`);
  const warm = await gradeWorkspace(lesson, workspace, sandbox());
  log(`  Check warm in ${fmtMs(warm.wallMs)}, score ${warm.report.score}; settling ${SETTLE_S} s…`);
  return { check, warm };
}

/** Steps 1–8: one rootless engine, the Check graded in it. */
async function engineStep(step: number): Promise<StepFootprint> {
  const { dir, lesson } = await lessonOf(step);
  const engine = await startTestEngine(`footprint${step}`);
  try {
    putSolution(dir, lesson, engine.workspace);
    const { check, warm } = await coldAndWarm(step, lesson, engine.workspace, () => new EngineGradingSandbox(engine.engine, engine.workspace));
    const layerCache = await layerCacheUse(engine.engine.inner);
    if (!check.report.passed || !warm.report.passed) {
      // Why the engine failed a Check of the reference: its container's state (stopped? OOM-killed?).
      const state = (await engine.engine.container.inspect().catch(() => undefined))?.State;
      log(`  engine state: ${state ? `${state.Status}, OOMKilled ${state.OOMKilled}, exit ${state.ExitCode}, finished ${state.FinishedAt} ${state.Error}` : "removed"}`);
    }
    await sleep(SETTLE_S * 1000);
    const part = await measure("engine", engine.engine.container, engine.engine.inner, engine.workspace);
    return { step, parts: [part], check, warm, layerCache };
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
    const { check, warm } = await coldAndWarm(9, lesson, workspace, () => new ClusterGradingSandbox(cluster, workspace));
    await sleep(SETTLE_S * 1000);
    const parts: Measured[] = [];
    for (const node of cluster.nodes) parts.push(await measure(node.name, node.container, node.inner, node.manager ? workspace : undefined));
    return { step: 9, parts, check, warm, layerCache: "n/a (no build)", setupMs, setupLabel: "cluster request → swarm of 3 + stack converged" };
  } finally {
    await remove();
  }
}

// ---- the plain docker CLI on the host, doing the same work ----------------------------------------

/** Every host object this run creates carries this label (or, for compose, its project name), so the cleanup finds it even after a failure. */
const RUN_ID = randomBytes(3).toString("hex");
const HOST_LABEL = `org.dockerworkbench.bench=footprint-${RUN_ID}`;
const HOST_LABELS = ["--label", "org.dockerworkbench.managed=true", "--label", "org.dockerworkbench.role=test", "--label", HOST_LABEL];
/** The host has no compose of its own: the engine image's docker-compose (the one learners type), run against the host's socket. */
const COMPOSE_IMAGE = process.env.BENCH_FOOTPRINT_COMPOSE_IMAGE ?? "docker-workbench/engine:1";
/** The stand-ins of `wordpress` and `mysql:5.7` that the engines pull from the mirror, already on the host. */
const HOST_IMAGES: Record<string, string> = { wordpress: "docker-workbench/standin-wordpress:latest", "mysql:5.7": "docker-workbench/standin-mysql:5.7" };

interface HostRun {
  ok: boolean;
  ms: number;
  tail: string;
}

/** One docker command on the host; its duration and whether it succeeded. */
function docker(args: string[], timeoutMs = 900_000): Promise<HostRun> {
  const began = now();
  return new Promise((resolve) => {
    const child = spawn("docker", args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    const keep = (chunk: Buffer) => (out = (out + chunk.toString()).slice(-3000));
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ ok: code === 0, ms: now() - began, tail: out });
    });
  });
}

/** Several commands one after the other, timed together; stops at the first failure (and logs it). */
async function timed(what: string, commands: string[][]): Promise<HostRun> {
  const began = now();
  for (const args of commands) {
    const r = await docker(args);
    if (!r.ok) {
      log(`  host CLI ${what}: docker ${args.join(" ")} failed: ${r.tail.slice(-1200)}`);
      return { ok: false, ms: now() - began, tail: r.tail };
    }
  }
  return { ok: true, ms: now() - began, tail: "" };
}

interface HostFigures {
  /** What the host did, in words (or why nothing: step 9). */
  what: string;
  cold?: HostRun;
  warm?: HostRun;
}

/** Removes everything this run's host CLI created: containers, volumes, networks and images with its label or compose project. */
async function removeHostObjects(project: string | undefined, images: string[]): Promise<void> {
  const ids = async (args: string[]) => (await docker(args, 60_000)).tail.split(/\s+/).filter(Boolean);
  const filters = [["--filter", `label=${HOST_LABEL}`], ...(project ? [["--filter", `label=com.docker.compose.project=${project}`]] : [])];
  for (const f of filters) {
    const containers = await ids(["ps", "-aq", ...f]);
    if (containers.length) await docker(["rm", "-fv", ...containers], 120_000);
  }
  for (const f of filters) {
    const volumes = await ids(["volume", "ls", "-q", ...f]);
    if (volumes.length) await docker(["volume", "rm", "-f", ...volumes], 60_000);
    const networks = await ids(["network", "ls", "-q", ...f]);
    if (networks.length) await docker(["network", "rm", ...networks], 60_000);
  }
  const projectImages = project ? await ids(["images", "-q", "--filter", `reference=${project}_*`]) : [];
  const all = [...images, ...projectImages];
  if (all.length) await docker(["rmi", "-f", ...all], 120_000);
}

/** The work of one build: `docker build` on the learners' network (their DNS and package cache), as the floor of class.ts. */
const buildArgs = (tag: string, context: string, noCache: boolean) => ["build", ...(noCache ? ["--no-cache"] : []), "--network", "workbench-learners", ...HOST_LABELS, "-t", tag, context];
/** A container as the Check runs it, its published port on any free host port (the host's 80 is not ours). */
const runArgs = (name: string, image: string, extra: string[] = []) => ["run", "-d", ...HOST_LABELS, "--name", name, ...extra, image];

/**
 * A copy of a compose/stack file for the host: builds on the learners' network, published ports on free host
 * ports, the images the engines pull from the mirror replaced by the host's stand-ins, `/home/$USER` bind
 * mounts in the temporary folder.
 */
function hostComposeFile(text: string, home: string): string {
  return text
    .replace(/^(\s*)build:\s*(\S+)\s*$/gm, (_m, indent: string, context: string) => `${indent}build:\n${indent}  context: ${context}\n${indent}  network: workbench-learners`)
    .replace(/^(\s*-\s*)"?(\d+):(\d+)"?\s*$/gm, (_m, dash: string, _host: string, inner: string) => `${dash}"${inner}"`)
    .replace(/^(\s*image:\s*)(\S+)\s*$/gm, (m, key: string, image: string) => (HOST_IMAGES[image] ? `${key}${HOST_IMAGES[image]}` : m))
    .replace(/\/home\/\$USER/g, home);
}

/** docker-compose of the engine image, against the host's Docker, in `dir` (mounted at the same path). */
const compose = (dir: string, project: string, file: string, args: string[]) => [
  "run",
  "--rm",
  ...HOST_LABELS,
  // The image runs as the learner against the rootless engine's socket: here root, against the host's.
  "--user",
  "0",
  "-e",
  "DOCKER_HOST=unix:///var/run/docker.sock",
  "-v",
  "/var/run/docker.sock:/var/run/docker.sock",
  "-v",
  `${dir}:${dir}`,
  "-w",
  dir,
  "--entrypoint",
  "docker-compose",
  COMPOSE_IMAGE,
  "-p",
  project,
  "-f",
  file,
  ...args,
];

/**
 * The same work as the step's Check with the host's own docker (no engine, no limits): cold then warm (the
 * build cache the cold run left). Steps 1–4: `docker build` of the reference Dockerfile (cold with
 * --no-cache) and `docker run -d` of its container. Step 5: the reference script's two builds and two linked
 * `docker run`s. Steps 6–8: `docker-compose up -d` of the reference file (`--build`; cold: `build --no-cache`
 * first), then `down`. Step 9: none (a three-node swarm has no one-host equivalent). Everything is removed.
 */
async function hostWork(step: number, dir: string, lesson: Lesson): Promise<HostFigures> {
  if (step === 9) return { what: "none: a swarm of three nodes has no plain-CLI equivalent on one host" };
  const root = mkdtempSync(path.join(os.tmpdir(), `wb-bench-host${step}-`));
  const work = path.join(root, lesson.folder);
  cpSync(path.join(dir, "solution", lesson.folder), work, { recursive: true });
  const tag = (name: string) => `wb-bench-host-${RUN_ID}-s${step}-${name}`;
  const project = `wbbenchhost${RUN_ID}s${step}`;
  const images: string[] = [];
  const remove = onCleanup(`host CLI objects of step ${step}`, async () => {
    await removeHostObjects(step >= 6 ? project : undefined, images);
    rmSync(root, { recursive: true, force: true });
  });
  const warmToo = process.env.BENCH_FOOTPRINT_HOST_WARM !== "0";
  try {
    let what: string;
    let once: (cold: boolean) => Promise<HostRun>;
    if (step <= 4) {
      const image = tag("image");
      images.push(image);
      what = "docker build (cold: --no-cache) + docker run -d";
      once = async (cold) => {
        await removeHostObjects(undefined, []);
        return timed(cold ? "cold" : "warm", [buildArgs(image, work, cold), runArgs(tag(cold ? "c1" : "c2"), image, ["-p", "80"])]);
      };
    } else if (step === 5) {
      const [db, web] = [tag("mysql"), tag("apache")];
      images.push(db, web);
      what = "2 × docker build (cold: --no-cache) + 2 linked docker run -d (the reference script)";
      once = async (cold) => {
        await removeHostObjects(undefined, []);
        const [dbName, webName] = [tag(cold ? "db1" : "db2"), tag(cold ? "web1" : "web2")];
        return timed(cold ? "cold" : "warm", [
          buildArgs(db, path.join(work, "mysql_wordpress"), cold),
          buildArgs(web, path.join(work, "apache_wordpress"), cold),
          runArgs(dbName, db, ["-v", "/var/lib/mysql"]),
          runArgs(webName, web, ["--link", `${dbName}:mysql_wordpress`, "-v", "/var/www/html", "-p", "80"]),
        ]);
      };
    } else {
      const file = step === 6 ? "docker-compose.yml" : "stack_wordpress.yml";
      const home = path.join(root, "home");
      mkdirSync(path.join(home, "data_wordpress"), { recursive: true });
      mkdirSync(path.join(home, "source_code_wordpress"), { recursive: true });
      writeFileSync(path.join(work, "host-compose.yml"), hostComposeFile(readFileSync(path.join(work, file), "utf8"), home));
      const builds = step === 6;
      what = builds ? "docker-compose up -d --build (cold: build --no-cache first), then down" : "docker-compose up -d of the stack file (images already on the host: no pull), then down";
      const c = (args: string[]) => compose(work, project, "host-compose.yml", args);
      once = (cold) => timed(cold ? "cold" : "warm", [...(cold && builds ? [c(["build", "--no-cache"])] : []), c(["up", "-d", ...(builds ? ["--build"] : [])]), c(["down"])]);
    }
    log(`  host CLI: ${what}…`);
    const cold = await once(true);
    log(`  host CLI cold ${cold.ok ? fmtMs(cold.ms) : "FAILED"}`);
    const warm = warmToo && cold.ok ? await once(false) : undefined;
    if (warm) log(`  host CLI warm ${warm.ok ? fmtMs(warm.ms) : "FAILED"}`);
    return { what, cold, ...(warm ? { warm } : {}) };
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
      figure: `step ${f.step}: Check cold`,
      value: fmtMs(f.check.wallMs),
      detail: `score ${f.check.report.score}${f.check.report.passed ? "" : " (NOT passed)"}; layer cache ${f.layerCache}; ${stageList(f.check.stages)}`,
    },
    {
      figure: `step ${f.step}: Check warm`,
      value: fmtMs(f.warm.wallMs),
      detail: `score ${f.warm.report.score}${f.warm.report.passed ? "" : " (NOT passed)"}; ${stageList(f.warm.stages)}`,
    },
  ];
  if (f.host) rows.push({ figure: `step ${f.step}: host CLI cold / warm`, value: hostCell(f.host), detail: f.host.what });
  if (f.setupMs !== undefined) rows.push({ figure: `step ${f.step}: setup before the Check`, value: fmtMs(f.setupMs), detail: f.setupLabel ?? "" });
  return rows;
}

export async function benchLearnerFootprint(): Promise<BenchResult> {
  heading("learner footprint: the Check per step, cold and warm, what a learner costs, and the host CLI");
  const unknown = STEPS.filter((s) => !LESSON_DIRS[s]);
  if (unknown.length) throw new Error(`BENCH_FOOTPRINT_STEPS: no lesson for step(s) ${unknown.join(", ")}; choose among ${Object.keys(LESSON_DIRS).join(", ")}`);
  const limits = productionEngineLimits();
  const machineBefore = machineLine();
  log(`machine: ${machineBefore}`);
  const results: StepFootprint[] = [];
  for (const step of STEPS) {
    heading(`step ${step}`);
    const loadStart = os.loadavg()[0]!;
    log(`  load at start: ${machineLine()}`);
    const footprint = step === 9 ? await clusterStep() : await engineStep(step);
    if (HOST_CLI) {
      const { dir, lesson } = await lessonOf(step);
      footprint.host = await hostWork(step, dir, lesson);
    }
    footprint.loadStart = loadStart;
    footprint.loadEnd = os.loadavg()[0]!;
    log(`  load at end: ${machineLine()}`);
    results.push(footprint);
    for (const p of footprint.parts) log(`  ${p.label}: inner containers ${p.inner.join(", ") || "none"}; volume(s) ${p.disk.volumeNames.join(", ")}`);
    log(table(["step", "mem usage", "raw usage", "pids", "volume", "writable", "workspace", "disk total", "log", "inner"], stepRows(footprint)));
  }
  const machineAfter = machineLine();
  heading("learner footprint: all steps");
  log(table(["step", "mem usage", "raw usage", "pids", "volume", "writable", "workspace", "disk total", "log", "inner"], results.flatMap(stepRows)));
  log(table(["step", "Check cold", "Check warm", "score", "layer cache", "host CLI cold / warm", "mem", "pids", "disk", "load start→end"], results.map(overviewRow)));
  return {
    name: "learner-footprint",
    rows: results.flatMap(summaryRows),
    notes: [
      `engine limits ${describeLimits(limits)} per engine (step 9: per node, privileged-caps); measured ${SETTLE_S} s after the Check; MEM USAGE as docker stats shows it (usage minus inactive_file)`,
      "disk total = data volume(s) (du -sb of the Mountpoint) + writable layer (SizeRw) + workspace (du -sb, only the step's folder); the json log is apart",
      "Check cold: the first runChecks in a fresh engine; warm: the same at once in the same engine (its build cache); layer cache: whether the cold Check pulled the class's reference build from the registry",
      "host CLI: the host's own docker, no engine, no limits, builds on the learners' network (same package cache), ports on free host ports; steps 6–8 with the engine image's docker-compose on the host's socket (the host has no compose); steps 7–8 use the stand-in images already on the host (the engines pull them from the mirror)",
      ...(STEPS.includes(9) ? ["step 9: node1's writable layer holds the database's files (the stack bind-mounts ~/data_wordpress, in the node's home)"] : []),
      `machine at start: ${machineBefore}; at end: ${machineAfter}`,
    ],
  };
}

/** One line of the overview table. */
function overviewRow(f: StepFootprint): string[] {
  const usage = sumUsage(f.parts.map((p) => p.usage));
  const disk = sumDisk(f.parts.map((p) => p.disk));
  const score = `${f.check.report.score}/${f.warm.report.score}`;
  const load = f.loadStart !== undefined && f.loadEnd !== undefined ? `${f.loadStart.toFixed(1)}→${f.loadEnd.toFixed(1)}` : "";
  return [
    String(f.step),
    fmtMs(f.check.wallMs),
    fmtMs(f.warm.wallMs),
    score,
    f.layerCache,
    f.host ? hostCell(f.host) : "skipped",
    fmtMiB(usage.memBytes),
    String(usage.pids),
    fmtBytes(diskTotal(disk)),
    load,
  ];
}

const hostCell = (h: HostFigures) => {
  if (!h.cold) return h.what;
  const cell = (r: HostRun | undefined) => (r === undefined ? "–" : r.ok ? fmtMs(r.ms) : "failed");
  return `${cell(h.cold)} / ${cell(h.warm)}`;
};

export const FOOTPRINT_LIMIT_MS = 75 * 60_000;

if (require.main === module) runStandalone("learner-footprint", FOOTPRINT_LIMIT_MS, benchLearnerFootprint);
