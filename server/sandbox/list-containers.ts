/** The containers of a learner engine as plain facts (the `containers` check's evidence). */
import type Docker from "dockerode";
import type { ContainerFacts, ContainersOutcome } from "../grading/evidence";
import { describeDockerError } from "./docker-errors";
import { execCommand } from "./exec-command";

/** Command names of a running container's processes, read from /proc (needs nothing installed). */
async function processNames(container: Docker.Container): Promise<string[]> {
  try {
    const result = await execCommand(container, { cmd: ["sh", "-c", "cat /proc/[0-9]*/comm 2>/dev/null"], user: "0", timeoutMs: 10_000 });
    return result.output
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean);
  } catch {
    return [];
  }
}

/** "/db:/web/mysql" (legacy link: target, then this container's name and the alias) → { container: "db", alias: "mysql" }. */
function readLink(link: string): { container: string; alias: string } {
  const [target = "", own = ""] = link.split(":");
  return { container: target.replace(/^\//, ""), alias: own.slice(own.lastIndexOf("/") + 1) };
}

export async function listLearnerContainers(inner: Docker): Promise<ContainersOutcome> {
  try {
    const listed = await inner.listContainers({ all: true });
    const containers = await Promise.all(
      listed.map(async (summary): Promise<ContainerFacts> => {
        const container = inner.getContainer(summary.Id);
        const info = await container.inspect();
        // A container its restart policy keeps restarting is not up, even between two restarts.
        const running = info.State.Running && !info.State.Restarting;
        const ports = (running ? info.NetworkSettings.Ports : null) ?? {};
        const published = Object.entries(ports).flatMap(([port, bindings]) => (bindings ?? []).map((b) => ({ container: port, host: `${b.HostIp || "0.0.0.0"}:${b.HostPort}` })));
        // A stopped container keeps what it would publish in its HostConfig.
        const planned = running
          ? []
          : Object.entries(info.HostConfig.PortBindings ?? {}).flatMap(([port, bindings]) =>
              ((bindings as { HostIp?: string; HostPort?: string }[] | null) ?? []).map((b) => ({ container: port, host: `${b.HostIp || "0.0.0.0"}:${b.HostPort ?? ""}` })),
            );
        return {
          name: info.Name.replace(/^\//, ""),
          image: info.Config.Image,
          running,
          state: info.State.Restarting ? `restarting (restarted ${info.RestartCount} times)` : info.State.Status,
          ...(running ? {} : { exitCode: info.State.ExitCode }),
          links: (info.HostConfig.Links ?? []).map(readLink),
          published: [...published, ...planned],
          networkMode: info.HostConfig.NetworkMode ?? "",
          mounts: (info.Mounts ?? []).map((m) => ({ destination: m.Destination, type: m.Type })),
          processes: running ? await processNames(container) : [],
        };
      }),
    );
    return { kind: "containers", containers: containers.sort((a, b) => a.name.localeCompare(b.name)) };
  } catch (error) {
    return { kind: "containers", containers: [], error: describeDockerError(error) };
  }
}
