/**
 * Evidence of the `swarm` kind: what the grader saw on the manager node of the student's cluster
 * (server/sandbox/swarm-evidence.ts gathers it; kinds/swarm/judge.ts judges it). Plain data.
 */
import type { TextRef } from "../../../lib/i18n/text-ref";

export interface SwarmNodeFacts {
  hostname: string;
  /** "ready", "down", "unknown"… (lower case, as the API gives it). */
  state: string;
  /** "active", "pause", "drain". */
  availability: string;
  role: "manager" | "worker";
  /** The node's address in the swarm. */
  addr: string;
  leader: boolean;
}

export interface SwarmPortFacts {
  target: number;
  published?: number;
  protocol: string;
  /** "ingress" (the routing mesh) or "host". */
  mode: "ingress" | "host";
}

export interface SwarmTaskFacts {
  /** Hostname of the node the task is assigned to ("" when not yet). */
  node: string;
  /** Current state: "running", "pending", "failed", "rejected"… */
  state: string;
  desiredState: string;
  /** The engine's message for a task that does not run, e.g. "no suitable node". */
  error?: string;
  message?: string;
  /** Addresses on the service's networks, without the prefix length. */
  addresses: string[];
  /** Host-mode ports this task publishes on its node. */
  hostPorts: { target: number; published: number }[];
}

export interface SwarmServiceFacts {
  /** Full name, e.g. "wp_wordpress". */
  name: string;
  /** Stack (com.docker.stack.namespace) or undefined for a service created by hand. */
  stack?: string;
  /** Name within its stack ("wordpress"); the full name when outside a stack. */
  shortName: string;
  image: string;
  mode: "replicated" | "global";
  /** Replicated services: the wanted number of tasks. */
  desiredReplicas?: number;
  endpointMode: "vip" | "dnsrr";
  ports: SwarmPortFacts[];
  /** Placement constraints, as written (e.g. "node.role == manager"). */
  constraints: string[];
  /** Targets of its bind mounts. */
  bindMounts: { source: string; target: string }[];
  /** Tasks whose desired state is running (the current generation). */
  tasks: SwarmTaskFacts[];
}

/** One HTTP request the grader made to a task or a published port. */
export interface SwarmProbeFacts {
  service: string;
  /** "host" (a task's own published port on its node) or "ingress" (the routing mesh). */
  via: "host" | "ingress";
  node: string;
  url: string;
  status?: number;
  /** The page's <title> or its start. */
  excerpt?: string;
  /** WordPress's "Error establishing a database connection". */
  databaseError?: boolean;
  error?: string;
  /** `error` in the catalog's words when it is ours, for the page to say in its language. */
  errorText?: TextRef;
}

/** One command the grader ran itself to set up the swarm before judging (a grade that starts fresh). */
export interface SwarmActionFacts {
  /** What it was for, in the student's words, e.g. "deploy the stack". */
  what: string;
  /** The command as the student would type it, e.g. "docker stack deploy -c stack_wordpress.yml wordpress". */
  command: string;
  /** The node it ran on, e.g. "node1" or "your engine". */
  node: string;
  exitCode: number | null;
  /** Last lines of its output. */
  output: string;
}

/**
 * Where the swarm was read: the step's three-node cluster, or one Docker engine (a workbench
 * whose operator has not enabled clusters), where a swarm has a single node.
 */
export type SwarmPlace = "cluster" | "single-engine";

export interface SwarmOutcome {
  kind: "swarm";
  /** Default "cluster". */
  place?: SwarmPlace;
  /**
   * Set when the grader formed the swarm and deployed the stack itself (Submit, npm run grade):
   * what it ran, so that a refusal is shown as the student would have seen it.
   */
  actions?: SwarmActionFacts[];
  /** The manager's swarm state: "active", "inactive", "pending", "error", "locked". */
  localState: string;
  /** The node the grader asked is a manager (docker node ls works there). */
  isManager: boolean;
  nodes: SwarmNodeFacts[];
  services: SwarmServiceFacts[];
  probes: SwarmProbeFacts[];
  /** Whether the host kernel offers IPVS (routing mesh and VIPs need it). */
  ipvs: { available: boolean; evidence: string };
  /** A fault of the grader or of the cluster (no cluster, manager unreachable). */
  error?: string;
  /** `error` in the catalog's words when it is ours, for the page to say in its language. */
  errorText?: TextRef;
}
