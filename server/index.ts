/**
 * The workbench process (composition root): Next.js pages and API routes, the websocket
 * endpoint, the preview proxy, and the learner engines, on one port.
 */
import http from "node:http";
import { createHash, randomUUID } from "node:crypto";
import path from "node:path";
import next from "next";
import { getConfig } from "./config";
import { logger } from "./logger";
import { migrateDatabase } from "./db/migrate";
import { failInterruptedCheckRuns, getStudent } from "./db/repositories";
import { closeDb } from "./db/client";
import { getCourse } from "./lessons/load-lessons";
import { EngineManager } from "./sandbox/engine-manager";
import { takeServerUser } from "./server-user/take-server-user";
import { createSwarmPlacement } from "./sandbox/placement/create-swarm-placement";
import { EngineHealth } from "./sandbox/engine-health";
import { probeLearnerEngine } from "./sandbox/engine-probe";
import { ClusterManager } from "./sandbox/cluster-manager";
import { HubRegistry } from "./ws/student-hub";
import { startShellWithEarlyEngine } from "./ws/student-shell";
import { createWebSocketEndpoint } from "./ws/websocket-server";
import { previewRoutesOf } from "./preview/preview-proxy";
import { createPreviewUpgrades, type PreviewUpgrades } from "./preview/preview-upgrade";
import { STUDENT_COOKIE, decodeStudentCookie, readCookie } from "./identity/student-cookie";
import { createRequestHandler } from "./http/request-handler";
import { earlyEngineStarter } from "./http/start-engine-early";
import { SERVER_TIMEOUTS, createUpgradeHandler } from "./http/upgrade-handler";
import { originPolicyOf } from "./http/allowed-origins";
import { mayWorkOnCourse, startStudentSession } from "./identity/student-session";
import { ensureWorkspace, readFile as readWorkspaceFile } from "./workspace";
import { SubmissionArchive } from "./grading-services/submission-archive";
import { resumableSubmissions, resumeSubmissions } from "./grading-services/resume-submissions";
import { startRegradeWorker } from "./grading-services/regrade-worker";
import { requeueRunningRegradeJobs } from "./db/repositories/regrades";
import { keepPublishedSumsIn } from "./sandbox/debian-archive";
import { startPassbackSender, stopPassbackSender } from "./lti/score-passback";
import { watchLessons } from "./authoring/lessons-watcher";
import { provideGraderEngines } from "./grading-services/server-grader-engines";
import { provideEngineActivity } from "./sandbox/engine-activity";
import { referenceBuilds } from "./grading-services/reference-builds";
import { LayerCachePrefetch } from "./sandbox/layer-cache-prefetch";
import { hostBuildSlots } from "./sandbox/host-build-slots";
import { seedLayerCache } from "./sandbox/layer-cache-seed";

// If whatever reads our output goes away, a write must not become an uncaught error that is
// logged to the same closed pipe, in a loop, at 100 % CPU: ignore EPIPE on stdout and stderr.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
  });
}

async function main(): Promise<void> {
  const config = getConfig();
  const log = logger.child({ area: "server" });
  const dev = process.env.NODE_ENV !== "production";

  await migrateDatabase();
  // As root: the root helper for the learners' disks and mounts is forked, then the server becomes the sandbox user (see docs/security.md).
  // WB_PLACEMENT=swarm: engines run on the swarm's engine nodes, their workspaces on the shared folder; capped disks are one host's loop devices, so none.
  const placement = config.WB_PLACEMENT === "swarm" ? createSwarmPlacement(config, logger.child({ area: "placement" })) : undefined;
  const { disks, poolMounts } = await takeServerUser(placement ? { ...config, DISK_CAPS: "off" } : config, log, logger.child({ area: "disks" }));
  // Debian's published checksums of the packages students install, fetched once per version.
  keepPublishedSumsIn(path.join(config.DATA_DIR, "debian-md5sums"));
  // Submissions the last process was grading are graded again (below, once engines can start) from
  // the files kept when they were submitted; every other run it left running is interrupted.
  const submissions = new SubmissionArchive(path.join(config.DATA_DIR, "submissions"));
  const resumable = await resumableSubmissions(submissions);
  const interrupted = await failInterruptedCheckRuns(undefined, { except: resumable.map((run) => run.id) });
  if (interrupted) log.warn("checks interrupted by the last shutdown were marked as interrupted (their students are told to press Check again)", { count: interrupted });
  // Teachers' re-grade previews the last process was grading go on where they stopped (graded rows are kept).
  const requeued = await requeueRunningRegradeJobs();
  if (requeued) log.info("re-grade previews cut short by the last shutdown are graded on", { count: requeued });
  // Scores for the LMS that the last process had not sent yet are sent (then retried with backoff).
  startPassbackSender(logger.child({ area: "lti" }));
  if (config.ENGINE_MODE === "privileged-caps") {
    log.warn("ENGINE_MODE=privileged-caps: learner engines get capabilities that make them host-root-equivalent; use only on a dedicated sandbox host");
  }
  const course = await getCourse();
  log.info("lessons loaded", { steps: course.map((l) => l.step) });
  const lessonsWatch = config.LESSONS_WATCH ? watchLessons(logger.child({ area: "lessons" })) : undefined;

  const hubs = new HubRegistry();
  // Whether engines can start here at all (a probe engine, below): students are told at once if not.
  let health: EngineHealth | undefined;
  // The layer cache's seeding (below, once engines can start), stopped at shutdown.
  const stopSeeding = new AbortController();
  let seeding: Promise<void> | undefined;
  let regrades: { stop(): Promise<void> } | undefined;
  // Set once the cluster manager exists (below): a student's engine never yields while their step-9 cluster is up.
  let clusterRunning: (studentId: string) => boolean = () => false;
  // Set once the preview's websockets can be taken (below): an engine's are closed when it is removed, moved or yields.
  let previewUpgrades: PreviewUpgrades | undefined;
  const engines = new EngineManager({
    disks,
    beforeStart: () => health?.ensureUsable(),
    owner: "server",
    log: logger.child({ area: "sandbox" }),
    workspaceHostPath: (studentId) => ensureWorkspace(studentId),
    idleMs: config.ENGINE_IDLE_MINUTES * 60_000,
    memoryBytes: config.ENGINE_MEMORY_MB * 1024 * 1024,
    pidsLimit: config.ENGINE_PIDS,
    nanoCpus: Math.round(config.ENGINE_CPUS * 1e9),
    nice: config.ENGINE_NICE,
    mode: config.ENGINE_MODE,
    instanceId: randomUUID(),
    onRemoved: (studentId) => (hubs.drop(studentId), previewUpgrades?.engineGone(studentId)),
    placement,
    onMoved: (studentId) => (hubs.moved(studentId), previewUpgrades?.engineGone(studentId)),
    // Time-sharing while students are queued: an inactive student's engine (or a closed page's) gives its place up.
    yieldPolicy: { idleMs: config.ENGINE_YIELD_IDLE_MINUTES * 60_000, closedMs: config.ENGINE_YIELD_CLOSED_SECONDS * 1000 },
    onYielded: (studentId) => (hubs.yielded(studentId), previewUpgrades?.engineGone(studentId)),
    keepsEngine: (studentId) => clusterRunning(studentId),
    deploymentId: createHash("sha256").update(config.DATA_DIR).digest("hex").slice(0, 12),
    pool: { size: config.ENGINE_POOL_SIZE, mountsDir: path.join(config.DATA_DIR, "engine-mounts"), mounts: poolMounts },
    maxRunning: config.ENGINE_MAX_RUNNING,
  });
  // Checks' and Submits' image builds wait for one of CHECK_BUILD_SLOTS per machine (derived from the host when unset).
  log.info("build slot limit", { perMachine: config.CHECK_BUILD_SLOTS, waitSeconds: config.CHECK_BUILD_SLOT_WAIT_SECONDS });
  // The teacher's preview runs (route handlers) grade in engines of this manager, under its limit.
  provideGraderEngines(engines);
  // A file saved through the HTTP API counts as activity: that engine does not yield to the queue.
  // A saved Dockerfile whose first RUN line is the seeded reference's starts the layer cache's pull in a ready engine, ahead of the Check.
  // As the Check's own pull, whatever WB_LAYER_CACHE says (it governs the seeding): the registry tells whether a cache exists.
  const prefetch = new LayerCachePrefetch({
    builds: referenceBuilds(course),
    engineOf: (studentId) => engines.current(studentId),
    readFile: (studentId, relPath) => readWorkspaceFile(studentId, relPath),
    perMachine: (machine) => hostBuildSlots().limitOf(machine),
    log: logger.child({ area: "layer-cache" }),
  });
  provideEngineActivity((studentId, savedPath) => {
    engines.noteActivity(studentId);
    if (savedPath !== undefined) prefetch.saved(studentId, savedPath);
  });
  const reaped = await engines.reap().catch((error: unknown) => {
    log.error("could not reach Docker to reap old engines", { error: String(error) });
    return 0;
  });
  if (reaped) log.info("removed engines left by an earlier run", { count: reaped });
  // Kept engine data of students the database no longer has (deleted) goes; the rest stays for their next session.
  const forgotten = await disks
    ?.removeKeptEngineDataOfUnknown(async (studentId) => (await getStudent(studentId)) !== null)
    .catch((error: unknown) => {
      log.error("could not check the kept engine data against the students", { error: String(error) });
      return 0;
    });
  if (forgotten) log.info("deleted the kept engine data of students who no longer exist", { count: forgotten });
  if (config.WB_CLUSTER_MODE === "privileged-caps") {
    log.warn("WB_CLUSTER_MODE=privileged-caps: step 9's cluster nodes are host-root-equivalent; use only on a dedicated sandbox host");
  }
  const clusters = new ClusterManager({
    engines,
    owner: "server",
    log: logger.child({ area: "cluster" }),
    workspaceHostPath: (studentId) => ensureWorkspace(studentId),
    idleMs: config.ENGINE_IDLE_MINUTES * 60_000,
    enabled: config.WB_CLUSTER_MODE === "privileged-caps",
    deploymentId: createHash("sha256").update(config.DATA_DIR).digest("hex").slice(0, 12),
    onRemoved: (studentId) => hubs.dropCluster(studentId),
  });
  clusterRunning = (studentId) => clusters.current(studentId) !== undefined;
  const reapedClusters = await clusters.reap().catch((error: unknown) => {
    log.error("could not reach Docker to reap old clusters", { error: String(error) });
    return 0;
  });
  if (reapedClusters) log.info("removed clusters left by an earlier run", { count: reapedClusters });
  health = new EngineHealth(() => probeLearnerEngine(engines, "server"), logger.child({ area: "sandbox" }));
  void health.check().then(() => {
    engines.startPool();
    resumeSubmissions(resumable, { hubs, engines, clusters, archive: submissions, log: logger.child({ area: "submit" }) });
    regrades = startRegradeWorker({ engines, log: logger.child({ area: "regrade" }), options: { clusters } });
    // The class-wide layer cache: reference builds missing or stale in the infra registry, one at a time, in the background.
    if (config.WB_LAYER_CACHE !== "off" && !stopSeeding.signal.aborted) {
      const cacheLog = logger.child({ area: "layer-cache" });
      const builds = referenceBuilds(course);
      // builds is the whole course: what else the cache holds (older seedings, removed lessons) is pruned.
      const pruneOwned = () => true;
      seeding = seedLayerCache({
        engines,
        builds,
        scope: config.WB_LAYER_CACHE,
        owner: "server",
        log: cacheLog,
        buildTimeoutMs: config.BUILD_TIMEOUT_SECONDS * 1000,
        signal: stopSeeding.signal,
        pruneOwned,
      })
        .then(() => undefined)
        .catch((error: unknown) => cacheLog.warn("layer cache: seeding stopped", { error: String(error) }));
    }
  });

  const studentFromRequest = (req: http.IncomingMessage) => decodeStudentCookie(readCookie(req.headers.cookie, STUDENT_COOKIE), config.SESSION_SECRET);

  const app = next({ dev, dir: process.cwd(), hostname: config.HOST, port: config.PORT });
  await app.prepare();
  const handle = app.getRequestHandler();
  const previewRoutes = previewRoutesOf(course);
  const ws = createWebSocketEndpoint({
    engines,
    clusters,
    hubs,
    submissions,
    log: logger.child({ area: "ws" }),
    studentFromRequest,
    startSession: startStudentSession,
    mayWork: (req) => mayWorkOnCourse(req.headers.cookie),
    origins: originPolicyOf(config),
    previewPorts: new Set(previewRoutes.map((route) => route.port)),
  });

  // A student's engine starts while their step page loads (on its GET, and on its early request), and their shell once it is ready.
  const startEngineEarly = earlyEngineStarter({
    enginesHealthy: () => health?.snapshot().state === "ok",
    prewarm: (studentId) => startShellWithEarlyEngine(engines.prewarm(studentId), studentId, { engines, hubs, log: logger.child({ area: "ws" }) }),
  });
  const handleRequest = createRequestHandler({
    handle,
    previewRoutes,
    engines,
    secret: config.SESSION_SECRET,
    log,
    earlyEngine: { start: startEngineEarly, origins: originPolicyOf(config) },
  });
  const server = http.createServer(SERVER_TIMEOUTS, (req, res) => (req.url === "/api/health" ? sendHealth(res, health) : handleRequest(req, res)));

  const nextUpgrade = (app as unknown as { getUpgradeHandler?: () => (req: http.IncomingMessage, socket: import("node:stream").Duplex, head: Buffer) => Promise<void> }).getUpgradeHandler?.();
  // WebSockets under the preview's routes go to the student's engine, with the preview's own rules.
  previewUpgrades = createPreviewUpgrades({ routes: previewRoutes, engines, studentFromRequest, origins: originPolicyOf(config), log: logger.child({ area: "preview" }) });
  server.on("upgrade", createUpgradeHandler({ ws, preview: previewUpgrades, nextUpgrade: dev ? nextUpgrade : undefined, log }));

  server.listen(config.PORT, config.HOST, () => {
    log.info("workbench listening", { url: `http://localhost:${config.PORT}`, dev });
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("shutting down", { signal });
    health?.stop();
    void regrades?.stop();
    stopPassbackSender();
    lessonsWatch?.close();
    ws.close();
    previewUpgrades?.close();
    server.close();
    stopSeeding.abort();
    await seeding;
    await clusters.shutdown();
    await engines.shutdown();
    await closeDb().catch(() => undefined);
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

/** GET /api/health: whether learner engines can start here (pages show a banner when not). */
function sendHealth(res: http.ServerResponse, health: EngineHealth | undefined): void {
  const engines = health?.snapshot() ?? { state: "checking", message: "" };
  res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-store" });
  res.end(JSON.stringify({ engines }));
}

main().catch((error: unknown) => {
  logger.error("the workbench could not start", { error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
