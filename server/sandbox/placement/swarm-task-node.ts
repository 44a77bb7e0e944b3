/**
 * Reading the swarm manager's answers: where an engine's anchor task runs, how to reach that
 * node's Docker, and whether an engine started on a node has been moved off it (drain, node lost).
 */

/** What this code reads of a swarm task (GET /tasks). */
export interface SwarmTask {
  NodeID?: string;
  DesiredState?: string;
  Status?: { State?: string };
}

/** What this code reads of a swarm node (GET /nodes). */
export interface SwarmNode {
  ID: string;
  Description?: { Hostname?: string };
  Spec?: { Availability?: string; Labels?: Record<string, string> };
  Status?: { State?: string; Addr?: string };
}

/** The node label holding the URL of a node's Docker API, when it is not tcp://<its swarm address>:2376 (mutual TLS). */
export const NODE_DOCKER_API_LABEL = "workbench.docker-api";
const DEFAULT_NODE_API_PORT = 2376;

export interface EngineNode {
  id: string;
  hostname: string;
  /** URL of the node's Docker API. */
  apiUrl: string;
}

/** The node's Docker API: its label when set, else its swarm address on the usual port. */
export function nodeDockerApiUrl(node: SwarmNode): string | undefined {
  const labelled = node.Spec?.Labels?.[NODE_DOCKER_API_LABEL];
  if (labelled) return labelled;
  const addr = node.Status?.Addr;
  return addr && addr !== "0.0.0.0" ? `tcp://${addr}:${DEFAULT_NODE_API_PORT}` : undefined;
}

export function isNodeUsable(node: SwarmNode): boolean {
  return node.Status?.State === "ready" && (node.Spec?.Availability ?? "active") === "active";
}

/** The node where the engine's anchor task runs now; undefined while none runs (pending, starting, between nodes). */
export function runningTaskNode(tasks: readonly SwarmTask[], nodes: readonly SwarmNode[]): EngineNode | undefined {
  for (const task of tasks) {
    if (task.DesiredState !== "running" || task.Status?.State !== "running") continue;
    const node = nodes.find((n) => n.ID === task.NodeID);
    if (!node || !isNodeUsable(node)) continue;
    const apiUrl = nodeDockerApiUrl(node);
    if (apiUrl) return { id: node.ID, hostname: node.Description?.Hostname ?? node.ID, apiUrl };
  }
  return undefined;
}

/**
 * Whether an engine started on `nodeId` has lost its place there: its node is down or drained, or
 * swarm wants its task on another node. Undefined while nothing says so.
 */
export function engineMoveReason(nodeId: string, tasks: readonly SwarmTask[], nodes: readonly SwarmNode[]): string | undefined {
  const node = nodes.find((n) => n.ID === nodeId);
  if (!node) return "its node left the swarm";
  if (node.Status?.State !== "ready") return `its node is ${node.Status?.State ?? "unknown"}`;
  const availability = node.Spec?.Availability ?? "active";
  if (availability === "drain") return "its node is drained";
  if (tasks.some((t) => t.DesiredState === "running" && t.NodeID && t.NodeID !== nodeId)) return "swarm moved its place to another node";
  if (tasks.length > 0 && !tasks.some((t) => t.DesiredState === "running")) return "its place was shut down";
  return undefined;
}
