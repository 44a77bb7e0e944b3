/**
 * Pruning the class-wide layer cache at seed time, against the real infra registry: when a
 * reference Dockerfile changes, the image of its older seeding goes (its tag, its manifest and, after
 * the registry's garbage collection, its layer on the volume), and a build the course no longer has
 * loses its images; the current seeding stays and is still served. Two tiny fixture references in
 * their own repositories (`inttest-prune-*`), the only ones this test lets the seeding prune.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createTestEngines, makeLearnerWorkspace } from "./testing/test-engines";
import { seedLayerCache, type ReferenceBuild, type SeedResult } from "./layer-cache-seed";
import { LAYER_CACHE_CURRENT_TAG, layerCacheRepository } from "./layer-cache-ref";
import { isInfraRegistryServing, registryManifestDigest } from "./layer-cache-registry";
import { getHostDocker } from "./host-docker";
import { INFRA_IP, REGISTRY_VOLUME } from "./infra-options";
import { createLogger } from "../logger";

const workspace = makeLearnerWorkspace("wb-int-layer-prune-");
const engines = createTestEngines(workspace, { deploymentId: `layerprunetest${process.pid}` });
const log = createLogger({ level: "info", write: (line) => void process.stderr.write(`${line}\n`) });
const registryServes = await isInfraRegistryServing();
const solutionDir = mkdtempSync(path.join(os.tmpdir(), "wb-int-layer-prune-solution-"));
const ownsTestRepositories = (repository: string) => repository.startsWith("workbench-cache/inttest-prune-");

function reference(folder: string, run: string): ReferenceBuild {
  mkdirSync(path.join(solutionDir, folder), { recursive: true });
  writeFileSync(path.join(solutionDir, folder, "Dockerfile"), `FROM debian:latest\nRUN ${run}\n`);
  return { step: 1, solutionDir, folder, context: ".", dockerfile: "Dockerfile" };
}

const registry = `http://${INFRA_IP}:5000`;
async function tagsOf(repository: string): Promise<string[]> {
  const answer = await fetch(`${registry}/v2/${repository}/tags/list`);
  if (answer.status === 404) return [];
  return (((await answer.json()) as { tags?: string[] | null }).tags ?? []).sort();
}
async function lastLayer(repository: string, tag: string): Promise<string> {
  const answer = await fetch(`${registry}/v2/${repository}/manifests/${tag}`, { headers: { Accept: "application/vnd.docker.distribution.manifest.v2+json" } });
  const layers = ((await answer.json()) as { layers: { digest: string }[] }).layers;
  return layers[layers.length - 1]!.digest;
}
/** Whether the registry's volume still holds a blob (the serving registry may remember it in its in-memory cache). */
async function volumeHoldsBlob(digest: string): Promise<boolean> {
  const volume = await getHostDocker().getVolume(REGISTRY_VOLUME).inspect();
  const hex = digest.replace(/^sha256:/, "");
  return existsSync(path.join(volume.Mountpoint, "docker/registry/v2/blobs/sha256", hex.slice(0, 2), hex, "data"));
}
const seed = (builds: ReferenceBuild[]) => seedLayerCache({ engines, builds, scope: "prefix", owner: "test", log, lockWaitMs: 14 * 60_000, pruneOwned: ownsTestRepositories });
const keyOf = (result: SeedResult | undefined) => (result && result.outcome !== "failed" ? result.key : `failed: ${JSON.stringify(result)}`);

// Unique per run, so the first seeding always pushes something the second must prune.
const run = `${process.pid}-${Date.now()}`;
const changing = "inttest_prune_changing";
const removed = "inttest_prune_removed";
let first: SeedResult[] = [];

beforeAll(async () => {
  if (!registryServes) return;
  first = await seed([reference(changing, `echo before-${run} > /v`), reference(removed, `echo removed-${run} > /v`)]);
});

afterAll(async () => {
  // Leaves the test's repositories empty.
  if (registryServes) await seed([]);
  rmSync(workspace, { recursive: true, force: true });
  rmSync(solutionDir, { recursive: true, force: true });
});

describe.skipIf(!registryServes)("pruning the class-wide layer cache at seed time", () => {
  it("removes the older seeding of a changed reference and every image of a build the course no longer has, and keeps the current one", async () => {
    const changingRepository = layerCacheRepository({ folder: changing, context: ".", dockerfile: "Dockerfile" });
    const removedRepository = layerCacheRepository({ folder: removed, context: ".", dockerfile: "Dockerfile" });
    const oldKey = keyOf(first[0]);
    expect(first.map((r) => r.outcome)).toEqual(["seeded", "seeded"]);
    expect(await tagsOf(changingRepository)).toEqual([LAYER_CACHE_CURRENT_TAG, oldKey].sort());
    expect(await tagsOf(removedRepository)).toEqual([LAYER_CACHE_CURRENT_TAG, keyOf(first[1])].sort());
    const oldLayer = await lastLayer(changingRepository, oldKey);
    const removedLayer = await lastLayer(removedRepository, LAYER_CACHE_CURRENT_TAG);
    expect(await volumeHoldsBlob(oldLayer)).toBe(true);

    const began = Date.now();
    const second = await seed([reference(changing, `echo after-${run} > /v`)]);
    process.stdout.write(`seeding with one changed reference and one removed, pruning included: ${((Date.now() - began) / 1000).toFixed(1)} s\n`);
    const newKey = keyOf(second[0]);
    expect(second.map((r) => r.outcome)).toEqual(["seeded"]);
    expect(await tagsOf(changingRepository)).toEqual([LAYER_CACHE_CURRENT_TAG, newKey].sort());
    expect(await registryManifestDigest(changingRepository, oldKey)).toBeUndefined();
    expect(await tagsOf(removedRepository)).toEqual([]);
    // The registry's garbage collection freed their layers on the volume; the current one is still there.
    expect(await volumeHoldsBlob(oldLayer)).toBe(false);
    expect(await volumeHoldsBlob(removedLayer)).toBe(false);
    expect(await volumeHoldsBlob(await lastLayer(changingRepository, LAYER_CACHE_CURRENT_TAG))).toBe(true);
    expect(await registryManifestDigest(changingRepository, LAYER_CACHE_CURRENT_TAG)).toBe(await registryManifestDigest(changingRepository, newKey));
  });

  it("prunes nothing of a build whose seeding failed this time", async () => {
    const changingRepository = layerCacheRepository({ folder: changing, context: ".", dockerfile: "Dockerfile" });
    const before = await tagsOf(changingRepository);
    const results = await seed([reference(changing, "exit 3")]);
    expect(results.map((r) => r.outcome)).toEqual(["failed"]);
    expect(await tagsOf(changingRepository)).toEqual(before);
  });
});
