/**
 * Engines placed by Docker Swarm mode (WB_PLACEMENT=swarm, docs/scale-out.md): each engine's place
 * is a one-replica service on the manager (./engine-service-spec.ts) whose task Swarm schedules on
 * an engine node with room for its reservation; the engine container is then created on that node
 * through the node's own Docker API. Swarm does the spreading, the reservations, drains and node
 * losses; this code only reads where it put things.
 */
import type Docker from "dockerode";
import { ignoreAlreadyDone, isAlreadyDone } from "../host-docker";
import type { Logger } from "../../logger";
import { engineServiceName, engineServiceSpec, ENGINE_NODE_LABEL } from "./engine-service-spec";
import { engineMoveReason, isNodeUsable, nodeDockerApiUrl, runningTaskNode, type SwarmNode, type SwarmTask } from "./swarm-task-node";
import { dockerForUrl, type NodeApiAccess } from "./node-docker";
import type { EnginePlacement, PlacedEngine, PlacementRequest } from "./engine-placement";
import { prepareEngineNode } from "./prepare-engine-node";
import type { NodeCachesSource } from "./node-infra";
import type { NodeBuildSlotLimits } from "./node-build-slots";
import type { NodeCertificateWatch } from "./node-cert-expiry";
import { warnOfSlowNodeNameServers } from "./node-name-servers";

export interface SwarmPlacementOptions {
  /** The manager's Docker API. */
  manager: Docker;
  /** How the server reaches each node's own Docker API: its client certificate (mutual TLS), or the plain-http opt-out. */
  nodeApi: NodeApiAccess;
  /** Where the engine image comes from when a node lacks it (the server host's Docker). */
  hostDocker: Docker;
  image: string;
  log: Logger;
  /** How long a place may take (Swarm waiting for room, the anchor task starting). */
  placeTimeoutMs?: number;
  /** Each engine node gets its own infra container filling from the server's (./node-infra.ts); without it, none (its engines reach what the node's network gives them). */
  nodeCaches?: NodeCachesSource;
  /** Each engine node's build slot limit, from its own size (./node-build-slots.ts); without it, the server host's limit everywhere. */
  buildSlotLimits?: NodeBuildSlotLimits;
  /** Checks the node certificates again when a node refuses the server (./node-cert-expiry.ts); stopped by close(). */
  certificates?: NodeCertificateWatch;
}

const POLL_MS = 500;

export class SwarmPlacement implements EnginePlacement {
  private readonly nodeDockers = new Map<string, Docker>();
  private readonly prepared = new Map<string, Promise<void>>();
  private imageId: Promise<string> | undefined;

  constructor(private readonly options: SwarmPlacementOptions) {}

  async place(request: PlacementRequest): Promise<PlacedEngine> {
    try {
      return await this.placeNow(request);
    } catch (error) {
      // A refused TLS handshake may be a certificate that expired: said with its fix at once.
      this.options.certificates?.noteRefusal(error);
      throw error;
    }
  }

  /** The usable engine nodes' Docker APIs (their certificates are checked daily). */
  async engineNodeApis(): Promise<{ hostname: string; apiUrl: string }[]> {
    return (await this.nodes())
      .filter((n) => n.Spec?.Labels?.[ENGINE_NODE_LABEL] === "true" && isNodeUsable(n))
      .flatMap((n) => {
        const apiUrl = nodeDockerApiUrl(n);
        return apiUrl ? [{ hostname: n.Description?.Hostname ?? n.ID, apiUrl }] : [];
      });
  }

  private async placeNow(request: PlacementRequest): Promise<PlacedEngine> {
    const { manager, log } = this.options;
    // Every engine node has the image before Swarm may choose it: the anchor task runs it.
    const imageId = await this.engineImageId();
    await this.prepareNodes(imageId);
    const name = engineServiceName(request.name);
    await this.release(name); // a leftover of an earlier process is never reused
    // By its id: a node then runs the anchor from the image it has, without first trying to pull it from a registry (a minute offline).
    await manager.createService(engineServiceSpec({ ...request, image: imageId }));
    const deadline = Date.now() + (this.options.placeTimeoutMs ?? 60_000);
    let lastError = "";
    for (;;) {
      const [tasks, nodes] = await Promise.all([this.tasksOf(name), this.nodes()]);
      const node = runningTaskNode(tasks, nodes);
      if (node) {
        log.info("engine placed", { engine: request.name, node: node.hostname });
        return { docker: this.dockerOf(node.id, node.apiUrl), node };
      }
      lastError = tasks.map((t) => (t as { Status?: { Err?: string } }).Status?.Err).find(Boolean) ?? lastError;
      if (Date.now() > deadline) {
        await this.release(name);
        throw new Error(`no engine node took it within ${Math.round((this.options.placeTimeoutMs ?? 60_000) / 1000)} s${lastError ? ` (${lastError})` : ""}`);
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  async moveReasons(engines: { name: string; nodeId: string }[]): Promise<Map<string, string>> {
    const reasons = new Map<string, string>();
    if (engines.length === 0) return reasons;
    try {
      const [nodes, ...tasks] = await Promise.all([this.nodes(), ...engines.map(({ name }) => this.tasksOf(engineServiceName(name)))]);
      engines.forEach(({ name, nodeId }, i) => {
        const reason = engineMoveReason(nodeId, tasks[i]!, nodes);
        if (reason) reasons.set(name, reason);
      });
    } catch (error) {
      // The manager not answering says nothing about the engines: asked again at the next look.
      this.options.log.warn("swarm manager did not answer about the engines' places", { engines: engines.length, error: String(error) });
    }
    return reasons;
  }

  release(name: string): Promise<void> {
    return ignoreAlreadyDone(() => this.options.manager.getService(engineServiceName(name)).remove());
  }

  async reap(labelFilter: { label: string[] }): Promise<Docker[]> {
    const services = await this.options.manager.listServices({ filters: labelFilter });
    await Promise.all(services.map((s) => ignoreAlreadyDone(() => this.options.manager.getService(s.ID).remove())));
    const nodes = (await this.nodes()).filter((n) => n.Spec?.Labels?.[ENGINE_NODE_LABEL] === "true" && n.Status?.State === "ready");
    return nodes.flatMap((n) => {
      const url = nodeDockerApiUrl(n);
      return url ? [this.dockerOf(n.ID, url)] : [];
    });
  }

  close(): void {
    this.options.certificates?.stop();
    this.nodeDockers.clear();
  }

  private async tasksOf(serviceName: string): Promise<SwarmTask[]> {
    try {
      return (await this.options.manager.listTasks({ filters: { service: [serviceName] } })) as SwarmTask[];
    } catch (error) {
      if (isAlreadyDone(error)) return [];
      throw error;
    }
  }

  private async nodes(): Promise<SwarmNode[]> {
    return (await this.options.manager.listNodes()) as SwarmNode[];
  }

  private dockerOf(nodeId: string, apiUrl: string): Docker {
    let docker = this.nodeDockers.get(`${nodeId} ${apiUrl}`);
    if (!docker) {
      docker = dockerForUrl(apiUrl, this.options.nodeApi);
      this.nodeDockers.set(`${nodeId} ${apiUrl}`, docker);
    }
    return docker;
  }

  /** The engine image's id on the server's host: what every node gets, and what the anchors run. */
  private engineImageId(): Promise<string> {
    this.imageId ??= this.options.hostDocker
      .getImage(this.options.image)
      .inspect()
      .then((info) => info.Id);
    this.imageId.catch(() => (this.imageId = undefined));
    return this.imageId;
  }

  /** The engine image and the learners' network on every usable engine node, once per node. */
  private async prepareNodes(imageId: string): Promise<void> {
    const nodes = (await this.nodes()).filter((n) => n.Spec?.Labels?.[ENGINE_NODE_LABEL] === "true" && isNodeUsable(n));
    await Promise.all(
      nodes.map((n) => {
        const url = nodeDockerApiUrl(n);
        if (!url) return undefined;
        // Known before any engine there builds (asked once; never fails the placement).
        const limit = this.options.buildSlotLimits?.learn({ id: n.ID, hostname: n.Description?.Hostname ?? n.ID }, this.dockerOf(n.ID, url));
        const key = `${n.ID} ${url}`;
        let ready = this.prepared.get(key);
        if (!ready) {
          ready = prepareEngineNode(
            this.dockerOf(n.ID, url),
            this.options.hostDocker,
            { name: this.options.image, id: imageId },
            this.options.log.child({ node: n.Description?.Hostname ?? n.ID }),
            this.options.nodeCaches,
          );
          // A node that failed is tried again at the next placement.
          ready.catch(() => this.prepared.delete(key));
          // Its name servers timed as its engines use them, once it is prepared (its infra container runs): a warning when they wait. Not awaited.
          const hostname = n.Description?.Hostname ?? n.ID;
          ready.then(
            () => warnOfSlowNodeNameServers(this.dockerOf(n.ID, url), hostname, this.options.log.child({ node: hostname })),
            () => undefined,
          );
          this.prepared.set(key, ready);
        }
        return Promise.all([ready, limit]);
      }),
    );
  }
}
