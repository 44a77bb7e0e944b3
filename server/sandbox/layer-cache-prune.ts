/**
 * Removes from the infra registry the class-cache images the current lessons no longer produce:
 * each seeding pushes a tag named by its content key beside `current`, so a reference Dockerfile
 * changed five times left five images (≈ 1 GB each unpacked, hundreds of MB stored) in the
 * registry's volume for ever, and a removed lesson left its whole repository.
 *
 * Run by the seeding (./layer-cache-seed.ts) through its writable loader, once every build of the
 * course has been seeded or found current: a manifest is deleted (which removes every tag pointing
 * at it) unless a kept tag points at it too; then the registry's own garbage collection, run offline
 * on the volume ("gc-registry" mode of the infra image, as scripts/ensure-infra.sh does), frees the
 * layers no manifest references any more. What stays: the repositories' names (the registry lists
 * an emptied repository in its catalog, with no tags).
 */
import type Docker from "dockerode";
import { getHostDocker } from "./host-docker";
import { INFRA_IMAGE, REGISTRY_VOLUME } from "./infra-options";
import { sandboxLabels } from "./labels";

const MANIFEST_TYPES = ["application/vnd.docker.distribution.manifest.v2+json", "application/vnd.oci.image.manifest.v1+json"].join(", ");
/** Where the seeding pushes (./layer-cache-ref.ts). */
export const LAYER_CACHE_NAMESPACE = "workbench-cache/";

export interface RepositoryTags {
  repository: string;
  /** Each tag and the manifest digest it points at. */
  tags: { tag: string; digest: string }[];
}

/** What to keep of a repository: those tags, or all of it (a build whose seeding failed this time keeps what it had). */
export type KeptTags = readonly string[] | "all";

/** The manifests to delete: of each repository, those no kept tag points at (all of a repository absent from `keep`). */
export function staleManifests(listing: RepositoryTags[], keep: ReadonlyMap<string, KeptTags>): { repository: string; digest: string; tags: string[] }[] {
  const stale: { repository: string; digest: string; tags: string[] }[] = [];
  for (const { repository, tags } of listing) {
    const kept = keep.get(repository) ?? [];
    if (kept === "all") continue;
    const keptDigests = new Set(tags.filter((t) => kept.includes(t.tag)).map((t) => t.digest));
    const byDigest = new Map<string, string[]>();
    for (const { tag, digest } of tags) if (!keptDigests.has(digest)) byDigest.set(digest, [...(byDigest.get(digest) ?? []), tag]);
    for (const [digest, staleTags] of byDigest) stale.push({ repository, digest, tags: staleTags.sort() });
  }
  return stale;
}

/** The repositories of the class cache that `owns` accepts, with their tags' digests, read from a registry at `host`. */
export async function listCacheRepositories(host: string, owns: (repository: string) => boolean): Promise<RepositoryTags[]> {
  const listing: RepositoryTags[] = [];
  for (const repository of await listRepositories(host)) {
    if (!repository.startsWith(LAYER_CACHE_NAMESPACE) || !owns(repository)) continue;
    const answer = await fetch(`http://${host}/v2/${repository}/tags/list`, { signal: AbortSignal.timeout(10_000) });
    // An emptied repository answers 404 (NAME_UNKNOWN) or a null tag list.
    const tagNames = answer.ok ? (((await answer.json()) as { tags?: string[] | null }).tags ?? []) : [];
    if (!answer.ok && answer.status !== 404) throw new Error(`the registry answered HTTP ${answer.status} for the tags of ${repository}`);
    const tags: RepositoryTags["tags"] = [];
    for (const tag of tagNames) {
      const head = await fetch(`http://${host}/v2/${repository}/manifests/${tag}`, { method: "HEAD", headers: { Accept: MANIFEST_TYPES }, signal: AbortSignal.timeout(10_000) });
      const digest = head.headers.get("docker-content-digest");
      if (head.ok && digest) tags.push({ tag, digest });
    }
    listing.push({ repository, tags });
  }
  return listing;
}

/** Deletes each manifest through the writable registry at `host`; a manifest already gone counts as deleted. */
export async function deleteManifests(host: string, manifests: { repository: string; digest: string }[]): Promise<void> {
  for (const { repository, digest } of manifests) {
    const answer = await fetch(`http://${host}/v2/${repository}/manifests/${digest}`, { method: "DELETE", signal: AbortSignal.timeout(30_000) });
    if (!answer.ok && answer.status !== 404) throw new Error(`the registry answered HTTP ${answer.status} deleting ${repository}@${digest}`);
  }
}

/** The registry's garbage collection on its volume (no registry may write meanwhile: run it after the loader is gone). */
export async function collectRegistryGarbage(docker: Docker = getHostDocker()): Promise<string> {
  const container = await docker.createContainer({
    Image: INFRA_IMAGE,
    Cmd: ["gc-registry"],
    Labels: sandboxLabels("infra", "server"),
    HostConfig: { NetworkMode: "none", Mounts: [{ Type: "volume", Source: REGISTRY_VOLUME, Target: "/var/lib/docker-registry" }] },
  });
  try {
    await container.start();
    const { StatusCode } = (await container.wait()) as { StatusCode: number };
    const output = (await container.logs({ stdout: true, stderr: true })).toString("utf8");
    if (StatusCode !== 0) throw new Error(`the registry's garbage collection exited with ${StatusCode}: ${output.slice(-500)}`);
    return output;
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}

/** Every repository of the registry, a page at a time (the registry serves at most 1000 a page). */
async function listRepositories(host: string): Promise<string[]> {
  const all: string[] = [];
  for (;;) {
    const last = all.length ? `&last=${encodeURIComponent(all[all.length - 1]!)}` : "";
    const page = ((await readJson(`http://${host}/v2/_catalog?n=1000${last}`)) as { repositories?: string[] }).repositories ?? [];
    all.push(...page);
    if (page.length < 1000) return all;
  }
}

async function readJson(url: string): Promise<unknown> {
  const answer = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!answer.ok) throw new Error(`the registry answered HTTP ${answer.status} for ${url}`);
  return answer.json();
}
