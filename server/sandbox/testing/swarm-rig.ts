/**
 * A multi-node Docker Swarm on this one machine, for testing the placement of learner engines over
 * several hosts (docs/scale-out.md, "How it is tested here"). Each "host" is a privileged-caps
 * engine container (the step-9 cluster nodes' image and options, ../engine-options.ts) running a
 * root dockerd; the manager runs `swarm init`, the workers join and carry the label
 * `workbench.engines=true` (the manager does not, so engines go to workers).
 *
 * STATUS: interface first (for the placement engineer); the implementation follows in this file.
 *
 * What a node offers the code under test:
 * - its own Docker API at `apiUrl` (tcp, port 2375) on the rig's private network, reachable from
 *   the host; `docker` is a dockerode for it;
 * - `/dev/net/tun` and the learner engine image `docker-workbench/engine:1`, so it can run
 *   ROOTLESS learner engines itself (the options ../engine-options.ts gives);
 * - `sharedDir`: one host folder mounted at the same absolute path in every node (NFS stand-in).
 */
import type Docker from "dockerode";
import type { Logger } from "../../logger";

export interface RigNode {
  /** The node's hostname, as `docker node ls` shows it. */
  hostname: string;
  /** The swarm's node id. */
  nodeId: string;
  /** The node's address on the rig's private network (its swarm advertise address). */
  address: string;
  /** dockerode for this node's own Docker API (TLS or plain over the rig's private network, reachable from the host) */
  docker: Docker;
  /** e.g. tcp://10.x.y.z:2375 */
  apiUrl: string;
}

export interface SwarmRig {
  manager: RigNode;
  workers: RigNode[];
  /** The manager first, then the workers. */
  nodes: RigNode[];
  /** a folder on the host mounted at the same path in every node: the shared file system that stands for NFS */
  sharedDir: string;
  /** Sets the node's availability to drain (through the manager); returns once the manager says so. */
  drain(hostname: string): Promise<void>;
  /** Sets the node's availability back to active. */
  activate(hostname: string): Promise<void>;
  /** the node's container is killed: swarm must see it down */
  kill(hostname: string): Promise<void>;
  /** Removes every container, network and volume of the rig. Repeatable. */
  stop(): Promise<void>;
}

export interface SwarmRigOptions {
  workers: number;
  /** Defaults to docker-workbench/engine:1 (ENGINE_IMAGE). */
  engineImage?: string;
  logger?: Logger;
}

export async function startSwarmRig(opts: SwarmRigOptions): Promise<SwarmRig> {
  void opts;
  throw new Error("startSwarmRig: not implemented yet");
}
