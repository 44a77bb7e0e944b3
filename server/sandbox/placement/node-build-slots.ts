/**
 * Each swarm node's build slot limit (WB_PLACEMENT=swarm): the builds of engines placed on a node
 * wait in that node's own queue (../build-slots.ts), sized from the node itself, its Docker API's
 * `info` (NCPU, MemTotal), with the formula the server's host uses (defaultBuildSlots). An operator's
 * CHECK_BUILD_SLOTS applies to every node as it is. Asked once per node and logged when first
 * known; a node that does not answer gets one slot (never more builds than a small node can hold)
 * and is asked again at the next placement.
 */
import type Docker from "dockerode";
import { defaultBuildSlots } from "../../config";
import type { Logger } from "../../logger";
import type { BuildSlots } from "../build-slots";

/** A node that could not be asked its size builds one image at a time until it answers. */
export const NODE_BUILD_SLOTS_FALLBACK = 1;

/** The part of the Docker API's `info` the limit is made from. */
export interface NodeInfoSize {
  NCPU?: number;
  MemTotal?: number;
}

/** The node's limit from its own cores and memory; undefined when its `info` does not say them. */
export function nodeBuildSlotLimit(info: NodeInfoSize): number | undefined {
  const cpus = info.NCPU;
  const memory = info.MemTotal;
  if (typeof cpus !== "number" || !(cpus >= 1) || typeof memory !== "number" || !(memory > 0)) return undefined;
  return defaultBuildSlots({ cpus, totalMemoryBytes: memory });
}

export interface NodeBuildSlotLimitsOptions {
  slots: BuildSlots;
  /** CHECK_BUILD_SLOTS as the operator set it: every node gets it, unasked. */
  override?: number;
  log: Logger;
  /** How long a node's `info` may take. */
  timeoutMs?: number;
}

export class NodeBuildSlotLimits {
  /** Nodes whose limit is known (or being asked). */
  private readonly known = new Map<string, Promise<number>>();

  constructor(private readonly options: NodeBuildSlotLimitsOptions) {}

  /** Sets the node's limit in the build slots, asking the node once; resolves with it (never rejects). */
  learn(node: { id: string; hostname: string }, docker: Pick<Docker, "info">): Promise<number> {
    let limit = this.known.get(node.id);
    if (!limit) {
      limit = this.ask(node, docker);
      this.known.set(node.id, limit);
    }
    return limit;
  }

  private async ask(node: { id: string; hostname: string }, docker: Pick<Docker, "info">): Promise<number> {
    const { slots, override, log } = this.options;
    if (override !== undefined) {
      slots.setLimit(node.id, override);
      log.info("build slot limit of node", { node: node.hostname, perMachine: override, from: "CHECK_BUILD_SLOTS" });
      return override;
    }
    let why: string;
    try {
      const info = (await withTimeout(docker.info() as Promise<NodeInfoSize>, this.options.timeoutMs ?? 10_000)) ?? {};
      const limit = nodeBuildSlotLimit(info);
      if (limit !== undefined) {
        slots.setLimit(node.id, limit);
        log.info("build slot limit of node", { node: node.hostname, perMachine: limit, cpus: info.NCPU, memoryGiB: Math.round((info.MemTotal ?? 0) / 2 ** 30), from: "node size" });
        return limit;
      }
      why = "its Docker API info gives no NCPU or MemTotal";
    } catch (error) {
      why = String(error);
    }
    // Asked again at the next placement; one slot meanwhile.
    this.known.delete(node.id);
    slots.setLimit(node.id, NODE_BUILD_SLOTS_FALLBACK);
    log.warn("build slot limit of node unknown: one build at a time there until it answers", { node: node.hostname, perMachine: NODE_BUILD_SLOTS_FALLBACK, error: why });
    return NODE_BUILD_SLOTS_FALLBACK;
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`}`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
