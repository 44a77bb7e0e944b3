/**
 * Where the class-wide layer cache keeps the reference build of one build check: a repository of
 * the infra registry (registry.workbench:5000, read-only to engines), named after the step folder,
 * build context and Dockerfile that the check builds. The seeding (./layer-cache-seed.ts) pushes the
 * lesson's solution built that way; a Check or a Submit building the same folder pulls it and builds
 * with it as `cachefrom` (./layer-cache-pull.ts). Only the server writes there.
 */
import { createHash } from "node:crypto";

/** The infra registry as engines name it (scripts/ensure-infra.sh; insecure-registries in the engine's daemon.json). */
export const LAYER_CACHE_REGISTRY = "registry.workbench:5000";
/** The tag the latest seeding of a build points at; each seeding also pushes a tag named by its content key. */
export const LAYER_CACHE_CURRENT_TAG = "current";

export interface LayerCacheBuild {
  /** Step folder, relative to the workspace root (the lesson's, never the student's choice). */
  folder: string;
  /** Build context, relative to the step folder. */
  context: string;
  /** Dockerfile, relative to the build context. */
  dockerfile: string;
}

/** `workbench-cache/<folder>-<hash>`: a valid registry path whatever the names, distinct per (folder, context, Dockerfile). */
export function layerCacheRepository(build: LayerCacheBuild): string {
  const hash = createHash("sha256").update(`${build.folder}\0${build.context}\0${build.dockerfile}`).digest("hex").slice(0, 12);
  const slug =
    build.folder
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || "step";
  return `workbench-cache/${slug}-${hash}`;
}

/** The image reference engines pull: the current reference build of that folder. */
export function layerCacheRef(build: LayerCacheBuild): string {
  return `${LAYER_CACHE_REGISTRY}/${layerCacheRepository(build)}:${LAYER_CACHE_CURRENT_TAG}`;
}
