/** Removes what swarm test rigs (./swarm-rig.ts) left: their node containers, volumes, networks and shared folders. Repeatable. */
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type Docker from "dockerode";
import { ignoreAlreadyDone } from "../host-docker";
import { LABEL_SWARM_RIG_SHARED_DIR, swarmRigFilter } from "./swarm-rig-labels";

/** Shared folders are only ever made under the temporary folder: a label naming another place is not followed. */
export const SWARM_RIG_TMP_PREFIX = path.join(os.tmpdir(), "wb-swarm-rig-");

/** One rig (by id) or every rig. Returns how many node containers were removed. */
export async function removeSwarmRigs(docker: Docker, rigId?: string): Promise<number> {
  const filters = swarmRigFilter(rigId);
  const containers = await docker.listContainers({ all: true, filters });
  await Promise.all(containers.map((c) => ignoreAlreadyDone(() => docker.getContainer(c.Id).remove({ force: true, v: true }))));
  const networks = await docker.listNetworks({ filters });
  for (const network of networks) {
    const shared = network.Labels?.[LABEL_SWARM_RIG_SHARED_DIR];
    await ignoreAlreadyDone(() => docker.getNetwork(network.Id).remove());
    if (shared && path.resolve(shared).startsWith(SWARM_RIG_TMP_PREFIX)) await rm(path.dirname(shared), { recursive: true, force: true });
  }
  const { Volumes: volumes } = await docker.listVolumes({ filters });
  await Promise.all((volumes ?? []).map((v) => ignoreAlreadyDone(() => docker.getVolume(v.Name).remove())));
  return containers.length;
}
