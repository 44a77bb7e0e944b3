/**
 * Seeds the class-wide layer cache: each reference build (a lesson's solution folder built as its
 * build check builds a student's) is built in an engine of the server's own, never a student's,
 * and pushed to the infra registry, which engines may only read. Checks and Submits then build with
 * it as `cachefrom` (./layer-cache-pull.ts): a student whose Dockerfile starts like the reference
 * gets those layers instead of building them. Nothing a student writes ever reaches it.
 *
 * Idempotent and keyed by content: a build is seeded again only when its solution files or the base
 * images its FROM lines name (as the registry serves them) change. Without the infra registry (Docker
 * Hub answers here) there is nothing to seed into, and builds go uncached.
 */
import { createHash } from "node:crypto";
import { cp, mkdtemp, open, readFile, readdir, rm, unlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type Docker from "dockerode";
import type { Logger } from "../logger";
import type { EngineManager, StartedEngine } from "./engine-manager";
import { EngineGradingSandbox } from "./engine-grading-sandbox";
import { getHostDocker, ignoreAlreadyDone } from "./host-docker";
import { LAYER_CACHE_CURRENT_TAG, layerCacheRepository, type LayerCacheBuild } from "./layer-cache-ref";
import { LAYER_CACHE_LOADER, isInfraRegistryServing, registryManifestDigest, startRegistryLoader } from "./layer-cache-registry";
import type { SandboxOwner } from "./labels";
import { referencePrefix } from "./reference-prefix";
import { collectRegistryGarbage, deleteManifests, listCacheRepositories, staleManifests, type KeptTags } from "./layer-cache-prune";
import { layerCacheLock } from "./layer-cache-lock";

/**
 * What of each reference is seeded: `prefix`, its instructions up to its first RUN (the slow package
 * layer, whose line the lessons' hints already give); `full`, all of it (a student's engine can then
 * read the whole solution from the image's history).
 */
export type LayerCacheScope = "prefix" | "full";

/** One build check of a lesson, and where its reference solution lies. */
export interface ReferenceBuild extends LayerCacheBuild {
  step: number;
  /** The lesson's solution/ folder (it holds `folder`). */
  solutionDir: string;
}

export interface SeedLayerCacheOptions {
  engines: Pick<EngineManager, "launchExtra" | "removeExtraEngine">;
  builds: ReferenceBuild[];
  scope: LayerCacheScope;
  owner: SandboxOwner;
  log: Logger;
  buildTimeoutMs?: number;
  docker?: Docker;
  /** How long to wait for another process's seeding to end (tests); by default a process that finds one running leaves it the work. */
  lockWaitMs?: number;
  /** Aborted at shutdown: the build stops, its engine and the loader are removed, nothing more is seeded. */
  signal?: AbortSignal;
  /**
   * `builds` is the whole course: once each is seeded or current, the cache's other images in the
   * repositories this accepts (tags of older seedings, repositories of builds the lessons no longer
   * have) are deleted and the registry garbage-collected (./layer-cache-prune.ts). Unset: nothing is removed.
   */
  pruneOwned?: (repository: string) => boolean;
}

export type SeedResult = { step: number; repository: string } & ({ outcome: "current" | "seeded"; key: string } | { outcome: "failed"; reason: string });

/** Seeds what is missing or stale, one build at a time; a build that fails is logged and left uncached. */
export async function seedLayerCache(options: SeedLayerCacheOptions): Promise<SeedResult[]> {
  const { log } = options;
  const docker = options.docker ?? getHostDocker();
  if (!(await isInfraRegistryServing(docker))) {
    log.info("layer cache off: the infra registry does not run here (Docker Hub answers), builds go uncached");
    return [];
  }
  await using lock = await takeSeedLock(options.lockWaitMs ?? 0);
  if (!lock.held) {
    log.info("layer cache: another workbench process is seeding it");
    return [];
  }
  await removeSeedLeftovers(docker);
  const results: SeedResult[] = [];
  let engine: StartedEngine | undefined;
  let loader: Awaited<ReturnType<typeof startRegistryLoader>> | undefined;
  const engineName = `wb-${options.owner}-layer-cache-seed`;
  // Removing the engine ends a build in progress at once (its stream breaks).
  const onAbort = () => void options.engines.removeExtraEngine(engineName).catch(() => undefined);
  options.signal?.addEventListener("abort", onAbort);
  try {
    for (const reference of options.builds) {
      if (options.signal?.aborted) break;
      const repository = layerCacheRepository(reference);
      try {
        await using seeded = await seededFiles(reference, options.scope);
        const build = seeded.build;
        const key = await referenceKey(build);
        const current = await registryManifestDigest(repository, LAYER_CACHE_CURRENT_TAG);
        if (current && current === (await registryManifestDigest(repository, key))) {
          results.push({ step: build.step, repository, outcome: "current", key });
          continue;
        }
        const began = Date.now();
        log.info("layer cache: building the reference", { step: build.step, repository, key });
        engine ??= await options.engines.launchExtra({ name: engineName, studentLabel: "layer-cache", workspaceHostPath: undefined });
        const seedTag = `workbench-layer-cache-seed:${key}`;
        await buildReference(engine, build, seedTag, options.buildTimeoutMs ?? 900_000);
        loader ??= await startRegistryLoader(docker);
        const [inner, target] = [engine.inner, `${loader.host}/${repository}`];
        await layerCacheLock.shared(() => copyToRegistry(inner, docker, seedTag, target, [key, LAYER_CACHE_CURRENT_TAG]));
        log.info("layer cache: reference seeded", { step: build.step, repository, key, ms: Date.now() - began });
        results.push({ step: build.step, repository, outcome: "seeded", key });
      } catch (error) {
        if (options.signal?.aborted) break;
        const reason = error instanceof Error ? error.message : String(error);
        log.warn("layer cache: could not seed a reference build (its students build uncached)", { step: reference.step, repository, reason });
        results.push({ step: reference.step, repository, outcome: "failed", reason });
      }
    }
    if (options.pruneOwned && !options.signal?.aborted) {
      engine?.close();
      if (engine) await options.engines.removeExtraEngine(engineName).catch(() => undefined);
      engine = undefined;
      const pruneOwned = options.pruneOwned;
      try {
        // Alone: no engine pulls and nothing is pushed while manifests go and their blobs are collected (./layer-cache-lock.ts).
        await layerCacheLock.exclusive(async () => {
          loader ??= await startRegistryLoader(docker);
          const pruned = await pruneStaleCache(loader.host, results, pruneOwned, log);
          await loader[Symbol.asyncDispose]();
          loader = undefined;
          if (pruned > 0) {
            const began = Date.now();
            await collectRegistryGarbage(docker);
            log.info("layer cache: older images removed from the registry", { manifests: pruned, gcMs: Date.now() - began });
          }
        }, options.signal);
      } catch (error) {
        log.warn("layer cache: older images not removed (they only take disk space)", { reason: error instanceof Error ? error.message : String(error) });
      }
    }
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
    engine?.close();
    if (engine) await options.engines.removeExtraEngine(engineName).catch(() => undefined);
    await loader?.[Symbol.asyncDispose]();
  }
  return results;
}

/** Deletes what the seeding did not just produce or confirm; a build that failed keeps its repository as it was. Returns how many manifests went. */
async function pruneStaleCache(host: string, results: SeedResult[], owns: (repository: string) => boolean, log: Logger): Promise<number> {
  const keep = new Map<string, KeptTags>();
  for (const result of results) {
    const kept = result.outcome === "failed" ? "all" : [LAYER_CACHE_CURRENT_TAG, result.key];
    const before = keep.get(result.repository);
    keep.set(result.repository, before === "all" || kept === "all" ? "all" : [...(before ?? []), ...kept]);
  }
  const stale = staleManifests(await listCacheRepositories(host, owns), keep);
  for (const manifest of stale) log.info("layer cache: removing an image the lessons no longer produce", { repository: manifest.repository, tags: manifest.tags });
  await deleteManifests(host, stale);
  return stale.length;
}

/** The reference as seeded: its own files (full), or a copy whose Dockerfile stops after its first RUN (prefix). */
async function seededFiles(reference: ReferenceBuild, scope: LayerCacheScope): Promise<{ build: ReferenceBuild } & AsyncDisposable> {
  if (scope === "full") return { build: reference, [Symbol.asyncDispose]: async () => {} };
  const root = await mkdtemp(path.join(os.tmpdir(), "wb-layer-cache-"));
  const contextDir = path.join(root, reference.folder, reference.context);
  await cp(path.join(reference.solutionDir, reference.folder, reference.context), contextDir, { recursive: true });
  const dockerfile = path.join(contextDir, reference.dockerfile);
  await writeFile(dockerfile, referencePrefix(await readFile(dockerfile, "utf8")));
  return { build: { ...reference, solutionDir: root }, [Symbol.asyncDispose]: () => rm(root, { recursive: true, force: true }) };
}

/** Builds the solution folder in the server's engine exactly as a Check builds a student's. */
async function buildReference(engine: StartedEngine, build: ReferenceBuild, tag: string, timeoutMs: number): Promise<void> {
  const sandbox = new EngineGradingSandbox({ ...engine, studentId: "layer-cache", fromPool: false }, build.solutionDir);
  const outcome = await sandbox.build({ ...build, tag, noCache: false, timeoutMs, onLog: () => {}, onProgress: () => {} });
  if (!outcome.ok) throw new Error(`the reference build failed: ${outcome.error ?? "no image"}\n${outcome.logTail}`);
}

/** The built image, from the server's engine through the host's Docker, pushed under each tag; the host keeps no copy. */
async function copyToRegistry(inner: Docker, docker: Docker, seedTag: string, target: string, tags: string[]): Promise<void> {
  const saved = await inner.getImage(seedTag).get();
  await followToEnd(docker, await docker.loadImage(saved));
  try {
    for (const tag of tags) {
      await docker.getImage(seedTag).tag({ repo: target, tag });
      // The API wants an X-Registry-Auth header even for a registry without authentication: an empty one.
      await followToEnd(docker, await docker.getImage(`${target}:${tag}`).push({ authconfig: { base64: "e30=" } } as Docker.ImagePushOptions));
    }
  } finally {
    for (const name of [...tags.map((tag) => `${target}:${tag}`), seedTag]) await ignoreAlreadyDone(() => docker.getImage(name).remove());
  }
}

/** What a seeding killed in the middle leaves on the host: its registry loader, and image tags of the copy in progress (≈ 1 GB each). */
async function removeSeedLeftovers(docker: Docker): Promise<void> {
  await ignoreAlreadyDone(() => docker.getContainer(LAYER_CACHE_LOADER).remove({ force: true }));
  const images = await docker.listImages();
  const tags = images.flatMap((image) => image.RepoTags ?? []).filter((tag) => /^workbench-layer-cache-seed:|^127\.0\.0\.1:\d+\/workbench-cache\//.test(tag));
  for (const tag of tags) await ignoreAlreadyDone(() => docker.getImage(tag).remove());
}

/** Reads a progress stream to its end; an `error` line in it is a failure. */
function followToEnd(docker: Docker, stream: NodeJS.ReadableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    let failure: string | undefined;
    docker.modem.followProgress(
      stream,
      (error) => (error ? reject(error) : failure ? reject(new Error(failure)) : resolve()),
      (event: { error?: string; errorDetail?: { message?: string } }) => {
        if (event.error || event.errorDetail) failure = event.errorDetail?.message ?? event.error;
      },
    );
  });
}

/** Hash of the build context's files (names and contents) and of the registry's manifests of the images its FROM lines name. */
export async function referenceKey(build: ReferenceBuild, baseDigest: (repository: string, tag: string) => Promise<string | undefined> = registryManifestDigest): Promise<string> {
  const contextDir = path.join(build.solutionDir, build.folder, build.context);
  const hash = createHash("sha256").update(`${build.dockerfile}\0`);
  for (const file of await listFiles(contextDir))
    hash
      .update(`${file}\0`)
      .update(await readFile(path.join(contextDir, file)))
      .update("\0");
  const dockerfile = await readFile(path.join(contextDir, build.dockerfile), "utf8");
  for (const image of fromImages(dockerfile)) {
    const [name, tag = "latest"] = image.split(":");
    const repository = name!.includes("/") ? name! : `library/${name}`;
    hash.update(`${image}=${(await baseDigest(repository, tag).catch(() => undefined)) ?? "none"}\0`);
  }
  return hash.digest("hex").slice(0, 32);
}

/** The images named by FROM lines (`FROM x [AS y]`), digests and build stages left as written. */
export function fromImages(dockerfile: string): string[] {
  return [...dockerfile.matchAll(/^\s*FROM\s+(?:--\S+\s+)*(\S+)/gim)].map((m) => m[1]!);
}

async function listFiles(root: string, dir = ""): Promise<string[]> {
  const out: string[] = [];
  for (const entry of (await readdir(path.join(root, dir), { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const relative = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(root, relative)));
    else if (entry.isFile()) out.push(relative);
  }
  return out;
}

/** One seeding per host at a time (processes share the registry): a lock file with the holder's pid, taken over when that process is gone. */
async function takeSeedLock(waitMs: number, file = path.join(os.tmpdir(), "docker-workbench-layer-cache.lock")): Promise<{ held: boolean } & AsyncDisposable> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const handle = await open(file, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
      return { held: true, [Symbol.asyncDispose]: () => unlink(file).catch(() => undefined) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(await readFile(file, "utf8").catch(() => ""));
      if (!holder || !isAlive(holder)) await unlink(file).catch(() => undefined);
      else if (Date.now() >= deadline) return { held: false, [Symbol.asyncDispose]: async () => {} };
      else await new Promise((r) => setTimeout(r, 2_000));
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
