/**
 * The learner engine image for the swarm test rig's nodes (./swarm-rig.ts): `docker save` of the
 * host's image, kept as a tar in the set-up's cache folder under the image's id (a rebuilt image
 * gets a new tar, older ones are removed), then `docker load` into each node through its API.
 *
 * Measured on the 2-core machine under a class benchmark (load 18–30): the save took 27 s (once per
 * image id, then cached); loading the 783 MB image into two nodes at once took 23–34 s. Pulling it
 * instead, from a registry of the rig's own (the infra image's writable `load-registry`, aliased
 * registry.workbench on the rig network so the nodes' entrypoint trusts it), took 23–31 s for the
 * same two nodes, after a one-time push of 42 s: no faster, and it needs a registry container and
 * the alias before the nodes start. So the rig loads from the cached tar. (The infra's own mirror is
 * read-only on purpose: scripts/ensure-infra.sh fills it through a separate writable registry.)
 */
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import type Docker from "dockerode";

export const SWARM_RIG_CACHE_DIR = path.join(process.env.WB_CACHE_DIR ?? "/var/cache/docker-workbench", "swarm-rig");

/** The tar of `image` in the cache, saved from the host's Docker when not there yet. */
export async function cachedImageTar(hostDocker: Docker, image: string): Promise<string> {
  const info = await hostDocker
    .getImage(image)
    .inspect()
    .catch(() => {
      throw new Error(`the image ${image} is not on this host: build it first (bash scripts/ensure-engine-image.sh)`);
    });
  const id = info.Id.replace(/^sha256:/, "").slice(0, 16);
  const slug = image.replace(/[^a-zA-Z0-9_.-]+/g, "_");
  const tar = path.join(SWARM_RIG_CACHE_DIR, `${slug}-${id}.tar`);
  if (await stat(tar).catch(() => undefined)) return tar;
  await mkdir(SWARM_RIG_CACHE_DIR, { recursive: true });
  for (const old of await readdir(SWARM_RIG_CACHE_DIR)) {
    // Older images' tars only: another rig may be writing its .partial of this one right now.
    if (old.startsWith(`${slug}-`) && old.endsWith(".tar")) await rm(path.join(SWARM_RIG_CACHE_DIR, old), { force: true });
  }
  const partial = `${tar}.${process.pid}.partial`;
  try {
    await pipeline(await hostDocker.getImage(image).get(), createWriteStream(partial));
    await rename(partial, tar);
  } finally {
    await rm(partial, { force: true });
  }
  return tar;
}

/** `docker load` of the tar into a node; throws with the engine's message when the load stream reports an error. */
export async function loadImageTar(nodeDocker: Docker, tar: string, image: string): Promise<void> {
  const stream = await nodeDocker.loadImage(createReadStream(tar), { quiet: true });
  const lines: string[] = [];
  stream.setEncoding("utf8");
  for await (const chunk of stream) lines.push(String(chunk));
  const failure = lines
    .join("")
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      try {
        return (JSON.parse(line) as { error?: string }).error;
      } catch {
        return undefined;
      }
    })
    .find(Boolean);
  if (failure) throw new Error(`loading ${image} into a rig node failed: ${failure}`);
  await nodeDocker.getImage(image).inspect();
}
