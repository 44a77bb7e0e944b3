/**
 * What a swarm node needs before an engine can be created on it: the engine image (copied from the
 * server host's Docker when the node lacks it, so that no registry is needed) and the learners'
 * network (a bridge without inter-container traffic, as scripts/ensure-infra.sh makes on the host).
 */
import type Docker from "dockerode";
import { isAlreadyDone } from "../host-docker";
import { LEARNER_NETWORK } from "../engine-options";
import type { Logger } from "../../logger";

export async function prepareEngineNode(node: Docker, host: Docker, image: string, log: Logger): Promise<void> {
  if (!(await hasImage(node, image))) {
    const began = Date.now();
    const archive = await host.getImage(image).get();
    const answer = (await node.loadImage(archive, { quiet: true })) as NodeJS.ReadableStream;
    await new Promise<void>((resolve, reject) => node.modem.followProgress(answer, (error: Error | null) => (error ? reject(error) : resolve())));
    if (!(await hasImage(node, image))) throw new Error(`the engine image ${image} could not be loaded on the node`);
    log.info("engine image copied to the node", { image, ms: Date.now() - began });
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
