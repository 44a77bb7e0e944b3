/**
 * The doctor's line about the swarm's engine nodes (WB_PLACEMENT=swarm): what each labelled node
 * is (ready, drained, down) and whether the server can use it (its Docker API answers; a missing
 * engine image is only said: the server copies it there). Pure: the facts are gathered by ./swarm-nodes-check.ts.
 */
import { ENGINE_NODE_LABEL } from "./engine-service-spec";
import { expiryFindings, nodeCertificateFix } from "./node-cert-expiry";
import type { NodeLookup } from "./node-name-servers";

export interface EngineNodeFacts {
  hostname: string;
  state: string;
  availability: string;
  /** The node's Docker API; undefined when neither its label nor its address gives one. */
  apiUrl?: string;
  /** Whether the API answered; undefined when it was not asked (node not ready). */
  apiAnswers?: boolean;
  /** Why the API did not answer, in an operator's words (a refused certificate, nothing listening). */
  apiProblem?: string;
  hasImage?: boolean;
  /** When the certificate its Docker API serves ends (read in the TLS handshake); undefined when not read. */
  certificateEnd?: Date;
  /** A lookup of api.wordpress.org made on the node as its engines make it (./node-name-servers.ts); undefined when not asked. */
  lookup?: NodeLookup;
}

export interface SwarmNodesReport {
  ok: boolean;
  detail: string;
  fix?: string;
  /** The nodes' name servers, the doctor's advisory line (./node-name-servers.ts); undefined when no node was asked. */
  nameServers?: { ok: boolean; detail: string; fix?: string };
}

/** `access`: how the server reaches the nodes' APIs (mutual TLS, or the plain-http opt-out), said first. */
export function reportEngineNodes(nodes: readonly EngineNodeFacts[], image: string, access: string, now = new Date()): SwarmNodesReport {
  if (nodes.length === 0) {
    return {
      ok: false,
      detail: `${access}; no swarm node is labelled ${ENGINE_NODE_LABEL}=true: engines have nowhere to go`,
      fix: `on a manager: docker node update --label-add ${ENGINE_NODE_LABEL}=true <node>`,
    };
  }
  const usable = nodes.filter((n) => n.state === "ready" && n.availability === "active");
  const broken = usable.filter((n) => !n.apiUrl || n.apiAnswers === false);
  const said = nodes.map((n) => {
    if (n.state !== "ready") return `${n.hostname} (${n.state})`;
    if (n.availability !== "active") return `${n.hostname} (${n.availability})`;
    if (!n.apiUrl) return `${n.hostname} (no Docker API address)`;
    if (n.apiAnswers === false) return `${n.hostname} (its Docker API at ${n.apiUrl}: ${n.apiProblem ?? "it does not answer"})`;
    // Its certificate still works, but not for long: said with the fix.
    const ending = n.certificateEnd ? expiryFindings([{ what: "its certificate", where: n.apiUrl, validTo: n.certificateEnd, fix: nodeCertificateFix(n.hostname) }], now)[0] : undefined;
    const ends = ending ? `; its certificate expires on ${ending.validTo.toISOString().slice(0, 10)}, in ${ending.daysLeft} day${ending.daysLeft === 1 ? "" : "s"}: ${ending.fix}` : "";
    if (n.hasImage === false) return `${n.hostname} (ready; ${image} is copied there at its first engine${ends})`;
    return `${n.hostname} (ready${ends})`;
  });
  const detail = `${access}; ${nodes.length} engine node${nodes.length === 1 ? "" : "s"}: ${said.join(", ")}`;
  if (usable.length === 0) return { ok: false, detail, fix: "activate a node (docker node update --availability active <node>) or add one (docs/scale-out.md, Adding a node)" };
  if (broken.length) {
    return {
      ok: false,
      detail,
      fix: "each engine node's Docker API must answer the server on the nodes' private network: label the node workbench.docker-api=tcp://<address>:<port>, or open its swarm address on port 2376 with mutual TLS (docs/scale-out.md, Adding a node, step 3)",
    };
  }
  return { ok: true, detail };
}
