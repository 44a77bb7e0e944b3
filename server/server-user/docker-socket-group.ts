/** The group that may use the host's Docker socket (DOCKER_HOST's unix socket, else /var/run/docker.sock). */
import fs from "node:fs";

/** The socket's path; undefined when DOCKER_HOST is not a unix socket (then no group is needed to reach Docker). */
export function dockerSocketPath(dockerHost = process.env.DOCKER_HOST): string | undefined {
  if (!dockerHost) return "/var/run/docker.sock";
  return dockerHost.startsWith("unix://") ? dockerHost.slice("unix://".length) : undefined;
}

/** The socket's group id, or why the server cannot reach Docker through its group. */
export function dockerSocketGroup(socket: string): { gid: number } | { problem: string } {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(socket);
  } catch (error) {
    return { problem: `the Docker socket ${socket} cannot be read: ${(error as Error).message}` };
  }
  if (!stat.isSocket()) return { problem: `${socket} is not a socket` };
  // Group root would give the server every file of root's group: the socket needs a group of its own.
  if (stat.gid === 0) return { problem: `the Docker socket ${socket} belongs to group root: give it a docker group (groupadd docker, then start dockerd with --group docker)` };
  if ((stat.mode & 0o060) !== 0o060) return { problem: `the Docker socket ${socket} is not readable and writable by its group (mode ${(stat.mode & 0o777).toString(8)})` };
  return { gid: stat.gid };
}
