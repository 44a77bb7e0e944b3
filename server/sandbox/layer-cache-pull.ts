/**
 * Brings the class-wide layer cache of one build into an engine before it builds: a pull of the
 * reference build from the infra registry (./layer-cache-ref.ts). The build then names it as
 * `cachefrom`, so the legacy builder reuses each of its layers whose instruction and parents match
 * the student's Dockerfile, and builds the rest. A pull of an image already there only compares
 * its manifest.
 *
 * The cache is a speed-up, never a condition: no cache for that build (nothing seeded), no registry
 * (Docker Hub answers here), a registry down or slow, all end in an uncached build; only a fault
 * other than "nothing seeded" is logged.
 */
import type Docker from "dockerode";
import { logger } from "../logger";
import { describeDockerError } from "./docker-errors";
import { layerCacheLock } from "./layer-cache-lock";

const log = logger.child({ area: "layer-cache" });

/** How long a pull may take before the build goes on without it (the step-1 reference is ≈ 1 GB unpacked). */
export const LAYER_CACHE_PULL_TIMEOUT_MS = 120_000;

/** Nothing seeded for that build (or no such registry): not a fault. */
const isNotSeeded = (message: string) => /manifest unknown|not found|no such host|does not exist|repository .* not found/i.test(message);

/** The pulls under way, per engine and reference: a second caller joins the one running (./layer-cache-prefetch.ts, a Check right after a save). */
const pullsUnderWay = new WeakMap<Docker, Map<string, Promise<string | undefined>>>();

/** Whether that engine is pulling that reference now (a pull begun by the prefetch on a save, or by another build). */
export function isLayerCachePullUnderWay(inner: Docker, ref: string): boolean {
  return pullsUnderWay.get(inner)?.has(ref) ?? false;
}

/**
 * The reference to build with as `cachefrom`, once pulled; undefined when the build goes uncached.
 * A pull of the same reference already under way in that engine is joined (one pull, its own time
 * limit), not started twice.
 */
export function pullLayerCache(inner: Docker, ref: string, timeoutMs = LAYER_CACHE_PULL_TIMEOUT_MS): Promise<string | undefined> {
  let pulls = pullsUnderWay.get(inner);
  const running = pulls?.get(ref);
  if (running) return running;
  if (!pulls) pullsUnderWay.set(inner, (pulls = new Map()));
  const pulling = pullNow(inner, ref, timeoutMs).finally(() => {
    if (pulls.get(ref) === pulling) pulls.delete(ref);
  });
  pulls.set(ref, pulling);
  return pulling;
}

async function pullNow(inner: Docker, ref: string, timeoutMs: number): Promise<string | undefined> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  const began = Date.now();
  let waitedForPrune = true;
  try {
    // Shared with other pulls and the seeding's pushes; a prune of the registry waits for it to end (./layer-cache-lock.ts).
    await layerCacheLock.shared(async () => {
      waitedForPrune = false;
      const stream = await inner.pull(ref, { abortSignal: abort.signal });
      const failure = await new Promise<string | undefined>((resolve, reject) => {
        let error: string | undefined;
        inner.modem.followProgress(
          stream,
          (streamError) => (streamError ? reject(streamError) : resolve(error)),
          (event: { error?: string; errorDetail?: { message?: string } }) => {
            if (event.error || event.errorDetail) error = event.errorDetail?.message ?? event.error;
          },
        );
      });
      if (failure) throw new Error(failure);
    }, abort.signal);
    log.debug("layer cache pulled", { ref, ms: Date.now() - began });
    return ref;
  } catch (error) {
    const timedOut = `no answer within ${Math.round(timeoutMs / 1000)} s${waitedForPrune ? " (the registry was being pruned)" : ""}`;
    const message = abort.signal.aborted ? timedOut : describeDockerError(error);
    if (isNotSeeded(message)) log.debug("no layer cache for this build", { ref, reason: message });
    else log.warn("layer cache unavailable: building without it", { ref, reason: message });
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

const IMAGE_ID = /^sha256:[0-9a-f]{64}$/;
/** How many of the engine's untagged leaves (a failed build's last layer, an older build's image) are offered as well. */
const OWN_LEAVES = 10;

/**
 * The engine's own images to pass beside the class cache: Docker's legacy builder, once given any
 * `cachefrom`, uses a layer of the engine's own cache only if it belongs to one of those images'
 * history. So the step's last image (its tag) and the most recent untagged leaves (what a failed or
 * replaced build left) go in too, and a student's second Check reuses their own layers as before.
 * Only image IDs read from this engine, for a build in this engine: nothing crosses between students.
 */
export async function ownCacheSources(inner: Docker, tag: string): Promise<string[]> {
  const sources: string[] = [];
  try {
    const own = await inner.getImage(tag).inspect();
    if (IMAGE_ID.test(own.Id)) sources.push(own.Id);
  } catch {
    /* not built yet */
  }
  try {
    const leaves = await inner.listImages({ filters: JSON.stringify({ dangling: ["true"] }) } as Docker.ListImagesOptions);
    leaves.sort((a, b) => (b.Created ?? 0) - (a.Created ?? 0));
    for (const leaf of leaves.slice(0, OWN_LEAVES)) if (typeof leaf.Id === "string" && IMAGE_ID.test(leaf.Id) && !sources.includes(leaf.Id)) sources.push(leaf.Id);
  } catch (error) {
    log.debug("own cache sources not listed", { reason: describeDockerError(error) });
  }
  return sources;
}
