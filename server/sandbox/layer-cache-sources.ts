/**
 * The `cachefrom` list of a grader's build in a learner engine, shared by a Dockerfile build check
 * (./engine-grading-sandbox.ts) and a compose build (./compose-up.ts): for each build, the class
 * cache of its reference (./layer-cache-ref.ts), pulled only when the student's Dockerfile can take
 * a costly layer from it (./layer-cache-reuse.ts); then, beside it, the student's own last images
 * (./layer-cache-pull.ts, ownCacheSources). Undefined when nothing was pulled: the build then uses
 * the engine's own cache as Docker does by default.
 */
import type Docker from "dockerode";
import { logger } from "../logger";
import { LAYER_CACHE_CURRENT_TAG, layerCacheRef, layerCacheRepository, type LayerCacheBuild } from "./layer-cache-ref";
import { isLayerCachePullUnderWay, ownCacheSources, pullLayerCache } from "./layer-cache-pull";
import { registryImageHistory } from "./layer-cache-registry";
import { mayReuseClassCache } from "./layer-cache-reuse";

const log = logger.child({ area: "layer-cache" });

export interface CacheSourcesRequest {
  /** One per image the grader builds: where it is built from, and its Dockerfile's text (undefined: not read). */
  builds: { build: LayerCacheBuild; dockerfile: string | undefined }[];
  /** The tags the builds give their images (the student's last images of them go in too). */
  ownTags: string[];
  timeoutMs: number;
  /** Called once, before the first pull; `joining`: every wanted pull was already under way in the engine (begun when the student saved, ./layer-cache-prefetch.ts). */
  onPulling?: (joining: boolean) => void;
  /** Reads the history of a cached image; by default from the infra registry. */
  readHistory?: (repository: string, tag: string) => Promise<string[] | undefined>;
}

export async function layerCacheSources(inner: Docker, request: CacheSourcesRequest): Promise<string[] | undefined> {
  const readHistory = request.readHistory ?? registryImageHistory;
  const wanted: string[] = [];
  for (const { build, dockerfile } of request.builds) {
    const ref = layerCacheRef(build);
    if (wanted.includes(ref)) continue;
    if (await isWorthPulling(readHistory, layerCacheRepository(build), dockerfile)) wanted.push(ref);
  }
  if (wanted.length === 0) return undefined;
  request.onPulling?.(wanted.every((ref) => isLayerCachePullUnderWay(inner, ref)));
  const pulled = (await Promise.all(wanted.map((ref) => pullLayerCache(inner, ref, request.timeoutMs)))).filter((ref): ref is string => ref !== undefined);
  if (pulled.length === 0) return undefined;
  const sources = [...pulled];
  for (const tag of request.ownTags) for (const id of await ownCacheSources(inner, tag)) if (!sources.includes(id)) sources.push(id);
  return sources;
}

/**
 * No pull when nothing is seeded for that build or the Dockerfile cannot use it; a pull when the registry cannot tell.
 * The one decision, for a Check's build and for the pull begun ahead of it on a save (./layer-cache-prefetch.ts).
 */
export async function isWorthPulling(readHistory: NonNullable<CacheSourcesRequest["readHistory"]>, repository: string, dockerfile: string | undefined): Promise<boolean> {
  try {
    const history = await readHistory(repository, LAYER_CACHE_CURRENT_TAG);
    if (!history) return false;
    const worth = dockerfile === undefined || mayReuseClassCache(dockerfile, history);
    if (!worth) log.debug("layer cache not pulled: the Dockerfile's first costly line is not the reference's", { repository });
    return worth;
  } catch (error) {
    log.debug("layer cache history not read: pulling it anyway", { repository, reason: error instanceof Error ? error.message : String(error) });
    return true;
  }
}
