/**
 * The swarm service that holds a learner engine's place on a node (swarm placement, see
 * docs/scale-out.md): one replica of a tiny anchor task that reserves what the engine may use and
 * may only run on nodes labelled for engines. Swarm's scheduler picks the node; the server then
 * creates the real engine container there (Docker 20.10's services cannot take the tun device,
 * the seccomp profile nor the unmasked /proc a rootless engine needs, so a task cannot be the engine).
 */
import type Docker from "dockerode";

/** The node label an operator sets on every node that may run learner engines. */
export const ENGINE_NODE_LABEL = "workbench.engines";
export const ENGINE_NODE_CONSTRAINT = `node.labels.${ENGINE_NODE_LABEL}==true`;

export interface EngineServiceParams {
  /** The engine container's name; the service is named after it. */
  name: string;
  /** The sandbox labels of the engine (the reaper finds services by them too). */
  labels: Record<string, string>;
  /** An image every engine node has (the engine image): the anchor only sleeps in it. */
  image: string;
  /** Reserved on the node: an engine's memory limit and CPUs. */
  memoryBytes: number;
  nanoCpus: number;
}

/** Swarm service names are at most 63 characters; engine names fit, this keeps it so. */
export const engineServiceName = (engineName: string) => engineName.slice(0, 63);

export function engineServiceSpec(p: EngineServiceParams): Docker.CreateServiceOptions {
  return {
    Name: engineServiceName(p.name),
    Labels: p.labels,
    TaskTemplate: {
      ContainerSpec: {
        Image: p.image,
        // The engine image's entrypoint would start a dockerd: the anchor only holds the place.
        Command: ["sleep", "infinity"],
        Labels: p.labels,
        StopGracePeriod: 1_000_000_000,
      },
      Resources: {
        Reservations: { MemoryBytes: p.memoryBytes, NanoCPUs: p.nanoCpus },
        Limits: { MemoryBytes: 64 * 1024 * 1024 },
      },
      Placement: { Constraints: [ENGINE_NODE_CONSTRAINT] },
      // A task stopped by a drain or lost with its node starts again elsewhere, at once.
      RestartPolicy: { Condition: "any", Delay: 1_000_000_000 },
    },
    Mode: { Replicated: { Replicas: 1 } },
  };
}
