/**
 * Gathers the `swarm` kind's evidence on a student's cluster: the manager's swarm state, nodes,
 * services and their current tasks (through node1's inner engine API, what `docker node ls`,
 * `docker stack services` and `docker service ps` show), then asks every published port over
 * HTTP from the workbench host, which sits on the cluster's network: a host-mode port on the node
 * that runs each task, an ingress (routing mesh) port on every node.
 */
import type Docker from "dockerode";
import type { IpvsSupport, LearnerCluster } from "./cluster-manager";
import type { SwarmRequest } from "../grading/grading-sandbox";
import type { SwarmActionFacts, SwarmNodeFacts, SwarmPlace, SwarmOutcome, SwarmPortFacts, SwarmProbeFacts, SwarmServiceFacts, SwarmTaskFacts } from "../grading/swarm/swarm-evidence";
import { probeHttp } from "./http-probe";
import { describeDockerError } from "./docker-errors";
import { ourError } from "./our-error";
import { say } from "../../lib/i18n/text-ref";

const STACK_LABEL = "com.docker.stack.namespace";
const MAX_PROBES = 12;
const PROBE_TIMEOUT_MS = 5_000;

/* The parts of the API's answers read here (dockerode types them loosely). */
interface ApiNode {
  ID: string;
  Description?: { Hostname?: string };
  Spec?: { Role?: string; Availability?: string };
  Status?: { State?: string; Addr?: string };
  ManagerStatus?: { Leader?: boolean; Addr?: string };
}
interface ApiPort {
  Protocol?: string;
  TargetPort?: number;
  PublishedPort?: number;
  PublishMode?: string;
}
interface ApiService {
  ID: string;
  Spec?: {
    Name?: string;
    Labels?: Record<string, string>;
    Mode?: { Replicated?: { Replicas?: number }; Global?: object };
    EndpointSpec?: { Mode?: string; Ports?: ApiPort[] };
    TaskTemplate?: {
      ContainerSpec?: { Image?: string; Mounts?: { Type?: string; Source?: string; Target?: string }[] };
      Placement?: { Constraints?: string[] };
    };
  };
  Endpoint?: { Ports?: ApiPort[] };
}
interface ApiTask {
  ServiceID?: string;
  NodeID?: string;
  DesiredState?: string;
  Status?: { State?: string; Err?: string; Message?: string; PortStatus?: { Ports?: ApiPort[] } };
  NetworksAttachments?: { Addresses?: string[] }[];
}

const withoutDigest = (image: string) => image.replace(/@sha256:[0-9a-f]+$/, "");

function ports(service: ApiService): SwarmPortFacts[] {
  const list = service.Endpoint?.Ports?.length ? service.Endpoint.Ports : (service.Spec?.EndpointSpec?.Ports ?? []);
  return list
    .filter((p) => p.TargetPort !== undefined)
    .map((p) => ({
      target: p.TargetPort!,
      ...(p.PublishedPort ? { published: p.PublishedPort } : {}),
      protocol: p.Protocol ?? "tcp",
      mode: p.PublishMode === "host" ? "host" : "ingress",
    }));
}

export function describeServices(services: ApiService[], tasks: ApiTask[], nodeNames: Map<string, string>): SwarmServiceFacts[] {
  return services.map((service) => {
    const name = service.Spec?.Name ?? service.ID;
    const stack = service.Spec?.Labels?.[STACK_LABEL];
    const replicated = service.Spec?.Mode?.Global === undefined;
    const own = tasks.filter((t) => t.ServiceID === service.ID && t.DesiredState === "running");
    return {
      name,
      ...(stack ? { stack } : {}),
      shortName: stack && name.startsWith(`${stack}_`) ? name.slice(stack.length + 1) : name,
      image: withoutDigest(service.Spec?.TaskTemplate?.ContainerSpec?.Image ?? ""),
      mode: replicated ? "replicated" : "global",
      ...(replicated ? { desiredReplicas: service.Spec?.Mode?.Replicated?.Replicas ?? 1 } : {}),
      endpointMode: service.Spec?.EndpointSpec?.Mode === "dnsrr" ? "dnsrr" : "vip",
      ports: ports(service),
      constraints: service.Spec?.TaskTemplate?.Placement?.Constraints ?? [],
      bindMounts: (service.Spec?.TaskTemplate?.ContainerSpec?.Mounts ?? []).filter((m) => m.Type === "bind").map((m) => ({ source: m.Source ?? "", target: m.Target ?? "" })),
      tasks: own.map((t): SwarmTaskFacts => ({
        node: (t.NodeID && nodeNames.get(t.NodeID)) ?? "",
        state: t.Status?.State ?? "unknown",
        desiredState: t.DesiredState ?? "",
        ...(t.Status?.Err ? { error: t.Status.Err } : {}),
        ...(t.Status?.Message ? { message: t.Status.Message } : {}),
        addresses: (t.NetworksAttachments ?? []).flatMap((n) => n.Addresses ?? []).map((a) => a.split("/")[0] ?? a),
        hostPorts: (t.Status?.PortStatus?.Ports ?? []).filter((p) => p.PublishMode === "host" && p.PublishedPort && p.TargetPort).map((p) => ({ target: p.TargetPort!, published: p.PublishedPort! })),
      })),
    };
  });
}

function excerptOf(body: string): string {
  const title = /<title>([\s\S]*?)<\/title>/i.exec(body)?.[1];
  const text = (title ?? body)
    .replace(/<[^>]+>/g, " ")
    .replace(/&rsaquo;|&#8250;/g, "›")
    .replace(/\s+/g, " ")
    .trim();
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/** Where each published TCP port should answer: a host-mode port on its task's node, ingress on every node. */
function probeTargets(services: SwarmServiceFacts[], nodes: SwarmNodeFacts[]): { service: string; via: "host" | "ingress"; node: SwarmNodeFacts; port: number }[] {
  const targets: { service: string; via: "host" | "ingress"; node: SwarmNodeFacts; port: number }[] = [];
  for (const service of services) {
    for (const task of service.tasks.filter((t) => t.state === "running")) {
      const node = nodes.find((n) => n.hostname === task.node);
      for (const port of task.hostPorts) if (node) targets.push({ service: service.name, via: "host", node, port: port.published });
    }
    for (const port of service.ports.filter((p) => p.mode === "ingress" && p.published && p.protocol === "tcp")) {
      if (!service.tasks.some((t) => t.state === "running")) continue;
      for (const node of nodes.filter((n) => n.state === "ready")) targets.push({ service: service.name, via: "ingress", node, port: port.published! });
    }
  }
  // A port is listed once per address family (0.0.0.0 and ::): ask each node's port once.
  const unique = targets.filter((t, i) => targets.findIndex((o) => o.service === t.service && o.node.hostname === t.node.hostname && o.port === t.port) === i);
  return unique.slice(0, MAX_PROBES);
}

/** Where a swarm is read: the engine of its manager, and how to reach a node's published ports. */
export interface SwarmTarget {
  /** The manager's inner engine. */
  inner: Docker;
  ipvs: IpvsSupport;
  place: SwarmPlace;
  /** The address the grader asks a node's published ports on; default: the node's address in the swarm. */
  addressOf?: (node: SwarmNodeFacts) => string;
  /** What the grader ran itself before judging (a grade that starts fresh). */
  actions?: SwarmActionFacts[];
}

/** The swarm of a student's (or the grader's) three-node cluster, read on node1. */
export const clusterSwarmTarget = (cluster: LearnerCluster, actions?: SwarmActionFacts[]): SwarmTarget => ({
  inner: cluster.manager.inner,
  ipvs: cluster.ipvs,
  place: "cluster",
  ...(actions ? { actions } : {}),
});

export async function gatherSwarmEvidence(target: SwarmTarget, request: SwarmRequest): Promise<SwarmOutcome> {
  const inner: Docker = target.inner;
  const base = { kind: "swarm" as const, place: target.place, ...(target.actions ? { actions: target.actions } : {}) };
  const empty: SwarmOutcome = { ...base, localState: "", isManager: false, nodes: [], services: [], probes: [], ipvs: target.ipvs };
  let info: { Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean } };
  try {
    info = (await inner.info()) as typeof info;
  } catch (error) {
    return { ...empty, ...ourError(say(target.place === "cluster" ? "probe.swarmUnreachableNode1" : "probe.swarmUnreachable", { error: describeDockerError(error) })) };
  }
  const localState = info.Swarm?.LocalNodeState ?? "inactive";
  const isManager = info.Swarm?.ControlAvailable === true;
  if (localState !== "active" || !isManager) return { ...empty, localState, isManager };

  let apiNodes: ApiNode[];
  let apiServices: ApiService[];
  let apiTasks: ApiTask[];
  try {
    [apiNodes, apiServices, apiTasks] = (await Promise.all([inner.listNodes(), inner.listServices(), inner.listTasks({ filters: JSON.stringify({ "desired-state": ["running"] }) } as object)])) as [
      ApiNode[],
      ApiService[],
      ApiTask[],
    ];
  } catch (error) {
    return { ...empty, localState, isManager, ...ourError(say(target.place === "cluster" ? "probe.swarmNoListNode1" : "probe.swarmNoList", { error: describeDockerError(error) })) };
  }
  const nodes: SwarmNodeFacts[] = apiNodes.map((n) => ({
    hostname: n.Description?.Hostname ?? n.ID,
    state: (n.Status?.State ?? "unknown").toLowerCase(),
    availability: (n.Spec?.Availability ?? "active").toLowerCase(),
    role: n.Spec?.Role === "manager" ? "manager" : "worker",
    // A manager's Status.Addr can read 0.0.0.0; its ManagerStatus.Addr holds the advertised one.
    addr: n.Status?.Addr && n.Status.Addr !== "0.0.0.0" ? n.Status.Addr : (n.ManagerStatus?.Addr ?? "").replace(/:\d+$/, ""),
    leader: n.ManagerStatus?.Leader === true,
  }));
  const nodeNames = new Map(apiNodes.map((n) => [n.ID, n.Description?.Hostname ?? n.ID]));
  const services = describeServices(apiServices, apiTasks, nodeNames);

  const addressOf = target.addressOf ?? ((node: SwarmNodeFacts) => node.addr);
  const probes: SwarmProbeFacts[] =
    request.probePath === undefined
      ? []
      : await Promise.all(
          probeTargets(services, nodes).map(async (target): Promise<SwarmProbeFacts> => {
            const url = `http://${target.node.hostname}:${target.port}${request.probePath}`;
            const probed = { service: target.service, via: target.via, node: target.node.hostname, url };
            const address = addressOf(target.node);
            if (!address) return { ...probed, ...ourError(say("probe.noAddress")) };
            const answer = await probeHttp(address, target.port, request.probePath!, 3, Math.min(PROBE_TIMEOUT_MS, request.timeoutMs));
            if (answer.status === undefined) return { ...probed, error: answer.error ?? "no answer" };
            const body = answer.body ?? "";
            return { ...probed, status: answer.status, excerpt: excerptOf(body), databaseError: /Error establishing a database connection/i.test(body) };
          }),
        );
  return { ...base, localState, isManager, nodes, services, probes, ipvs: target.ipvs };
}
