/**
 * A student's three-node swarm playground (step 9): engines node1 (the manager, with the
 * student's workspace), node2 and node3, started by the EngineManager in privileged-caps mode
 * (rootless engines cannot form a multi-node swarm), on a private Docker network of their own.
 *
 * Networking: every node stays on the learners' network (eth0: the registry and wordpress.org
 * mirrors, the Debian mirror, and the firewall rules of scripts/ensure-infra.sh that keep it
 * away from the host and other students) and is connected to the cluster's network (eth1):
 * `--internal` (no route out), inter-node traffic allowed, bridge `wbc-<hash>` so that the
 * firewall's WORKBENCH-CLUSTER-IN chain (ensure-infra.sh) keeps the host's services out of reach
 * through its gateway address as well. On that network each node answers to its name.
 *
 * HOST-ROOT-EQUIVALENT like any privileged-caps engine: only started when the operator enabled it
 * (config WB_CLUSTER_MODE=privileged-caps). Everything is labelled: the nodes as engines
 * (LABEL_CLUSTER on top), the network with role "cluster"; reap() removes both.
 *
 * The three nodes count against the engine limit (EngineManager.reserveExtra): a cluster waits
 * in the same queue as students' engines until three places are free at once.
 */
import { createHash } from "node:crypto";
import type Docker from "dockerode";
import type { EngineManager, StartedEngine } from "./engine-manager";
import type { AdmissionSlot } from "./engine-admission";
import { getHostDocker, ignoreAlreadyDone } from "./host-docker";
import { LABEL_CLUSTER, LABEL_DEPLOYMENT, LABEL_MANAGED, LABEL_OWNER, labelFilter, sandboxLabels, type SandboxOwner } from "./labels";
import { execCommand } from "./exec-command";
import { IdleCountdown } from "./idle-countdown";
import { AppError } from "../app-error";
import type { Logger } from "../logger";

export const CLUSTER_NODE_NAMES = ["node1", "node2", "node3"] as const;
export type ClusterNodeName = (typeof CLUSTER_NODE_NAMES)[number];
export const MANAGER_NODE: ClusterNodeName = "node1";
export const isClusterNodeName = (name: string): name is ClusterNodeName => (CLUSTER_NODE_NAMES as readonly string[]).includes(name);

/** The cluster network's interface inside each node (eth0 is the learners' network). */
export const CLUSTER_INTERFACE = "eth1";

export interface ClusterNode extends StartedEngine {
  name: ClusterNodeName;
  manager: boolean;
  /** Address on the cluster's private network (what `--advertise-addr` and joins use). */
  clusterIp: string;
}

/** Whether the host kernel offers IPVS, which swarm's routing mesh and service VIPs need. */
export interface IpvsSupport {
  available: boolean;
  /** How it was decided, for logs and messages. */
  evidence: string;
}

export interface LearnerCluster {
  studentId: string;
  network: string;
  nodes: ClusterNode[];
  manager: ClusterNode;
  ipvs: IpvsSupport;
  /** From the first request to three engines answering on their private network. */
  readyMs: number;
}

export type ClusterProgress = (message: string) => void;

export interface ClusterManagerOptions {
  engines: EngineManager;
  owner: SandboxOwner;
  log: Logger;
  /** The student's workspace (bind-mounted into node1 only). */
  workspaceHostPath: (studentId: string) => Promise<string>;
  idleMs: number;
  /** The operator's explicit choice (config WB_CLUSTER_MODE); off: ensure() refuses. */
  enabled: boolean;
  deploymentId?: string;
  onRemoved?: (studentId: string) => void;
}

export const clusterNetworkName = (owner: SandboxOwner, studentId: string) => `wb-${owner}-cluster-${studentId}`;
export const clusterNodeContainerName = (owner: SandboxOwner, studentId: string, node: ClusterNodeName) => `${clusterNetworkName(owner, studentId)}-${node}`;
/** Prefix of every cluster network's Linux bridge; the firewall matches `wbc+`. */
export const CLUSTER_BRIDGE_PREFIX = "wbc-";
/** Linux interface names are at most 15 characters. */
export const clusterBridgeName = (network: string) => `${CLUSTER_BRIDGE_PREFIX}${createHash("sha256").update(network).digest("hex").slice(0, 11)}`;

export const CLUSTER_DISABLED_MESSAGE =
  "Multi-node clusters are not enabled on this workbench: they need engines with host-root-equivalent " +
  "capabilities, which the operator must allow explicitly (WB_CLUSTER_MODE=privileged-caps, on a dedicated sandbox host). " +
  "You can still practise with a single-node swarm in your own engine: `docker swarm init`.";

/** Exec'd as root in a node: prints "yes" or "no" and the evidence on the next line. */
const IPVS_PROBE = [
  "sh",
  "-c",
  'if [ -e /proc/net/ip_vs ]; then echo yes; echo "/proc/net/ip_vs exists"; ' +
    'elif grep -qs "^ip_vs " /proc/modules; then echo yes; echo "the ip_vs module is loaded"; ' +
    'else echo no; echo "no /proc/net/ip_vs and no ip_vs module loaded in the host kernel"; fi',
];

export async function detectIpvs(container: Docker.Container): Promise<IpvsSupport> {
  const result = await execCommand(container, { cmd: IPVS_PROBE, user: "0:0", timeoutMs: 10_000 }).catch(() => undefined);
  const [answer, evidence] = (result?.output ?? "").trim().split("\n");
  if (!result || result.exitCode !== 0 || (answer !== "yes" && answer !== "no")) {
    return { available: false, evidence: "could not be determined (the probe failed)" };
  }
  return { available: answer === "yes", evidence: evidence ?? "" };
}

/**
 * Makes node1…node3 resolve to their addresses on the cluster network in every node. Docker's
 * own answers would give the learners' network address (useless there: engines cannot reach one
 * another on it), and its /etc/hosts lists the node's own name on both networks.
 */
async function pinNodeNames(container: Docker.Container, nodes: ClusterNode[]): Promise<void> {
  const entries = nodes.map((n) => `${n.clusterIp}\t${n.name}`).join("\n");
  // /etc/hosts is a bind mount: rewrite it in place (sed -i would replace the file).
  const script = `kept="$(grep -Ev '[[:space:]](${CLUSTER_NODE_NAMES.join("|")})$' /etc/hosts)"; printf '%s\n${entries}\n' "$kept" > /etc/hosts`;
  const result = await execCommand(container, { cmd: ["sh", "-c", script], user: "0:0", timeoutMs: 10_000 });
  if (result.exitCode !== 0) throw new Error(`could not write the node names into /etc/hosts: ${result.output}`);
}

export class ClusterManager {
  private readonly clusters = new Map<string, Promise<LearnerCluster>>();
  private readonly ready = new Map<string, LearnerCluster>();
  private readonly idle: IdleCountdown;
  private readonly docker = getHostDocker();
  /** Each cluster's three places under the engine limit, until its nodes are removed. */
  private readonly places = new Map<string, AdmissionSlot>();
  /** Clusters waiting for places: aborting leaves the queue. */
  private readonly queued = new Map<string, AbortController>();
  /** Grading clusters: the frozen copy node1 mounts instead of a student's workspace. */
  private readonly workspaceOverrides = new Map<string, string>();

  constructor(private readonly options: ClusterManagerOptions) {
    this.idle = new IdleCountdown({ idleMs: options.idleMs, what: "cluster", log: options.log, remove: (id) => this.remove(id) });
  }

  get enabled(): boolean {
    return this.options.enabled;
  }

  /** The student's cluster, started if needed; concurrent callers share one start. */
  ensure(studentId: string, onProgress?: ClusterProgress): Promise<LearnerCluster> {
    if (!this.options.enabled) return Promise.reject(new AppError("cluster_disabled", CLUSTER_DISABLED_MESSAGE));
    let cluster = this.clusters.get(studentId);
    if (!cluster) {
      cluster = this.start(studentId, onProgress);
      this.clusters.set(studentId, cluster);
      cluster.then(
        (started) => {
          this.ready.set(studentId, started);
          // Started for a check with no page attached: it must still go away when unused.
          if (!this.idle.inUse(studentId)) this.idle.schedule(studentId);
        },
        () => this.clusters.delete(studentId),
      );
    }
    return cluster;
  }

  /**
   * A fresh cluster for one grade that counts (Submit, step 9): three new nodes under `key`
   * (e.g. "grader-<run>"), node1 holding `workspaceHostPath` (the server's frozen copy of the
   * step) instead of the student's workspace; in the same queue as every engine. The caller
   * removes it (remove(key)) when the grade ends; until then no idle countdown runs.
   */
  ensureForGrading(key: string, workspaceHostPath: string, onProgress?: ClusterProgress): Promise<LearnerCluster> {
    if (!this.options.enabled) return Promise.reject(new AppError("cluster_disabled", CLUSTER_DISABLED_MESSAGE));
    this.workspaceOverrides.set(key, workspaceHostPath);
    this.idle.acquire(key);
    return this.ensure(key, onProgress);
  }

  current(studentId: string): LearnerCluster | undefined {
    return this.ready.get(studentId);
  }

  /** Marks the cluster in use; cancels any idle removal. */
  acquire(studentId: string): void {
    this.idle.acquire(studentId);
  }

  /** The last user leaving starts the idle countdown to removal; a cluster still queued leaves the queue at once. */
  release(studentId: string): void {
    const queue = this.queued.get(studentId);
    this.idle.release(studentId, this.clusters.has(studentId) && !queue);
    if (queue && !this.idle.inUse(studentId)) queue.abort(new AppError("engine_unavailable", "You left the queue for a three-node cluster (the page was closed)."));
  }

  /** Removes the student's three nodes, their volumes and the cluster network (or its place in the queue). Repeatable. */
  async remove(studentId: string): Promise<void> {
    this.queued.get(studentId)?.abort(new AppError("engine_unavailable", "Your three-node cluster was stopped while it waited for engines."));
    await this.clusters.get(studentId)?.catch(() => undefined);
    this.clusters.delete(studentId);
    const cluster = this.ready.get(studentId);
    this.ready.delete(studentId);
    const place = this.places.get(studentId);
    this.places.delete(studentId);
    this.idle.cancel(studentId);
    // A grading cluster's use (ensureForGrading) ends with it.
    if (this.workspaceOverrides.delete(studentId)) this.idle.release(studentId, false);
    for (const node of cluster?.nodes ?? []) node.close();
    try {
      await this.removeLeftovers(studentId);
    } finally {
      place?.release();
    }
    this.options.onRemoved?.(studentId);
  }

  /** Removes every cluster (nodes and networks) this owner left behind. Returns how many networks. */
  async reap(): Promise<number> {
    const owned = [`${LABEL_MANAGED}=true`, `${LABEL_OWNER}=${this.options.owner}`];
    if (this.options.deploymentId) owned.push(`${LABEL_DEPLOYMENT}=${this.options.deploymentId}`);
    const containers = await this.docker.listContainers({ all: true, filters: { label: [...owned, LABEL_CLUSTER] } });
    await Promise.all(containers.map((c) => this.options.engines.removeExtraEngine(c.Id)));
    const networks = await this.docker.listNetworks({ filters: labelFilter("cluster", this.options.owner, this.options.deploymentId) });
    await Promise.all(networks.map((n) => this.removeNetwork(n.Id)));
    return networks.length;
  }

  async shutdown(): Promise<void> {
    await Promise.allSettled([...this.clusters.keys()].map((id) => this.remove(id)));
  }

  private async removeLeftovers(studentId: string): Promise<void> {
    const owner = this.options.owner;
    await Promise.all(CLUSTER_NODE_NAMES.map((node) => this.options.engines.removeExtraEngine(clusterNodeContainerName(owner, studentId, node))));
    await this.removeNetwork(clusterNetworkName(owner, studentId));
  }

  /** Disconnects whatever is still attached (e.g. a container of another owner), then removes. */
  private async removeNetwork(nameOrId: string): Promise<void> {
    const network = this.docker.getNetwork(nameOrId);
    const info = (await network.inspect().catch(() => undefined)) as { Containers?: Record<string, unknown> } | undefined;
    if (!info) return;
    for (const id of Object.keys(info.Containers ?? {})) {
      await ignoreAlreadyDone(() => network.disconnect({ Container: id, Force: true })).catch(() => undefined);
    }
    await ignoreAlreadyDone(() => network.remove());
  }

  private async start(studentId: string, onProgress?: ClusterProgress): Promise<LearnerCluster> {
    const began = Date.now();
    const { owner, log } = this.options;
    const network = clusterNetworkName(owner, studentId);
    await this.removeLeftovers(studentId); // never reuse what an earlier process left
    const queue = new AbortController();
    this.queued.set(studentId, queue);
    let place: AdmissionSlot;
    try {
      place = await this.options.engines.reserveExtra(`cluster-${studentId}`, CLUSTER_NODE_NAMES.length, (message) => onProgress?.(message), queue.signal);
    } finally {
      this.queued.delete(studentId);
    }
    this.places.set(studentId, place);
    onProgress?.("Starting your three-node cluster (node1, node2, node3)…");
    const labels: Record<string, string> = { ...sandboxLabels("cluster", owner, studentId), [LABEL_CLUSTER]: network };
    if (this.options.deploymentId) labels[LABEL_DEPLOYMENT] = this.options.deploymentId;
    try {
      await this.docker.createNetwork({
        Name: network,
        Driver: "bridge",
        Internal: true,
        CheckDuplicate: true,
        Labels: labels,
        Options: { "com.docker.network.bridge.name": clusterBridgeName(network) },
      });
      const workspace = this.workspaceOverrides.get(studentId) ?? (await this.options.workspaceHostPath(studentId));
      const nodes = await Promise.all(
        CLUSTER_NODE_NAMES.map(async (name): Promise<ClusterNode> => {
          const started = await this.options.engines.launchExtra({
            name: clusterNodeContainerName(owner, studentId, name),
            studentLabel: studentId,
            workspaceHostPath: name === MANAGER_NODE ? workspace : undefined,
            hostname: name,
            mode: "privileged-caps",
            labels: { [LABEL_CLUSTER]: network },
          });
          await this.docker.getNetwork(network).connect({ Container: started.containerName, EndpointConfig: { Aliases: [name] } });
          const info = await started.container.inspect();
          const clusterIp = info.NetworkSettings.Networks[network]?.IPAddress ?? "";
          return { ...started, name, manager: name === MANAGER_NODE, clusterIp };
        }),
      );
      await Promise.all(nodes.map((n) => pinNodeNames(n.container, nodes)));
      const manager = nodes.find((n) => n.manager)!;
      const ipvs = await detectIpvs(manager.container);
      const readyMs = Date.now() - began;
      log.info("cluster ready", { studentId, readyMs, ipvs: ipvs.available, nodes: nodes.map((n) => `${n.name}=${n.clusterIp}`) });
      return { studentId, network, nodes, manager, ipvs, readyMs };
    } catch (error) {
      log.error("cluster could not start", { studentId, error: String(error) });
      await this.removeLeftovers(studentId).catch(() => undefined);
      if (this.places.get(studentId) === place) this.places.delete(studentId);
      place.release();
      if (error instanceof AppError) throw error;
      throw new AppError("engine_unavailable", "Your three-node cluster could not be started. Try again in a moment; if it persists, tell your teacher.", {
        cause: error,
      });
    }
  }
}
