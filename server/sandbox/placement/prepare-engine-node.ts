/**
 * What a swarm node needs before an engine can be created on it: the engine image (copied from the
 * server host's Docker when the node lacks it, so that no registry is needed) and the learners'
 * network (a bridge without inter-container traffic, as scripts/ensure-infra.sh makes on the host), and
 * with `caches` its own copy of the server's infra container (./node-infra.ts).
 */
import type Docker from "dockerode";
import { isAlreadyDone } from "../host-docker";
import { LEARNER_NETWORK } from "../engine-options";
import type { Logger } from "../../logger";
import { copyImageToNode } from "./node-image";
import { ensureNodeInfra, type NodeCachesSource } from "./node-infra";

/**
 * `image`: the engine image's name and its id on the server's host; the node must have that very image.
 * `caches`: where the node's infra fills from (./node-infra.ts); without it the node gets no caches of its own.
 */
export async function prepareEngineNode(node: Docker, host: Docker, image: { name: string; id: string }, log: Logger, caches?: NodeCachesSource): Promise<void> {
  await copyImageToNode(node, host, image, log);
  try {
    await node.getNetwork(LEARNER_NETWORK).inspect();
  } catch (error) {
    if (!isAlreadyDone(error)) throw error;
    await node.createNetwork({ Name: LEARNER_NETWORK, Driver: "bridge", Options: { "com.docker.network.bridge.enable_icc": "false" }, Labels: { "org.dockerworkbench.managed": "true" } });
  }
  if (caches) await ensureNodeInfra(node, host, caches, log);
}
