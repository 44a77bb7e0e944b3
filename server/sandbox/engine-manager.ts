/**
 * Learner engines: one container per student running a rootless dockerd, created on demand,
 * shared by the student's tabs, removed after a period without any connection, and reaped at
 * start-up. Owns the lifecycle only; terminals and grading use the handles it returns.
 *
 * At most `maxRunning` engines run at once (./engine-admission.ts): students' engines, pool
 * engines and cluster nodes (reserveExtra) all count. A student beyond it waits in a queue and is
 * told their position; pool engines give their place up to a queued student.
 */
import type Docker from "dockerode";
import { getHostDocker, ignoreAlreadyDone, isAlreadyDone } from "./host-docker";
import { LABEL_CREATED, LABEL_DEPLOYMENT, labelFilter, type SandboxOwner } from "./labels";
import { execCommand } from "./exec-command";
import { createInnerEngineClient } from "./inner-engine-client";
import { ENGINE_IMAGE, INNER_DOCKER_HOST, LEARNER_NETWORK, LEARNER_USER, engineCreateOptions, engineReadyCommand } from "./engine-options";
import { AppError } from "../app-error";
import type { Logger } from "../logger";
import { IdleCountdown } from "./idle-countdown";
import { diagnoseEngineFailure } from "./engine-failure";
import { demuxedText } from "./demuxed-text";
import { WorkspaceMounts, type PoolMounts } from "./workspace-mounts";
import { ENGINE_DISK_FOLDERS, ENGINE_DISK_KEPT_FOLDERS } from "./engine-options";
import type { LearnerDisks } from "./learner-disks";
import { EngineAdmission, type AdmissionSlot, type QueuePosition } from "./engine-admission";
import { LEARNER_GID, LEARNER_UID, LEARNER_WORKSPACE } from "./engine-options";
import { describeDockerError } from "./docker-errors";
import type { EnginePlacement } from "./placement/engine-placement";
import type { EngineNode } from "./placement/swarm-task-node";
import { EnginePortTunnel } from "./engine-port-tunnel";
import { chooseYields, type YieldCandidate, type YieldPolicy } from "./engine-yield";
import { estimateEngineWaitMs } from "./engine-queue-eta";
import { ActivityThrottle } from "./activity-throttle";
import { EngineStudentState } from "./engine-student-state";
import { ShellAhead } from "./shell-ahead";

export interface LearnerEngine {
  studentId: string;
  containerName: string;
  container: Docker.Container;
  /** Address of the engine container on the learners' network (published ports answer there). */
  ip: string;
  /** dockerode connected to the learner's own (inner) engine. */
  inner: Docker;
  startedAt: Date;
  readyMs: number;
  /** Whether a pre-started pool engine was handed over (with the blank workspace disk made ahead for it, or the student's own mounted at claim). */
  fromPool: boolean;
  /** Closes the inner engine client's tunnels. */
  close: () => void;
  /** The swarm node it runs on (WB_PLACEMENT=swarm); none: the host's own Docker. */
  node?: EngineNode;
  /** On another node (its `ip` is not routed from the server): its published ports, reached by exec in it (the preview). */
  tunnel?: EnginePortTunnel;
  /**
   * The shell a pool engine started before the hand-over (./shell-ahead.ts), when the student took
   * the blank workspace disk it waited with: their hub takes it instead of opening one. Ended with
   * the engine if nobody took it.
   */
  shellAhead?: ShellAhead;
}

export type StartedEngine = Omit<LearnerEngine, "studentId" | "fromPool" | "shellAhead">;

/** An engine started by launchExtra (see there). */
export interface ExtraEngineParams {
  name: string;
  /** Value of LABEL_STUDENT. */
  studentLabel: string;
  /** Bind-mounted at LEARNER_WORKSPACE; none for engines without the student's files. */
  workspaceHostPath: string | undefined;
  hostname?: string;
  /** Overrides the manager's mode (a swarm node needs privileged-caps). */
  mode?: "rootless" | "privileged-caps";
  /** Extra labels on the container and its data volume. */
  labels?: Record<string, string>;
}

/** Told while an engine is being started (`queue`: while waiting for a free engine); the caller announces readiness itself. */
export type EngineProgress = (state: "starting", message: string, queue?: QueuePosition) => void;

/** What a student waiting for a free engine is told. */
export function engineQueueMessage({ position, limit }: QueuePosition, what = "your terminal starts"): string {
  const full = limit === 1 ? "This server's one Docker engine is in use" : `All ${limit} Docker engines of this server are in use`;
  return `${full}: you are number ${position} in the queue. Your files are safe; ${what} as soon as an engine is free.`;
}

export interface EngineManagerOptions {
  owner: SandboxOwner;
  log: Logger;
  /** Host folder bind-mounted as the learner's workspace. */
  workspaceHostPath: (studentId: string) => Promise<string>;
  idleMs: number;
  memoryBytes: number;
  pidsLimit: number;
  nanoCpus: number;
  /** Niceness of each engine's dockerd and all it runs (config ENGINE_NICE); see ENGINE_DEFAULT_NICE. */
  nice?: number;
  readyTimeoutMs?: number;
  instanceId: string;
  /** Told after a student's engine has been removed (idle, or on request). */
  onRemoved?: (studentId: string) => void;
  /** How engines run (config ENGINE_MODE); rootless unless the operator chose otherwise. */
  mode?: "rootless" | "privileged-caps";
  /** Installation id (see LABEL_DEPLOYMENT): engines are labelled with it and the reaper keeps to it. */
  deploymentId?: string;
  /**
   * Engines kept started ahead of demand, and where their workspace slots are mounted. With
   * capped disks, each slot holds a blank workspace disk made ahead (see
   * CappedStorage.prepareSpareWorkspace) that a new student takes at hand-over.
   */
  pool?: { size: number; mountsDir: string; /** Who mounts the slots (the root helper's proxy); default: this process. */ mounts?: PoolMounts };
  /** Called before a student's engine is started; throws (an AppError) when engines cannot start on this host. */
  beforeStart?: () => void | Promise<void>;
  /**
   * Engines that may run at once (config ENGINE_MAX_RUNNING); beyond it students queue. Pool
   * engines and cluster nodes count; the start-up probe does not. Unset: no limit.
   */
  maxRunning?: number;
  /**
   * Learners' capped disks (config DISK_CAPS): each engine gets its own, removed with it, except a
   * student's own engine's, kept for their next one when kept engine data is on. None: uncapped.
   */
  disks?: LearnerDisks;
  /**
   * Where students' engines run (config WB_PLACEMENT=swarm): each gets a place from it and is
   * created on that node's Docker; none: the host's Docker. Capped disks and the pool are per
   * host, so neither goes with a placement. Engines of launchExtra stay on the host.
   */
  placement?: EnginePlacement;
  /** Told after a student's engine was removed because its place moved (node drained or lost), instead of onRemoved. */
  onMoved?: (studentId: string, reason: string) => void;
  /**
   * Time-sharing while students are queued (config ENGINE_YIELD_IDLE_MINUTES, ENGINE_YIELD_CLOSED_SECONDS):
   * an engine whose student is inactive (or whose pages closed) for that long is removed to make room,
   * its kept data staying for the student's next one (see ./engine-yield.ts). Unset or both 0: off.
   */
  yieldPolicy?: YieldPolicy;
  /** Told after a student's engine was removed to let a queued student in, instead of onRemoved. */
  onYielded?: (studentId: string) => void;
  /** Whether the student's engine must not yield now though inactive (their step-9 cluster is up). */
  keepsEngine?: (studentId: string) => boolean;
}

/** A student's engine being started: every caller waiting for it hears its progress. */
interface Starting {
  listeners: Set<EngineProgress>;
  last?: Parameters<EngineProgress>;
  /** Aborted when the last page leaves (or the engine is removed) while the student is queued. */
  leave: AbortController;
  queued: boolean;
}

const POOL_REFILL_DELAY_MS = 5_000;
/** How often, at most, the engines are looked at for one that should yield to the queue. */
const YIELD_CHECK_MAX_MS = 5_000;
/** Requests through the preview proxy mark their student active at most this often (a page may poll every 100 ms); a quarter of a shorter time-sharing time. */
export const PREVIEW_ACTIVITY_EVERY_MS = 10_000;
/** How often placed engines' places are looked at (a drain or a lost node moves them). */
export const PLACEMENT_WATCH_MS = 2_000;
/** A node that does not answer (lost) must not hold a removal up longer than this. */
const NODE_CALL_TIMEOUT_MS = 10_000;
/** How long after an engine was last known to run (its start, or Docker's answer) a page attaching is told it is ready without another look. */
export const ENGINE_KNOWN_ALIVE_MS = 15_000;
/** An engine started ahead of a page (prewarm) is removed if no page attaches within this. */
export const PREWARM_UNUSED_MS = 2 * 60_000;

/** A pre-started engine: its workspace-mount slot, and its place under the engine limit. */
interface PoolEntry {
  slot: string;
  /** The engine container's name (its spare workspace disk's too). */
  name: string;
  engine: Promise<StartedEngine>;
  started?: StartedEngine;
  /** The learner's shell, started once the engine is ready (with capped disks only: see there). */
  shell?: ShellAhead;
  admission: AdmissionSlot;
}

/** What a start ahead of the page took at once, so that it never queues: a ready pool engine, or a place under the limit. */
type EarlyReservation = { pool: PoolEntry; admission?: undefined } | { admission: AdmissionSlot; pool?: undefined };

const engineName = (owner: SandboxOwner, studentId: string) => `wb-${owner}-engine-${studentId}`;

export class EngineManager {
  private readonly engines = new Map<string, Promise<LearnerEngine>>();
  private readonly ready = new Map<string, LearnerEngine>();
  /** When each student's engine was last known to run: ready (its start), or a look at its container. */
  private readonly aliveAt = new Map<string, number>();
  private readonly pool: PoolEntry[] = [];
  private readonly claimedSlots = new Map<string, string>();
  private readonly mounts: PoolMounts | undefined;
  private poolEnabled = false;
  private slotCounter = 0;
  private readonly idle: IdleCountdown;
  private shuttingDown = false;
  private readonly docker = getHostDocker();
  private readonly admission: EngineAdmission;
  /** Each student's place under the engine limit, from admission until their engine is removed. */
  private readonly places = new Map<string, AdmissionSlot>();
  private readonly starting = new Map<string, Starting>();
  /** The Docker of each placed engine container (by name); the others are on the host's. */
  private readonly placedOn = new Map<string, Docker>();
  private placementWatch: NodeJS.Timeout | undefined;
  /** Each student's activity, pages, Checks, and whether their engine is yielding or moving (./engine-student-state.ts). */
  private readonly students = new Map<string, EngineStudentState>();
  private readonly previewTraffic: ActivityThrottle;
  private yieldWatch: NodeJS.Timeout | undefined;

  constructor(private readonly options: EngineManagerOptions) {
    this.idle = new IdleCountdown({ idleMs: options.idleMs, what: "engine", log: options.log, remove: (id) => this.remove(id) });
    if (options.placement && options.disks) throw new Error("capped disks are made on the server's host: an engine placement elsewhere cannot use them");
    if (options.pool && options.pool.size > 0 && !options.placement) this.mounts = options.pool.mounts ?? new WorkspaceMounts(options.pool.mountsDir);
    if (options.placement) {
      this.placementWatch = setInterval(() => void this.checkPlaces(), PLACEMENT_WATCH_MS);
      this.placementWatch.unref();
    }
    // Often enough that short time-sharing times (a test's few seconds) never run out between two records.
    const yieldTimes = [options.yieldPolicy?.idleMs ?? 0, options.yieldPolicy?.closedMs ?? 0].filter((ms) => ms > 0);
    this.previewTraffic = new ActivityThrottle(Math.min(PREVIEW_ACTIVITY_EVERY_MS, ...yieldTimes.map((ms) => ms / 4)));
    this.admission = new EngineAdmission({
      limit: options.maxRunning ?? Number.POSITIVE_INFINITY,
      log: options.log,
      estimateWaitMs: options.yieldPolicy ? (placesNeeded) => this.estimateWaitMs(placesNeeded) : undefined,
    });
    if (options.maxRunning !== undefined) options.log.info("engine limit", { maxRunning: options.maxRunning });
    const { idleMs: yieldIdleMs = 0, closedMs: yieldClosedMs = 0 } = options.yieldPolicy ?? {};
    if (options.maxRunning !== undefined && (yieldIdleMs > 0 || yieldClosedMs > 0)) {
      const every = Math.min(YIELD_CHECK_MAX_MS, ...[yieldIdleMs, yieldClosedMs].filter((ms) => ms > 0).map((ms) => Math.max(250, ms / 4)));
      this.yieldWatch = setInterval(() => this.yieldToQueue(), every);
      this.yieldWatch.unref();
    }
  }

  /** Engines allowed at once, places held now (pool and cluster nodes included), and requests waiting. */
  get capacity(): { limit: number; inUse: number; queued: number } {
    return { limit: this.admission.limit, inUse: this.admission.inUse, queued: this.admission.queueLength };
  }

  /**
   * Starts the pool (if configured). Needs to run as root on the Docker host, to mount
   * workspaces into running engines; otherwise the pool stays off and engines start on demand.
   */
  async startPool(): Promise<void> {
    if (!this.mounts || !this.options.pool) return;
    try {
      await this.mounts.releaseAll();
      await this.mounts.prepare();
      this.poolEnabled = true;
    } catch (error) {
      this.options.log.warn("engine pool disabled: workspaces cannot be mounted into running engines", { error: String(error) });
      return;
    }
    this.fillPool();
  }

  /** How many pre-started engines are waiting (started or starting). */
  get poolLength(): number {
    return this.pool.length;
  }

  /** Pool engines that have finished starting and can be handed over at once. */
  get poolReadyCount(): number {
    return this.pool.filter((entry) => entry.started).length;
  }

  /** Tops the pool up from free places only: a queued student always comes first. */
  private fillPool(): void {
    if (!this.poolEnabled || !this.mounts || !this.options.pool) return;
    while (this.pool.length < this.options.pool.size) {
      const slot = `${Date.now().toString(36)}${(this.slotCounter++).toString(36)}`;
      const admission = this.admission.tryAdmit(`pool-${slot}`);
      if (!admission) {
        this.options.log.info("engine pool not topped up: no free engine place", { pool: this.pool.length, ...this.capacity });
        return;
      }
      const mounts = this.mounts;
      const name = this.poolEngineName(slot);
      const engine = (async () => {
        const dir = await mounts.createSlot(slot, LEARNER_UID, LEARNER_GID);
        // Formatted and mounted now, while nobody waits: a new student's hand-over then only takes it.
        await this.options.disks?.prepareSpareWorkspace(name, dir);
        return this.launch(name, `pool-${slot}`, dir, true);
      })();
      const entry: PoolEntry = { slot, name, engine, admission };
      this.pool.push(entry);
      engine
        .then((started) => {
          entry.started = started;
          // The student's shell, started now so that its prompt is waiting at the hand-over. Only on a blank workspace disk made
          // ahead: the shell's working folder is then the student's workspace; a folder mounted over it at hand-over (no capped
          // disks, or a returning student) would leave the shell under that mount, so it is discarded then (claimFromPool).
          if (this.options.disks) entry.shell = new ShellAhead(started.container, this.options.log.child({ engine: name }));
        })
        .catch((error: unknown) => {
          this.options.log.error("pool engine failed to start", { error: String(error) });
          const index = this.pool.indexOf(entry);
          if (index >= 0) this.pool.splice(index, 1);
          admission.release();
          void this.releasePoolSlot(slot);
        });
    }
  }

  private poolEngineName(slot: string): string {
    return `wb-${this.options.owner}-pool-${slot}`;
  }

  /** Unmounts and removes a pool slot, and its spare workspace disk unless a student took it. Repeatable. */
  private async releasePoolSlot(slot: string): Promise<void> {
    await this.mounts?.releaseSlot(slot);
    await this.options.disks?.releaseSpareWorkspace(this.poolEngineName(slot));
  }

  /** Refills a little later: starting an engine right away competes for the CPU with the student whose page is loading now. */
  private schedulePoolRefill(): void {
    if (!this.poolEnabled) return;
    setTimeout(() => this.fillPool(), POOL_REFILL_DELAY_MS).unref();
  }

  /** A queued student needs a place more than the pool does: one pool engine is removed. */
  private yieldPoolPlace(): void {
    const entry = this.pool.find((e) => !e.started) ?? this.pool[0];
    if (!entry) return;
    this.pool.splice(this.pool.indexOf(entry), 1);
    this.options.log.info("pool engine removed to make room for a queued student", { slot: entry.slot });
    void this.discardPoolEntry(entry);
  }

  /** Removes a pool engine that was never handed over, then gives its place back. */
  private async discardPoolEntry(entry: PoolEntry): Promise<void> {
    try {
      const started = await entry.engine.catch(() => undefined);
      entry.shell?.discard();
      started?.close();
      if (started) await this.removeContainerAndVolumes(started.containerName);
      await this.releasePoolSlot(entry.slot);
    } finally {
      entry.admission.release();
    }
  }

  /**
   * The student's engine, started if needed (after waiting for a free place when the limit is
   * reached). Concurrent callers share one start, and each hears its progress.
   */
  ensure(studentId: string, onProgress?: EngineProgress): Promise<LearnerEngine> {
    return this.begin(studentId, onProgress);
  }

  private begin(studentId: string, onProgress?: EngineProgress, early?: EarlyReservation): Promise<LearnerEngine> {
    const existing = this.engines.get(studentId);
    if (existing) {
      const starting = this.starting.get(studentId);
      if (starting && onProgress) starting.listeners.add(onProgress);
      if (starting?.last) onProgress?.(...starting.last);
      else onProgress?.("starting", "Connecting to your Docker engine…");
      return existing;
    }
    const starting: Starting = { listeners: new Set(onProgress ? [onProgress] : []), leave: new AbortController(), queued: false };
    this.starting.set(studentId, starting);
    const tell: EngineProgress = (...args) => {
      starting.last = args;
      for (const listener of starting.listeners) listener(...args);
    };
    const engine = this.start(studentId, tell, starting, early);
    this.engines.set(studentId, engine);
    const settled = () => {
      if (this.starting.get(studentId) === starting) this.starting.delete(studentId);
    };
    engine.then(
      (started) => {
        settled();
        this.ready.set(studentId, started);
        this.aliveAt.set(studentId, started.startedAt.getTime());
        this.noteActivity(studentId);
      },
      () => {
        settled();
        if (this.engines.get(studentId) === engine) this.engines.delete(studentId);
      },
    );
    return engine;
  }

  /**
   * Gets the engine of a returning student whose page is loading, so that it is ready (or nearly)
   * when the page's websocket asks for it, after the page's scripts have loaded: from the pool when
   * one is ready, else started at once. Only when that needs no wait: a page view never queues nor
   * takes a pool engine's place. The pool engine or the place is taken before this returns, so
   * a burst of page views (one student's or many) can hold no more than the pool and the free places. Nobody attaching within `unusedMs` removes it, as an idle engine.
   * Returns whether a start began.
   */
  prewarm(studentId: string, unusedMs = PREWARM_UNUSED_MS): boolean {
    if (this.engines.has(studentId) || this.shuttingDown) return false;
    // Taken now, not when the start gets to it: a burst of page views then never overshoots into the queue.
    const ready = this.poolEnabled ? this.pool.find((entry) => entry.started) : undefined;
    if (ready) this.pool.splice(this.pool.indexOf(ready), 1);
    const early: EarlyReservation | undefined = ready ? { pool: ready } : ((slot) => (slot ? { admission: slot } : undefined))(this.admission.tryAdmit(studentId));
    if (!early) return false;
    this.begin(studentId, undefined, early).then(
      () => {
        if (!this.idle.inUse(studentId)) this.idle.schedule(studentId, unusedMs);
      },
      (error: unknown) => this.options.log.warn("could not start an engine ahead of its page", { studentId, error: String(error) }),
    );
    return true;
  }

  /** Whether the student is waiting in the queue for a free engine. */
  isQueued(studentId: string): boolean {
    return this.starting.get(studentId)?.queued ?? false;
  }

  /** The student's engine if it is up, without starting one. */
  current(studentId: string): LearnerEngine | undefined {
    return this.ready.get(studentId);
  }

  /**
   * The student's engine if it is up and was known to run within `withinMs` (its start, or the last
   * isAlive), without a look at Docker: a page attaching then is told it is ready at once.
   */
  knownAlive(studentId: string, withinMs = ENGINE_KNOWN_ALIVE_MS): LearnerEngine | undefined {
    const at = this.aliveAt.get(studentId);
    return at !== undefined && Date.now() - at <= withinMs ? this.ready.get(studentId) : undefined;
  }

  /** Whether the student's engine container is still running (it can die, e.g. out of memory). */
  async isAlive(studentId: string): Promise<boolean> {
    const engine = this.engines.get(studentId);
    if (!engine) return false;
    let running = false;
    const started = await engine.catch(() => undefined);
    if (!started) return false;
    try {
      running = (await started.container.inspect(started.node ? { abortSignal: AbortSignal.timeout(NODE_CALL_TIMEOUT_MS) } : {})).State.Running;
    } catch (error) {
      // A placed engine's node that does not answer (lost, or cut off) says nothing of the engine: its node's loss is the
      // placement watcher's to tell, as a move to another node, not as an engine that failed.
      running = started.node !== undefined && !isAlreadyDone(error);
    }
    if (running) this.aliveAt.set(studentId, Date.now());
    else this.aliveAt.delete(studentId);
    return running;
  }

  /** What is remembered of the student (made on first use). */
  private student(studentId: string): EngineStudentState {
    let state = this.students.get(studentId);
    if (!state) this.students.set(studentId, (state = new EngineStudentState(studentId)));
    return state;
  }

  /** How many engines are being removed for the queue now. */
  private get yieldingCount(): number {
    let count = 0;
    for (const state of this.students.values()) if (state.yielding) count++;
    return count;
  }

  /** Marks the engine in use (a socket is open); cancels any idle removal. */
  acquire(studentId: string): void {
    this.idle.acquire(studentId);
    this.students.get(studentId)?.pageOpened();
  }

  /** The student did something (typed, saved a file, ran a Check): their engine is not one to yield to the queue. */
  noteActivity(studentId: string): void {
    this.student(studentId).noteActive(Date.now());
  }

  /**
   * A request reached the student's engine through the preview proxy (their site, seen in a preview
   * tab): they are active, and that tab counts as an open page for the closed-pages rule. Recorded
   * once per PREVIEW_ACTIVITY_EVERY_MS at most, however often the page polls.
   */
  notePreviewTraffic(studentId: string): void {
    if (!this.ready.has(studentId) || !this.previewTraffic.admits(studentId)) return;
    this.student(studentId).notePreview(Date.now());
  }

  /** Something runs for the student (a Check, a Submit) until the returned function is called: their engine never yields meanwhile. */
  holdBusy(studentId: string): () => void {
    this.noteActivity(studentId);
    return this.student(studentId).holdBusy(() => this.noteActivity(studentId));
  }

  /**
   * While students are queued: removes the engines that should give their place up (./engine-yield.ts),
   * one per place the queue lacks, counting those already being removed.
   */
  private yieldToQueue(): void {
    if (this.shuttingDown || !this.options.yieldPolicy) return;
    // Estimates move as time passes and students act: waiters hear theirs when its minutes change.
    this.admission.refreshEstimates();
    const needed = this.admission.placesWanted - this.yieldingCount;
    if (needed <= 0) return;
    const candidates = this.yieldCandidates();
    const now = Date.now();
    for (const studentId of chooseYields(candidates, needed, this.options.yieldPolicy, now)) {
      const state = this.student(studentId);
      state.yielding = true;
      const candidate = candidates.find((c) => c.studentId === studentId);
      this.options.log.info("engine yields its place to a queued student", {
        studentId,
        inactiveMs: now - (candidate?.lastActiveMs ?? now),
        pageClosed: candidate?.closedAtMs !== undefined,
        ...this.capacity,
      });
      this.remove(studentId, undefined, true)
        .catch((error: unknown) => this.options.log.error("could not remove an engine yielding to the queue", { studentId, error: String(error) }))
        .finally(() => (state.yielding = false));
    }
  }

  /** The running students' engines that could give their place to the queue (not already yielding or moving). */
  private yieldCandidates(): YieldCandidate[] {
    return [...this.ready.keys()]
      .map((studentId) => this.student(studentId))
      .filter((state) => !state.yielding && !state.moving && this.places.has(state.studentId))
      .map((state) => state.asYieldCandidate(this.idle.inUse(state.studentId), this.options.keepsEngine?.(state.studentId) ?? false));
  }

  /** How long until `placesNeeded` places come back by time-sharing (./engine-queue-eta.ts), for the queue's estimate. */
  private estimateWaitMs(placesNeeded: number): number | undefined {
    if (!this.options.yieldPolicy) return undefined;
    return estimateEngineWaitMs(this.yieldCandidates(), placesNeeded, this.options.yieldPolicy, Date.now(), this.yieldingCount);
  }

  /**
   * The last user leaving starts the idle countdown to removal; a student still queued for an
   * engine leaves the queue at once instead (nobody is there to use it).
   */
  release(studentId: string): void {
    const starting = this.starting.get(studentId);
    const queued = starting?.queued ?? false;
    this.idle.release(studentId, this.engines.has(studentId) && !queued);
    if (!this.idle.inUse(studentId)) this.student(studentId).pagesClosed(Date.now());
    if (queued && !this.idle.inUse(studentId)) {
      starting?.leave.abort(new AppError("engine_unavailable", "You left the queue for a Docker engine (the page was closed). Reload the page to queue again."));
    }
  }

  /**
   * Looks at every placed engine's place: an engine whose node was drained or lost (or whose place
   * Swarm moved) is removed, and its student told through onMoved; their next attach starts a new
   * engine, which Swarm places on a node that has room.
   */
  private async checkPlaces(): Promise<void> {
    const placement = this.options.placement;
    if (!placement || this.shuttingDown) return;
    const placed = [...this.ready.entries()].flatMap(([studentId, engine]) => (engine.node && !this.students.get(studentId)?.moving ? [{ studentId, engine, node: engine.node }] : []));
    const reasons = await placement.moveReasons(placed.map(({ engine, node }) => ({ name: engine.containerName, nodeId: node.id })));
    await Promise.all(
      placed.map(async ({ studentId, engine, node }) => {
        const reason = reasons.get(engine.containerName);
        const state = this.student(studentId);
        if (!reason || this.ready.get(studentId) !== engine || state.moving) return;
        state.moving = true;
        try {
          this.options.log.warn("engine lost its place: removed, the student gets a new one", { studentId, node: node.hostname, reason });
          await this.remove(studentId, reason);
        } catch (error) {
          this.options.log.error("could not remove a moved engine", { studentId, error: String(error) });
        } finally {
          state.moving = false;
        }
      }),
    );
  }

  /** Removes the student's engine container and its data volume (or their place in the queue), and frees their place. Repeatable. */
  async remove(studentId: string, movedBecause?: string, yielded = false): Promise<void> {
    this.starting.get(studentId)?.leave.abort(new AppError("engine_unavailable", "Your Docker engine was stopped while you waited for it. Press Try again to queue again."));
    await this.engines.get(studentId)?.catch(() => undefined);
    this.engines.delete(studentId);
    const engine = this.ready.get(studentId);
    this.ready.delete(studentId);
    this.aliveAt.delete(studentId);
    const place = this.places.get(studentId);
    this.places.delete(studentId);
    engine?.shellAhead?.discard(); // handed over with the engine, but never taken by the student's hub
    engine?.close();
    this.idle.cancel(studentId);
    try {
      await this.removeContainerAndVolumes(engine?.containerName ?? engineName(this.options.owner, studentId));
      const slot = this.claimedSlots.get(studentId);
      if (slot) {
        this.claimedSlots.delete(studentId);
        await this.releasePoolSlot(slot);
      }
      await this.options.disks?.releaseWorkspace(studentId);
    } finally {
      // Given back once the container is gone, so that the limit counts running engines.
      if (place) {
        place.release();
        this.schedulePoolRefill();
      }
    }
    this.students.get(studentId)?.engineRemoved(this.idle.inUse(studentId));
    if (movedBecause !== undefined && this.options.onMoved) this.options.onMoved(studentId, movedBecause);
    else if (yielded && this.options.onYielded) this.options.onYielded(studentId);
    else this.options.onRemoved?.(studentId);
  }

  /** Removes every engine this owner left behind (a crash, a restart). Returns how many. */
  async reap(): Promise<number> {
    const filter = labelFilter("engine", this.options.owner, this.options.deploymentId);
    const containers = await this.docker.listContainers({ all: true, filters: filter });
    await Promise.all(containers.map((c) => this.removeContainerAndVolumes(c.Id)));
    const { Volumes } = await this.docker.listVolumes({ filters: filter });
    await Promise.all((Volumes ?? []).map((v) => ignoreAlreadyDone(() => this.docker.getVolume(v.Name).remove())));
    const placed = await this.reapPlaced(filter);
    await this.removeOrphanVolumes();
    await this.mounts?.releaseAll();
    await this.options.disks?.releaseAll(`wb-${this.options.owner}-`);
    return containers.length + placed;
  }

  /** The places (services) and the engine containers on the engine nodes that an earlier process left; how many containers. */
  private async reapPlaced(filter: { label: string[] }): Promise<number> {
    if (!this.options.placement) return 0;
    const nodes = await this.options.placement.reap(filter);
    const counts = await Promise.all(
      nodes.map(async (docker) => {
        const signal = AbortSignal.timeout(NODE_CALL_TIMEOUT_MS);
        const containers = await docker.listContainers({ all: true, filters: filter, abortSignal: signal }).catch(() => []);
        await Promise.all(containers.map((c) => ignoreAlreadyDone(() => docker.getContainer(c.Id).remove({ force: true, v: true, abortSignal: signal })).catch(() => undefined)));
        return containers.length;
      }),
    );
    return counts.reduce((a, b) => a + b, 0);
  }

  /**
   * Engine data volumes that no container uses any more, from any workbench on this host, once
   * they are old enough not to belong to an engine being created right now: what a process
   * killed in the middle of its clean-up leaves behind.
   */
  private async removeOrphanVolumes(minAgeMs = 10 * 60_000): Promise<void> {
    const { Volumes } = await this.docker.listVolumes({ filters: { ...labelFilter("engine"), dangling: ["true"] } });
    const old = (Volumes ?? []).filter((v) => {
      const created = Date.parse(v.Labels?.[LABEL_CREATED] ?? "");
      return Number.isFinite(created) && Date.now() - created > minAgeMs;
    });
    await Promise.all(old.map((v) => ignoreAlreadyDone(() => this.docker.getVolume(v.Name).remove()).catch(() => undefined)));
  }

  /** True once shutdown has begun: no new engine starts, and work waiting for one is left for the restart. */
  stopping(): boolean {
    return this.shuttingDown;
  }

  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    clearInterval(this.placementWatch);
    clearInterval(this.yieldWatch);
    this.poolEnabled = false;
    const ids = [...this.engines.keys()];
    const waiting = this.pool.splice(0);
    await Promise.allSettled([...ids.map((id) => this.remove(id)), ...waiting.map((entry) => this.discardPoolEntry(entry))]);
    await this.mounts?.dispose().catch(() => undefined);
    await this.options.disks?.releaseAll(`wb-${this.options.owner}-`).catch(() => undefined);
    this.options.placement?.close();
  }

  private async removeContainerAndVolumes(nameOrId: string): Promise<void> {
    const placed = this.placedOn.get(nameOrId);
    const docker = placed ?? this.docker;
    // A lost node never answers: its calls give up rather than hold the student's new engine up.
    const abortSignal = placed ? AbortSignal.timeout(NODE_CALL_TIMEOUT_MS) : undefined;
    const container = docker.getContainer(nameOrId);
    let volumes: string[] = [];
    let name = nameOrId;
    try {
      try {
        const info = await container.inspect({ abortSignal });
        name = info.Name.replace(/^\//, "");
        volumes = info.Mounts.filter((m) => m.Type === "volume" && m.Name).map((m) => m.Name as string);
      } catch {
        await this.options.disks?.releaseEngineDisk(nameOrId); // a disk made for a container that never came
        return; // already gone (or its node with it)
      }
      await ignoreAlreadyDone(() => container.remove({ force: true, v: true, abortSignal }));
      await Promise.all(volumes.map((name) => ignoreAlreadyDone(() => docker.getVolume(name).remove({ abortSignal }))));
      await this.options.disks?.releaseEngineDisk(name);
    } finally {
      if (placed) {
        this.placedOn.delete(nameOrId);
        await this.options.placement?.release(nameOrId);
      }
    }
  }

  private async start(studentId: string, onProgress: EngineProgress, starting: Starting, early?: EarlyReservation): Promise<LearnerEngine> {
    const began = Date.now();
    // A pool engine's disk is blank: a student with kept images and build cache gets an engine on those instead.
    const kept = await this.options.disks?.hasKeptEngineData(studentId);
    if (kept && early?.pool) {
      // Not theirs after all: back to the pool (or removed, if the pool has stopped meanwhile).
      if (this.poolEnabled) this.pool.push(early.pool);
      else void this.discardPoolEntry(early.pool);
    }
    const pooled = kept ? undefined : await this.claimFromPool(studentId, early?.pool);
    if (pooled) {
      early?.admission?.release();
      const readyMs = Date.now() - began;
      const shellAhead = pooled.shellAhead?.waiting ? pooled.shellAhead : undefined;
      this.options.log.info("engine handed over from the pool", {
        studentId,
        readyMs,
        container: pooled.engine.containerName,
        spareWorkspace: pooled.spareWorkspace,
        shellAhead: shellAhead !== undefined,
      });
      return { ...pooled.engine, studentId, readyMs, fromPool: true, ...(shellAhead ? { shellAhead } : {}) };
    }
    let place: AdmissionSlot;
    try {
      await this.options.beforeStart?.();
      // Ahead of the page, never a wait in the queue: the place taken then, or one free now.
      const free = early ? (early.admission ?? this.admission.tryAdmit(studentId)) : undefined;
      if (early && !free) throw new AppError("engine_unavailable", "No free engine place to start one ahead of the page.");
      place = free ?? (await this.admitStudent(studentId, onProgress, starting));
    } catch (error) {
      early?.admission?.release();
      throw error;
    }
    this.places.set(studentId, place);
    try {
      onProgress("starting", "Starting your Docker engine…");
      const name = engineName(this.options.owner, studentId);
      await this.removeContainerAndVolumes(name); // a leftover from an earlier process is never reused
      const started = await this.launch(name, studentId, await this.options.workspaceHostPath(studentId), false, { keepDataOf: studentId, placed: true });
      return { ...started, studentId, fromPool: false };
    } catch (error) {
      if (this.places.get(studentId) === place) this.places.delete(studentId);
      place.release();
      throw error;
    }
  }

  /** A place under the engine limit for the student: at once, or after waiting in the queue. */
  private async admitStudent(studentId: string, onProgress: EngineProgress, starting: Starting): Promise<AdmissionSlot> {
    if (!this.admission.hasRoom()) this.yieldPoolPlace();
    try {
      return await this.admission.admit({
        key: studentId,
        signal: starting.leave.signal,
        onQueued: (where) => {
          starting.queued = true;
          onProgress("starting", engineQueueMessage(where), where);
        },
      });
    } finally {
      starting.queued = false;
    }
  }

  /**
   * Waits for places for `count` engines started with launchExtra (a step-9 cluster's nodes), in
   * the same queue as students' engines; the caller releases the slot once they are removed.
   */
  reserveExtra(key: string, count: number, onQueued?: (message: string, where: QueuePosition) => void, signal?: AbortSignal): Promise<AdmissionSlot> {
    if (this.shuttingDown) return Promise.reject(stoppingError());
    if (!this.admission.hasRoom(count)) for (let i = 0; i < count; i++) this.yieldPoolPlace();
    return this.admission.admit({ key, weight: count, signal, onQueued: (where) => onQueued?.(engineQueueMessage(where, "your cluster starts"), where) });
  }

  /**
   * Takes a started pool engine, if one is ready, and gives it the student's workspace: a new
   * student's is the blank disk made ahead for that engine (already mounted in it); a workspace
   * that exists (or an uncapped one) is mounted over it.
   */
  private async claimFromPool(studentId: string, reserved?: PoolEntry): Promise<{ engine: StartedEngine; spareWorkspace: boolean; shellAhead?: ShellAhead } | undefined> {
    if (!this.mounts || (!reserved && !this.poolEnabled)) return undefined;
    const pick = reserved ?? this.pool.find((entry) => entry.started);
    if (!pick?.started) return undefined;
    if (!reserved) this.pool.splice(this.pool.indexOf(pick), 1);
    this.schedulePoolRefill();
    let spareWorkspace = false;
    try {
      const withdrawSpare = await this.options.disks?.offerSpareWorkspace(studentId, pick.name);
      let workspace: string;
      try {
        workspace = await this.options.workspaceHostPath(studentId);
      } finally {
        spareWorkspace = (await withdrawSpare?.()) ?? false;
      }
      if (!spareWorkspace) await this.mounts.attach(pick.slot, workspace);
    } catch (error) {
      this.options.log.error("could not mount a workspace into a pool engine", { studentId, error: String(error) });
      pick.shell?.discard();
      pick.started.close();
      await this.removeContainerAndVolumes(pick.started.containerName);
      await this.releasePoolSlot(pick.slot);
      pick.admission.release();
      return undefined;
    }
    this.claimedSlots.set(studentId, pick.slot);
    this.places.set(studentId, pick.admission); // the pool engine's place is the student's now
    // The shell started ahead is in the blank disk's folder: the student's workspace only when they took that disk.
    if (!spareWorkspace) pick.shell?.discard();
    return { engine: pick.started, spareWorkspace, ...(spareWorkspace && pick.shell ? { shellAhead: pick.shell } : {}) };
  }

  /**
   * Starts one engine container outside the one-engine-per-student map, labelled and cleaned up
   * like the others (a node of a student's swarm, see ./cluster-manager.ts). The caller owns it
   * and removes it with removeExtraEngine; reap() removes it too.
   */
  launchExtra(params: ExtraEngineParams): Promise<StartedEngine> {
    // Places freed by the students' engines as the server stops must not start graders nobody removes.
    if (this.shuttingDown) return Promise.reject(stoppingError());
    return this.launch(params.name, params.studentLabel, params.workspaceHostPath, false, { ...params, keepDataOf: undefined });
  }

  /** Removes an engine started by launchExtra, with its data volume. Repeatable. */
  removeExtraEngine(name: string): Promise<void> {
    return this.removeContainerAndVolumes(name);
  }

  /** Creates, starts and waits for one engine container. */
  private async launch(
    name: string,
    studentLabel: string,
    workspaceSource: string | undefined,
    propagate: boolean,
    // keepDataOf: the student whose kept engine data (images, build cache) this engine uses; their own engine only.
    // placed: a student's own engine, which goes where the placement puts it (launchExtra's cluster nodes and graders stay on the host).
    extra: Partial<ExtraEngineParams> & { keepDataOf?: string; placed?: boolean } = {},
  ): Promise<StartedEngine> {
    const log = this.options.log.child({ engine: name });
    const began = Date.now();
    let container: Docker.Container;
    let docker = this.docker;
    let node: EngineNode | undefined;
    try {
      const mode = extra.mode ?? this.options.mode ?? "rootless";
      const options = engineCreateOptions({
        studentId: studentLabel,
        name,
        workspaceHostPath: workspaceSource,
        engineDiskHostPath: await this.options.disks?.mountEngineDisk(
          name,
          Object.keys(ENGINE_DISK_FOLDERS[mode]),
          extra.keepDataOf ? { studentId: extra.keepDataOf, folders: ENGINE_DISK_KEPT_FOLDERS } : undefined,
        ),
        owner: this.options.owner,
        instanceId: this.options.instanceId,
        memoryBytes: this.options.memoryBytes,
        pidsLimit: this.options.pidsLimit,
        nanoCpus: this.options.nanoCpus,
        nice: this.options.nice,
        mode,
        hostname: extra.hostname,
      });
      if (extra.labels) {
        options.Labels = { ...options.Labels, ...extra.labels };
        for (const mount of options.HostConfig?.Mounts ?? []) {
          if (mount.VolumeOptions) mount.VolumeOptions.Labels = { ...mount.VolumeOptions.Labels, ...extra.labels };
        }
      }
      const deployment = this.options.deploymentId;
      if (deployment) {
        options.Labels = { ...options.Labels, [LABEL_DEPLOYMENT]: deployment };
        for (const mount of options.HostConfig?.Mounts ?? []) {
          if (mount.VolumeOptions) mount.VolumeOptions.Labels = { ...mount.VolumeOptions.Labels, [LABEL_DEPLOYMENT]: deployment };
        }
      }
      if (propagate) {
        // A pool slot receives the student's workspace later, by a mount on the host.
        const workspaceMount = options.HostConfig?.Mounts?.find((m) => m.Target === LEARNER_WORKSPACE);
        if (workspaceMount) workspaceMount.BindOptions = { Propagation: "rslave" };
      }
      const placement = extra.placed ? this.options.placement : undefined;
      if (placement) {
        this.placedOn.set(name, docker); // the place is given back even if what follows fails
        const placed = await placement.place({ name, labels: options.Labels ?? {}, memoryBytes: this.options.memoryBytes, nanoCpus: this.options.nanoCpus });
        docker = placed.docker;
        node = placed.node;
        this.placedOn.set(name, docker);
      }
      container = await docker.createContainer(options);
      await container.start();
    } catch (error) {
      log.error("engine container could not start", { error: String(error) });
      await this.removeContainerAndVolumes(name);
      throw new AppError("engine_unavailable", `Your Docker engine could not be started (${describeDockerError(error)}). Try again in a moment; if it persists, tell your teacher.`, { cause: error });
    }

    const deadline = began + (this.options.readyTimeoutMs ?? 60_000);
    let lastOutput = "";
    for (;;) {
      const probe = await execCommand(container, { cmd: engineReadyCommand, user: LEARNER_USER, timeoutMs: 5_000 }).catch((error: unknown) => ({
        exitCode: null,
        output: String(error),
        timedOut: false,
      }));
      if (probe.exitCode === 0) break;
      lastOutput = probe.output;
      const state = await container.inspect().catch(() => null);
      if (!state?.State.Running || Date.now() > deadline) {
        const logs = await container.logs({ stdout: true, stderr: true, tail: 30 }).catch(() => Buffer.from(""));
        const output = demuxedText(logs).slice(-2000);
        const known = diagnoseEngineFailure(`${output}\n${lastOutput}`);
        log.error("engine did not become ready", { running: state?.State.Running, lastOutput, logs: output, ...(known ?? {}) });
        await this.removeContainerAndVolumes(name);
        throw new AppError("engine_unavailable", "Your Docker engine did not start in time. Try again; if it persists, tell your teacher.", {
          cause: new Error(known ? `${known.reason} (fix: ${known.fix})` : `the engine did not answer; its last output: ${output.slice(-600)}`),
        });
      }
      await new Promise((r) => setTimeout(r, 250));
    }

    const info = await container.inspect();
    const ip = info.NetworkSettings.Networks[LEARNER_NETWORK]?.IPAddress ?? Object.values(info.NetworkSettings.Networks)[0]?.IPAddress ?? "";
    const { docker: inner, close } = createInnerEngineClient({ container, user: LEARNER_USER, innerDockerHost: INNER_DOCKER_HOST });
    const readyMs = Date.now() - began;
    log.info("engine ready", { readyMs, ip, image: ENGINE_IMAGE, ...(node ? { node: node.hostname } : {}) });
    const tunnel = node ? new EnginePortTunnel({ container, user: LEARNER_USER, log }) : undefined;
    const closeAll = tunnel ? () => (close(), tunnel.destroy()) : close;
    return { containerName: name, container, ip, inner, startedAt: new Date(), readyMs, close: closeAll, ...(node ? { node, tunnel } : {}) };
  }
}

function stoppingError(): AppError {
  return new AppError("engine_unavailable", "The workbench is stopping: no new Docker engine starts now. Your files are safe; a submission waiting in the queue is graded when it is back.");
}
