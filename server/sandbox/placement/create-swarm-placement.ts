/** The swarm placement the server uses with WB_PLACEMENT=swarm, from its configuration. */
import type { Config } from "../../config";
import type { Logger } from "../../logger";
import { getHostDocker } from "../host-docker";
import { ENGINE_IMAGE } from "../engine-options";
import { describeNodeApiAccess, dockerForUrl, type NodeApiAccess } from "./node-docker";
import { readNodeClientTls } from "./node-tls";
import { SwarmPlacement } from "./swarm-placement";
import { NodeBuildSlotLimits } from "./node-build-slots";
import { hostBuildSlots } from "../host-build-slots";
import { NodeCertificateWatch } from "./node-cert-expiry";

export type NodeApiConfig = Pick<Config, "WB_NODE_TLS_DIR" | "WB_NODE_API_INSECURE">;

/** The server's client certificate from WB_NODE_TLS_DIR (or why it cannot be read), and the plain-http opt-out. */
export function nodeApiAccessFrom(config: NodeApiConfig): NodeApiAccess {
  try {
    return { tls: readNodeClientTls(config.WB_NODE_TLS_DIR), insecure: config.WB_NODE_API_INSECURE };
  } catch (error) {
    return { tlsProblem: (error as Error).message, insecure: config.WB_NODE_API_INSECURE };
  }
}

export function createSwarmPlacement(
  config: Pick<Config, "WB_SWARM_MANAGER" | "WB_SWARM_NODE_CACHES_FROM" | "CHECK_BUILD_SLOTS" | "CHECK_BUILD_SLOTS_SET"> & NodeApiConfig,
  log: Logger,
): SwarmPlacement {
  if (!config.WB_SWARM_MANAGER) throw new Error("WB_PLACEMENT=swarm needs WB_SWARM_MANAGER");
  const nodeApi = nodeApiAccessFrom(config);
  log.info("swarm nodes' Docker APIs", { access: describeNodeApiAccess(nodeApi, config.WB_NODE_TLS_DIR) });
  const nodeCaches = config.WB_SWARM_NODE_CACHES_FROM ? { serverAddress: config.WB_SWARM_NODE_CACHES_FROM } : undefined;
  // Each node's builds wait for slots of that node, as many as its own size allows (or the operator's CHECK_BUILD_SLOTS).
  const buildSlotLimits = new NodeBuildSlotLimits({ slots: hostBuildSlots(), override: config.CHECK_BUILD_SLOTS_SET ? config.CHECK_BUILD_SLOTS : undefined, log });
  if (!nodeApi.tls && !nodeApi.insecure) log.error("no client certificate for the nodes' Docker APIs: every node refuses the server", { problem: nodeApi.tlsProblem });
  // The client certificate, the CA and each node's server certificate: checked now, daily, and when a node refuses the server.
  const certificates = new NodeCertificateWatch({ dir: config.WB_NODE_TLS_DIR, log, client: nodeApi.tls, nodes: () => placement.engineNodeApis() });
  const placement: SwarmPlacement = new SwarmPlacement({
    manager: dockerForUrl(config.WB_SWARM_MANAGER, nodeApi),
    nodeApi,
    hostDocker: getHostDocker(),
    image: ENGINE_IMAGE,
    log,
    nodeCaches,
    buildSlotLimits,
    certificates,
  });
  certificates.start();
  return placement;
}
