/** An image copied from the server host's Docker to a node's when the node lacks that very image (by id): `docker save | docker load` through the server, no registry needed. */
import type Docker from "dockerode";
import { isAlreadyDone } from "../host-docker";
import type { Logger } from "../../logger";

/** `image`: a name (or the id) to save on the server's host, and the id the node must end up with (an older image under the name does not count). */
export async function copyImageToNode(node: Docker, host: Docker, image: { name: string; id: string }, log: Logger, what = "engine image"): Promise<void> {
  if (await hasImage(node, image.id)) return;
  const began = Date.now();
  const archive = await host.getImage(image.name).get();
  const answer = (await node.loadImage(archive, { quiet: true })) as NodeJS.ReadableStream;
  await new Promise<void>((resolve, reject) => node.modem.followProgress(answer, (error: Error | null) => (error ? reject(error) : resolve())));
  if (!(await hasImage(node, image.id))) throw new Error(`the ${what} ${image.name} could not be loaded on the node`);
  log.info(`${what} copied to the node`, { image: image.name, ms: Date.now() - began });
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
