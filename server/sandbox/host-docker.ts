/** The host's Docker engine (DOCKER_HOST or the local socket): where learner engines run. */
import Docker from "dockerode";

let hostDocker: Docker | undefined;

export function getHostDocker(): Docker {
  hostDocker ??= new Docker(); // docker-modem reads DOCKER_HOST, else /var/run/docker.sock
  return hostDocker;
}

/** True when a Docker API error means "already gone / already done": 304 and 404 count as success. */
export function isAlreadyDone(error: unknown): boolean {
  const status = (error as { statusCode?: number } | null)?.statusCode;
  return status === 304 || status === 404;
}

/** Runs a removal and treats "not there any more" as success, so cleanup can be repeated. */
export async function ignoreAlreadyDone(action: () => Promise<unknown>): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (!isAlreadyDone(error)) throw error;
  }
}
