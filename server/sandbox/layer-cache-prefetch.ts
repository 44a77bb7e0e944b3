/**
 * The class-wide layer cache pulled into a student's engine ahead of their Check (issue 13): when
 * they save a Dockerfile that a step's build check builds, whose reference is seeded, and whose
 * stage's first RUN line is one of the cache's (the Check's own decision, ./layer-cache-sources.ts
 * isWorthPulling), their engine starts pulling it then. A Check that starts while that pull runs
 * joins it (./layer-cache-pull.ts: one pull per engine and reference); a Check after it finds the
 * image there and only compares the manifest.
 *
 * Bounds: only a ready engine (never at its start or hand-over: a save comes later), one prefetch at
 * a time per engine, none while a Check builds in it (its build pulls what it needs itself), at most
 * `perMachine` at once per machine the engines run on (the host, or a swarm node: the server gives that
 * machine's build slot limit, counted apart so that a prefetch never takes a Check's slot), others waiting
 * in order, the latest save of each student only. The pull is the engine's dockerd's work, at the
 * engine's niceness (ENGINE_NICE), and it takes no build slot. A pull that fails is logged by the
 * pull and forgotten: the Check pulls as it always did.
 */
import path from "node:path";
import type Docker from "dockerode";
import type { Logger } from "../logger";
import type { LearnerEngine } from "./engine-manager";
import { LOCAL_BUILD_HOST } from "./build-slots";
import { layerCacheRef, layerCacheRepository, type LayerCacheBuild } from "./layer-cache-ref";
import { isLayerCachePullUnderWay, pullLayerCache } from "./layer-cache-pull";
import { isWorthPulling } from "./layer-cache-sources";
import { registryImageHistory } from "./layer-cache-registry";

/** Engines a Check builds in now (EngineGradingSandbox's build slot): no prefetch begins there. */
const buildingIn = new WeakMap<Docker, number>();

/** Marks the engine as building until the returned function is called. */
export function markEngineBuilding(inner: Docker): () => void {
  buildingIn.set(inner, (buildingIn.get(inner) ?? 0) + 1);
  let done = false;
  return () => {
    if (done) return;
    done = true;
    const left = (buildingIn.get(inner) ?? 1) - 1;
    if (left > 0) buildingIn.set(inner, left);
    else buildingIn.delete(inner);
  };
}

export function isEngineBuilding(inner: Docker): boolean {
  return (buildingIn.get(inner) ?? 0) > 0;
}

/** The Dockerfile's path in the workspace ("1_step/Dockerfile"), as a save names it. */
const dockerfilePath = (build: LayerCacheBuild) => path.posix.normalize(path.posix.join(build.folder, build.context, build.dockerfile));

export interface LayerCachePrefetchOptions {
  /** The builds the cache is seeded with (../grading-services/reference-builds.ts). */
  builds: LayerCacheBuild[];
  /** The student's engine if it is ready, without starting one (EngineManager.current). */
  engineOf: (studentId: string) => LearnerEngine | undefined;
  /** The saved file's text, read again from the workspace when its turn comes. */
  readFile: (studentId: string, relPath: string) => Promise<string>;
  /** Prefetch pulls at once on a machine (LOCAL_BUILD_HOST or a swarm node's id). */
  perMachine: (machine: string) => number;
  log: Logger;
  /** Reads the history of a cached image; by default from the infra registry. */
  readHistory?: (repository: string, tag: string) => Promise<string[] | undefined>;
  /** How long after a prefetch of a reference into an engine another save does not pull it again (autosave saves often); 60 s by default. */
  repeatAfterMs?: number;
  /** The pull; by default the Check's own (joined by the Check). */
  pull?: (inner: Docker, ref: string) => Promise<string | undefined>;
}

interface Waiting {
  studentId: string;
  relPath: string;
  build: LayerCacheBuild;
}

export class LayerCachePrefetch {
  private readonly byPath = new Map<string, LayerCacheBuild[]>();
  /** Running prefetches per machine. */
  private readonly running = new Map<string, number>();
  /** Engines with a prefetch running (one each). */
  private readonly busyEngines = new WeakSet<Docker>();
  /** When each engine last had each reference prefetched. */
  private readonly prefetchedAt = new WeakMap<Docker, Map<string, number>>();
  /** Saves waiting for a place, oldest first, one per student (the latest). */
  private readonly waiting = new Map<string, Waiting>();

  constructor(private readonly options: LayerCachePrefetchOptions) {
    for (const build of options.builds) {
      const key = dockerfilePath(build);
      this.byPath.set(key, [...(this.byPath.get(key) ?? []), build]);
    }
  }

  /** How many prefetch pulls run now (all machines), and how many saves wait for a place. */
  get load(): { running: number; waiting: number } {
    let running = 0;
    for (const count of this.running.values()) running += count;
    return { running, waiting: this.waiting.size };
  }

  /** A student saved a file: a prefetch begins (or waits for a place) when it is a Dockerfile some build check builds. */
  saved(studentId: string, relPath: string): void {
    const normalized = path.posix.normalize(relPath.replace(/^\/+/, ""));
    const builds = this.byPath.get(normalized);
    if (!builds) return;
    // A Dockerfile built by several checks (another context) is the same reference content: the first is enough.
    this.waiting.delete(studentId);
    this.waiting.set(studentId, { studentId, relPath: normalized, build: builds[0]! });
    this.drain();
  }

  private machineOf(engine: LearnerEngine): string {
    return engine.node?.id ?? LOCAL_BUILD_HOST;
  }

  /** Starts every waiting save whose machine has a place; drops those whose engine is not ready, busy or building. */
  private drain(): void {
    for (const entry of [...this.waiting.values()]) {
      const engine = this.options.engineOf(entry.studentId);
      if (!engine) {
        this.waiting.delete(entry.studentId);
        continue;
      }
      const ref = layerCacheRef(entry.build);
      const lastPulled = this.prefetchedAt.get(engine.inner)?.get(ref);
      const recent = lastPulled !== undefined && Date.now() - lastPulled < (this.options.repeatAfterMs ?? 60_000);
      if (recent || this.busyEngines.has(engine.inner) || isEngineBuilding(engine.inner) || isLayerCachePullUnderWay(engine.inner, ref)) {
        this.waiting.delete(entry.studentId);
        continue;
      }
      const machine = this.machineOf(engine);
      if ((this.running.get(machine) ?? 0) >= Math.max(1, this.options.perMachine(machine))) continue;
      this.waiting.delete(entry.studentId);
      this.running.set(machine, (this.running.get(machine) ?? 0) + 1);
      this.busyEngines.add(engine.inner);
      void this.prefetch(entry, engine, ref).finally(() => {
        this.busyEngines.delete(engine.inner);
        const left = (this.running.get(machine) ?? 1) - 1;
        if (left > 0) this.running.set(machine, left);
        else this.running.delete(machine);
        this.drain();
      });
    }
  }

  private async prefetch(entry: Waiting, engine: LearnerEngine, ref: string): Promise<void> {
    const { log } = this.options;
    try {
      const dockerfile = await this.options.readFile(entry.studentId, entry.relPath);
      const worth = await isWorthPulling(this.options.readHistory ?? registryImageHistory, layerCacheRepository(entry.build), dockerfile);
      if (!worth) return;
      // Checked again after the reads: a Check may have begun building meanwhile (it pulls itself).
      if (isEngineBuilding(engine.inner) || this.options.engineOf(entry.studentId) !== engine) return;
      const began = Date.now();
      log.info("layer cache prefetch", { studentId: entry.studentId, ref });
      const pulled = await (this.options.pull ?? ((inner, r) => pullLayerCache(inner, r)))(engine.inner, ref);
      log.info("layer cache prefetched", { studentId: entry.studentId, ref, pulled: pulled !== undefined, ms: Date.now() - began });
      if (pulled !== undefined) {
        const times = this.prefetchedAt.get(engine.inner) ?? new Map<string, number>();
        this.prefetchedAt.set(engine.inner, times.set(ref, Date.now()));
      }
    } catch (error) {
      log.warn("layer cache prefetch failed: the Check will pull it", { studentId: entry.studentId, ref, reason: error instanceof Error ? error.message : String(error) });
    }
  }
}
