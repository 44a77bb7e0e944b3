/** Gathers what the doctor says about the swarm (WB_PLACEMENT=swarm): the manager, and each engine node through its own Docker API. */
import type Docker from "dockerode";
import { ENGINE_NODE_LABEL } from "./engine-service-spec";
import { nodeDockerApiUrl, type SwarmNode } from "./swarm-task-node";
import { dockerForUrl } from "./node-docker";
import { reportEngineNodes, type EngineNodeFacts, type SwarmNodesReport } from "./swarm-nodes-report";

const CALL_TIMEOUT_MS = 5_000;

/** A node that is gone never answers: its call counts as failed after CALL_TIMEOUT_MS. */
function withTimeout<T>(call: Promise<T>): Promise<T> {
  return Promise.race([call, new Promise<never>((_, reject) => setTimeout(() => reject(new Error("no answer")), CALL_TIMEOUT_MS).unref())]);
}

export async function checkSwarmEngineNodes(manager: Docker, image: string): Promise<SwarmNodesReport> {
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
      detail: `the swarm manager does not answer (${String(error).slice(0, 120)})`,
      fix: "check WB_SWARM_MANAGER and that the manager's Docker API listens on the nodes' private network",
    };
  }
  const facts = await Promise.all(
    nodes
      .filter((n) => n.Spec?.Labels?.[ENGINE_NODE_LABEL] === "true")
      .map(async (n): Promise<EngineNodeFacts> => {
        const fact: EngineNodeFacts = { hostname: n.Description?.Hostname ?? n.ID, state: n.Status?.State ?? "unknown", availability: n.Spec?.Availability ?? "active", apiUrl: nodeDockerApiUrl(n) };
        if (fact.state !== "ready" || !fact.apiUrl) return fact;
        const docker = dockerForUrl(fact.apiUrl);
        try {
          await withTimeout(docker.version());
          fact.apiAnswers = true;
        } catch {
          return { ...fact, apiAnswers: false };
        }
        fact.hasImage = await withTimeout(docker.getImage(image).inspect()).then(
          () => true,
          () => false,
        );
        return fact;
      }),
  );
  return reportEngineNodes(facts, image);
}
