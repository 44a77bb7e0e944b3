/**
 * What a swarm node needs before an engine can be created on it: the engine image (copied from the
 * server host's Docker when the node lacks it, so that no registry is needed) and the learners'
 * network (a bridge without inter-container traffic, as scripts/ensure-infra.sh makes on the host).
 */
import type Docker from "dockerode";
import { isAlreadyDone } from "../host-docker";
import { LEARNER_NETWORK } from "../engine-options";
import type { Logger } from "../../logger";

/** `image`: the engine image's name and its id on the server's host; the node must have that very image (an older one under the name does not count). */
export async function prepareEngineNode(node: Docker, host: Docker, image: { name: string; id: string }, log: Logger): Promise<void> {
  if (!(await hasImage(node, image.id))) {
    const began = Date.now();
    const archive = await host.getImage(image.name).get();
    const answer = (await node.loadImage(archive, { quiet: true })) as NodeJS.ReadableStream;
    await new Promise<void>((resolve, reject) => node.modem.followProgress(answer, (error: Error | null) => (error ? reject(error) : resolve())));
    if (!(await hasImage(node, image.id))) throw new Error(`the engine image ${image.name} could not be loaded on the node`);
    log.info("engine image copied to the node", { image: image.name, ms: Date.now() - began });
  }
  try {
    await node.getNetwork(LEARNER_NETWORK).inspect();
  } catch (error) {
    if (!isAlreadyDone(error)) throw error;
    await node.createNetwork({ Name: LEARNER_NETWORK, Driver: "bridge", Options: { "com.docker.network.bridge.enable_icc": "false" }, Labels: { "org.dockerworkbench.managed": "true" } });
  }
}

async function hasImage(docker: Docker, image: string): Promise<boolean> {
  try {
    await docker.getImage(image).inspect();
    return true;
  } catch (error) {
    if (isAlreadyDone(error)) return false;
    throw error;
  }
}
