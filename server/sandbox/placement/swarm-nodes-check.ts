/** Gathers what the doctor says about the swarm (WB_PLACEMENT=swarm): the manager, and each engine node through its own Docker API. */
import type Docker from "dockerode";
import { ENGINE_NODE_LABEL } from "./engine-service-spec";
import { nodeDockerApiUrl, type SwarmNode } from "./swarm-task-node";
import type { Config } from "../../config";
import { describeNodeApiAccess, dockerForUrl, type NodeApiAccess } from "./node-docker";
import { nodeApiAccessFrom, type NodeApiConfig } from "./create-swarm-placement";
import { explainNodeApiError } from "./node-api-errors";
import { reportEngineNodes, type EngineNodeFacts, type SwarmNodesReport } from "./swarm-nodes-report";
import { nodeServerCertificateEnd } from "./node-cert-expiry";
import { reportNodeNameServers, timeNodeLookup } from "./node-name-servers";

const CALL_TIMEOUT_MS = 5_000;

/** A node that is gone never answers: its call counts as failed after CALL_TIMEOUT_MS. */
function withTimeout<T>(call: Promise<T>): Promise<T> {
  return Promise.race([call, new Promise<never>((_, reject) => setTimeout(() => reject(new Error("no answer")), CALL_TIMEOUT_MS).unref())]);
}

/** The doctor's swarm line from the configuration: the manager reached as the placement reaches it. */
export async function checkSwarmFromConfig(config: Pick<Config, "WB_SWARM_MANAGER"> & NodeApiConfig, image: string): Promise<SwarmNodesReport> {
  const nodeApi = nodeApiAccessFrom(config);
  const access = describeNodeApiAccess(nodeApi, config.WB_NODE_TLS_DIR);
  let manager: Docker;
  try {
    manager = dockerForUrl(config.WB_SWARM_MANAGER ?? "", nodeApi);
  } catch (error) {
    return { ok: false, detail: `the swarm manager (WB_SWARM_MANAGER) is not used: ${(error as Error).message}`, fix: NODE_TLS_FIX };
  }
  return checkSwarmEngineNodes(manager, image, nodeApi, access, config.WB_SWARM_MANAGER);
}

const NODE_TLS_FIX = "docs/scale-out.md, Adding a node, step 3: npx tsx server/sandbox/placement/node-ca-cli.ts init on the server, a certificate per node";

/** `access`: how the server reaches each node's API (said in the report's first words); `managerUrl`: WB_SWARM_MANAGER, to explain its refusals. */
export async function checkSwarmEngineNodes(manager: Docker, image: string, nodeApi: NodeApiAccess, access: string, managerUrl = "WB_SWARM_MANAGER"): Promise<SwarmNodesReport> {
  let nodes: SwarmNode[];
  try {
    const info = (await manager.info()) as { Swarm?: { ControlAvailable?: boolean; LocalNodeState?: string } };
    if (!info.Swarm?.ControlAvailable) {
      return {
        ok: false,
        detail: `WB_SWARM_MANAGER answers but is no swarm manager (swarm state: ${info.Swarm?.LocalNodeState ?? "unknown"})`,
        fix: "point WB_SWARM_MANAGER at a manager node's Docker API (docker swarm init there)",
      };
    }
    nodes = (await manager.listNodes()) as SwarmNode[];
  } catch (error) {
    return {
      ok: false,
      detail: `the swarm manager (WB_SWARM_MANAGER): ${explainNodeApiError(error, managerUrl)}`,
      fix: "check WB_SWARM_MANAGER and that the manager's Docker API listens on the nodes' private network",
    };
  }
  const facts = await Promise.all(
    nodes
      .filter((n) => n.Spec?.Labels?.[ENGINE_NODE_LABEL] === "true")
      .map(async (n): Promise<EngineNodeFacts> => {
        const fact: EngineNodeFacts = { hostname: n.Description?.Hostname ?? n.ID, state: n.Status?.State ?? "unknown", availability: n.Spec?.Availability ?? "active", apiUrl: nodeDockerApiUrl(n) };
        if (fact.state !== "ready" || !fact.apiUrl) return fact;
        try {
          const docker = dockerForUrl(fact.apiUrl, nodeApi);
          await withTimeout(docker.version());
          fact.apiAnswers = true;
          // Timed on the node as its engines look names up (bounded, never rejects), while the rest is asked.
          const lookup = timeNodeLookup(docker);
          fact.hasImage = await withTimeout(docker.getImage(image).inspect()).then(
            () => true,
            () => false,
          );
          fact.lookup = await lookup;
          const end = nodeApi.tls ? await nodeServerCertificateEnd(fact.apiUrl, nodeApi.tls, CALL_TIMEOUT_MS) : undefined;
          if (end) fact.certificateEnd = end;
          return fact;
        } catch (error) {
          return { ...fact, apiAnswers: false, apiProblem: fact.apiUrl ? explainNodeApiError(error, fact.apiUrl) : undefined };
        }
      }),
  );
  const report = reportEngineNodes(facts, image, access);
  return facts.some((f) => f.lookup) ? { ...report, nameServers: reportNodeNameServers(facts) } : report;
}
