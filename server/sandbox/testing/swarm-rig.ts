/**
 * A multi-node Docker Swarm on this one machine, for testing the placement of learner engines over
 * several hosts (docs/scale-out.md). Each "host" is a privileged-caps engine container (the step-9
 * cluster nodes' image and options, ./swarm-rig-node.ts) running a root dockerd; the manager runs
 * `swarm init` (dispatcher heartbeat 1 s, so a killed node is seen down in seconds), the workers
 * join and carry the label `workbench.engines=true` (the manager does not: engines go to workers).
 *
 * KEY FACT for code that runs learner engines on the nodes (measured 2026-12-05 on this machine):
 * a ROOTLESS learner engine runs inside a privileged-caps node, with exactly the create options
 * ../engine-options.ts gives it (seccomp profile, systempaths=unconfined, --device /dev/net/tun,
 * its sysctls, tmpfs, 2 GiB / 1024 pids / 1 CPU limits, user 99000), once the node itself has
 * `/dev/net/tun` as a device (a container's default /dev has no /dev/net; nothing else was needed:
 * sub-ids come from the image, the node is unconfined by seccomp, and its /proc is unmasked as the
 * privileged-caps options already make it). The inner engine reports `name=rootless` and answers
 * `docker version` 25–30 s after its creation on a loaded host. What the node must also hold: the
 * engine image (loaded by the rig, ./swarm-rig-image.ts) and a network named `workbench-learners`
 * (engine-options' NetworkMode; the rig creates a bridge of that name, inter-container traffic off, on each worker).
 *
 * SECOND KEY FACT (tried on this rig, 2026-12-05): the same engine as a SWARM SERVICE does not start.
 * Docker 20.10 (API 1.41, Debian 12's docker.io) lets a service set neither a seccomp profile nor
 * unmasked /proc paths nor devices: `docker service create --user 99000:99000 --mount
 * type=bind,src=/dev/net/tun,dst=/dev/net/tun -e WB_ENGINE_MODE=rootless docker-workbench/engine:1`
 * was placed on a labelled worker and died with `[rootlesskit:parent] error: failed to start the
 * child: fork/exec /proc/self/exe: operation not permitted` (the default profile forbids the
 * namespace syscalls). Services also cannot join a node-local network (`network
 * workbench-learners not found`). So on these engines, create the learner's engine as a
 * CONTAINER through the chosen node's own API (RigNode.docker), and use the swarm for what it
 * knows: the nodes, their labels, availability (drain) and state (down). Seccomp and AppArmor in
 * service specs came with API 1.44 (Docker 25).
 *
 * What a node offers the code under test:
 * - its own Docker API at `apiUrl` (tcp, port 2376, mutual TLS: dockerd --tlsverify with a server
 *   certificate naming the node's address, from a node CA the rig makes in its temporary folder,
 *   ../placement/node-tls.ts), `docker` a dockerode for it holding the rig's client certificate
 *   (`nodeApi`, what a SwarmPlacement is given);
 * - `sharedDir`: one host folder mounted at the same absolute path in every node (NFS stand-in),
 *   owned by the learner uid (99000) so engines can keep workspaces in it;
 * - a name server, as a site's: the rig's resolver (a dnsmasq container on the rig's network) answers
 *   every name of the internet "no such name" at once. Docker's embedded DNS on an internal network
 *   gives up after 20 s per name instead, which no real node does (./swarm-rig-node.ts).
 *
 * Every container, network and volume carries the rig's labels (./swarm-rig-labels.ts);
 * `stop()` (repeatable) and `removeSwarmRigs` remove them and the shared folder.
 *
 * CLI: `npx tsx server/sandbox/testing/swarm-rig.ts up [--workers N]` starts a rig and leaves it
 * running (Ctrl-C while it starts removes it); `... down [RIG_ID]` removes that rig, or every rig.
 */
import { randomBytes } from "node:crypto";
import { chown, mkdir, mkdtemp } from "node:fs/promises";
import path from "node:path";
import Docker from "dockerode";
import { getHostDocker } from "../host-docker";
import { ENGINE_IMAGE, LEARNER_GID, LEARNER_NETWORK, LEARNER_UID } from "../engine-options";
import { createLogger, type Logger } from "../../logger";
import { LABEL_SWARM_RIG_SHARED_DIR, swarmRigLabels } from "./swarm-rig-labels";
import { SWARM_RIG_API_PORT, rigNodeCreateOptions, rigResolverCreateOptions } from "./swarm-rig-node";
import { cachedImageTar, loadImageTar } from "./swarm-rig-image";
import { ENGINE_NODE_LABEL } from "../placement/engine-service-spec";
import { SWARM_RIG_TMP_PREFIX, removeSwarmRigs } from "./swarm-rig-cleanup";
import { ensureServerClientCertificate, issueNodeCertificate, readNodeClientTls } from "../placement/node-tls";
import { dockerForUrl, type NodeApiAccess } from "../placement/node-docker";
import { runAsScript } from "../../run-as-script";

export interface RigNode {
  /** The node's hostname, as `docker node ls` shows it (also its container's name on the host). */
  hostname: string;
  /** The swarm's node id. */
  nodeId: string;
  /** The node's address on the rig's private network (its swarm advertise address). */
  address: string;
  /** dockerode for this node's own Docker API (TLS or plain over the rig's private network, reachable from the host) */
  docker: Docker;
  /** e.g. tcp://10.x.y.z:2376 (mutual TLS) */
  apiUrl: string;
}

export interface SwarmRig {
  /** Labels every object of this rig carries (LABEL_SWARM_RIG). */
  id: string;
  manager: RigNode;
  workers: RigNode[];
  /** The manager first, then the workers. */
  nodes: RigNode[];
  /** The rig's client certificate for the nodes' APIs (what the server's configuration gives a SwarmPlacement). */
  nodeApi: NodeApiAccess;
  /** The rig's node CA (ca.crt, client.crt, one folder per node), inside its temporary folder. */
  nodeCaDir: string;
  /** a folder on the host mounted at the same path in every node: the shared file system that stands for NFS */
  sharedDir: string;
  /** Sets the node's availability to drain (through the manager). */
  drain(hostname: string): Promise<void>;
  /** Sets the node's availability back to active. */
  activate(hostname: string): Promise<void>;
  /** the node's container is killed: swarm must see it down (returns once the manager reports it `down`) */
  kill(hostname: string): Promise<void>;
  /** Removes every container, network and volume of the rig, and the shared folder. Repeatable. */
  stop(): Promise<void>;
}

export interface SwarmRigOptions {
  workers: number;
  /** The nodes' image and the learner engine image loaded into the workers; ENGINE_IMAGE by default. */
  engineImage?: string;
  logger?: Logger;
  /** Aborting while the rig starts removes what was made so far; startSwarmRig then rejects. */
  signal?: AbortSignal;
}

/** Dispatcher heartbeat: a node missing a few of them is marked down. */
const HEARTBEAT_NS = 1_000_000_000;
const SWARM_PORT = 2377;
const MAX_WORKERS = 6;

interface SwarmNodeInfo {
  ID: string;
  Version: { Index: number };
  Spec: { Labels?: Record<string, string>; Role: string; Availability: string };
  Description: { Hostname: string };
  Status: { State: string };
}

async function waitUntil(what: string, timeoutMs: number, check: () => Promise<boolean>, signal?: AbortSignal): Promise<void> {
  const everyMs = 300;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    signal?.throwIfAborted();
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`swarm rig: ${what} did not happen within ${Math.round(timeoutMs / 1000)} s`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export async function startSwarmRig(opts: SwarmRigOptions): Promise<SwarmRig> {
  if (!Number.isInteger(opts.workers) || opts.workers < 1 || opts.workers > MAX_WORKERS) throw new Error(`swarm rig: workers must be a whole number from 1 to ${MAX_WORKERS}, not ${opts.workers}`);
  opts.signal?.throwIfAborted();
  const log = (opts.logger ?? createLogger({ level: "info" })).child({ area: "swarm-rig" });
  const image = opts.engineImage ?? ENGINE_IMAGE;
  const host = getHostDocker();
  const id = `rig${randomBytes(4).toString("hex")}`;
  const began = Date.now();
  const root = await mkdtemp(SWARM_RIG_TMP_PREFIX);
  const sharedDir = path.join(root, "shared");
  await mkdir(sharedDir, { mode: 0o775 });
  await chown(sharedDir, LEARNER_UID, LEARNER_GID);
  const nodeCaDir = path.join(root, "node-ca");
  const network = `wb-test-${id}`;
  // One removal at a time: an abort's and the failed start's would race (a container already being removed answers 409).
  let removal: Promise<unknown> = Promise.resolve();
  const cleanUp = () => (removal = removal.catch(() => undefined).then(() => removeSwarmRigs(host, id)));
  const onAbort = () => void cleanUp().catch(() => undefined);
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  const elapsed = () => `${((Date.now() - began) / 1000).toFixed(1)} s`;

  try {
    const imageTar = cachedImageTar(host, image);
    imageTar.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile
    await host.createNetwork({
      Name: network,
      Driver: "bridge",
      // No route out; the host (through the bridge's gateway address) and the nodes reach one another.
      Internal: true,
      CheckDuplicate: true,
      Labels: { ...swarmRigLabels(id), [LABEL_SWARM_RIG_SHARED_DIR]: sharedDir },
      // Not wbc-… (the firewall's cluster chain keeps the host's services from those bridges).
      Options: { "com.docker.network.bridge.name": `wbr-${id.slice(3)}` },
    });
    const resolver = await startResolver(host, id, network, image);
    const names = [`${id}-manager`, ...Array.from({ length: opts.workers }, (_, i) => `${id}-worker${i + 1}`)];
    await ensureServerClientCertificate(nodeCaDir);
    const nodeApi: NodeApiAccess = { tls: readNodeClientTls(nodeCaDir), insecure: false };
    const started = await Promise.all(
      names.map((name) => startNode(host, { rigId: id, name, network, sharedDir, image, tlsDir: path.join(nodeCaDir, name), resolver }, nodeApi, nodeCaDir, opts.signal)),
    );
    log.info("swarm rig nodes answer", { rig: id, after: elapsed() });
    opts.signal?.throwIfAborted();

    const managerNode = started[0]!;
    const workerNodes = started.slice(1);
    const loads = (async () => {
      const tar = await imageTar;
      await Promise.all(workerNodes.map((w) => loadImageTar(w.docker, tar, image)));
      log.info("swarm rig workers hold the engine image", { rig: id, image, after: elapsed() });
    })();
    loads.catch(() => undefined);

    await managerNode.docker.swarmInit({
      ListenAddr: `0.0.0.0:${SWARM_PORT}`,
      AdvertiseAddr: `${managerNode.address}:${SWARM_PORT}`,
      Spec: { Dispatcher: { HeartbeatPeriod: HEARTBEAT_NS } },
    });
    const swarm = (await managerNode.docker.swarmInspect()) as { JoinTokens: { Worker: string } };
    await Promise.all(
      workerNodes.map((w) =>
        w.docker.swarmJoin({
          ListenAddr: `0.0.0.0:${SWARM_PORT}`,
          AdvertiseAddr: `${w.address}:${SWARM_PORT}`,
          RemoteAddrs: [`${managerNode.address}:${SWARM_PORT}`],
          JoinToken: swarm.JoinTokens.Worker,
        }),
      ),
    );
    const nodes: RigNode[] = await Promise.all(
      started.map(async (n) => {
        const info = (await n.docker.info()) as { Swarm: { NodeID: string } };
        return { ...n, nodeId: info.Swarm.NodeID };
      }),
    );
    const manager = nodes[0]!;
    const workers = nodes.slice(1);
    const listNodes = async () => (await manager.docker.listNodes()) as SwarmNodeInfo[];
    await waitUntil(
      `every node ready in the swarm`,
      120_000,
      async () => {
        const listed = await listNodes();
        return nodes.every((n) => listed.some((l) => l.ID === n.nodeId && l.Status.State === "ready"));
      },
      opts.signal,
    );
    const updateSpec = async (nodeId: string, change: (spec: SwarmNodeInfo["Spec"]) => SwarmNodeInfo["Spec"]) => {
      const info = (await manager.docker.getNode(nodeId).inspect()) as SwarmNodeInfo;
      await manager.docker.getNode(nodeId).update({ _query: { version: info.Version.Index }, _body: change(info.Spec) });
    };
    for (const w of workers) await updateSpec(w.nodeId, (spec) => ({ ...spec, Labels: { ...spec.Labels, [ENGINE_NODE_LABEL]: "true" } }));
    // engine-options' NetworkMode: a local bridge of that name on each worker, without traffic between its containers as on the host (scripts/ensure-infra.sh).
    await Promise.all(workers.map((w) => w.docker.createNetwork({ Name: LEARNER_NETWORK, Driver: "bridge", CheckDuplicate: true, Options: { "com.docker.network.bridge.enable_icc": "false" } })));
    await loads;
    opts.signal?.throwIfAborted();
    log.info("swarm rig ready", { rig: id, manager: manager.hostname, workers: workers.map((w) => w.hostname), sharedDir, after: elapsed() });

    const byHostname = (hostname: string): RigNode => {
      const node = nodes.find((n) => n.hostname === hostname);
      if (!node) throw new Error(`swarm rig ${id} has no node ${hostname} (it has ${nodes.map((n) => n.hostname).join(", ")})`);
      return node;
    };
    const setAvailability = async (hostname: string, availability: "drain" | "active") => {
      const node = byHostname(hostname);
      await updateSpec(node.nodeId, (spec) => ({ ...spec, Availability: availability }));
      await waitUntil(`${hostname} ${availability}`, 30_000, async () => ((await manager.docker.getNode(node.nodeId).inspect()) as SwarmNodeInfo).Spec.Availability === availability);
    };
    return {
      id,
      manager,
      workers,
      nodes,
      nodeApi,
      nodeCaDir,
      sharedDir,
      drain: (hostname) => setAvailability(hostname, "drain"),
      activate: (hostname) => setAvailability(hostname, "active"),
      async kill(hostname) {
        const node = byHostname(hostname);
        if (node === manager) throw new Error("swarm rig: killing the manager would leave no one to report it down; kill a worker");
        const killedAt = Date.now();
        await host.getContainer(hostname).kill();
        await waitUntil(`the manager reporting ${hostname} down`, 60_000, async () => ((await manager.docker.getNode(node.nodeId).inspect()) as SwarmNodeInfo).Status.State === "down");
        log.info("swarm rig node down", { rig: id, hostname, seenDownMs: Date.now() - killedAt });
      },
      stop: async () => {
        opts.signal?.removeEventListener("abort", onAbort);
        await cleanUp();
      },
    };
  } catch (error) {
    opts.signal?.removeEventListener("abort", onAbort);
    await cleanUp().catch(() => undefined);
    if (opts.signal?.aborted) throw new Error("swarm rig: start aborted, everything it made was removed", { cause: error });
    throw error;
  }
}

/** The rig network's name server (./swarm-rig-node.ts, rigResolverCreateOptions); returns its address there. */
async function startResolver(host: Docker, rigId: string, network: string, image: string): Promise<string> {
  const container = await host.createContainer(rigResolverCreateOptions(rigId, network, image));
  await container.start();
  const address = (await container.inspect()).NetworkSettings.Networks[network]?.IPAddress;
  if (!address) throw new Error(`swarm rig: its resolver has no address on ${network}`);
  return address;
}

interface StartedNode {
  hostname: string;
  address: string;
  docker: Docker;
  apiUrl: string;
}

async function startNode(host: Docker, spec: Parameters<typeof rigNodeCreateOptions>[0], nodeApi: NodeApiAccess, nodeCaDir: string, signal?: AbortSignal): Promise<StartedNode> {
  await mkdir(spec.tlsDir, { recursive: true, mode: 0o700 });
  const container = await host.createContainer(rigNodeCreateOptions(spec));
  await container.start();
  const info = await container.inspect();
  const address = info.NetworkSettings.Networks[spec.network]?.IPAddress;
  if (!address) throw new Error(`swarm rig: node ${spec.name} has no address on ${spec.network}`);
  // Its dockerd starts once this certificate, naming the address it just got, is in its folder (./swarm-rig-node.ts).
  await issueNodeCertificate(nodeCaDir, spec.name, { ips: [address], dnsNames: [spec.name] });
  const apiUrl = `tcp://${address}:${SWARM_RIG_API_PORT}`;
  const docker = dockerForUrl(apiUrl, nodeApi);
  try {
    await waitUntil(
      `${spec.name}'s Docker API answering`,
      180_000,
      async () => {
        await docker.ping();
        return true;
      },
      signal,
    );
  } catch (error) {
    const logs = await container.logs({ stdout: true, stderr: true, tail: 20 }).catch(() => Buffer.from(""));
    throw new Error(`${(error as Error).message}; its last lines:\n${logs.toString("utf8")}`, { cause: error });
  }
  return { hostname: spec.name, address, docker, apiUrl };
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const host = getHostDocker();
  if (command === "down") {
    const removed = await removeSwarmRigs(host, rest[0]);
    console.log(`removed ${removed} node container(s) of ${rest[0] ? `rig ${rest[0]}` : "every swarm rig"}`);
    return 0;
  }
  if (command !== "up") {
    console.error("usage: npx tsx server/sandbox/testing/swarm-rig.ts up [--workers N] | down [RIG_ID]");
    return 2;
  }
  const at = rest.indexOf("--workers");
  const workers = at >= 0 ? Number(rest[at + 1]) : 2;
  const abort = new AbortController();
  const onSignal = () => {
    console.error("stopping: removing what the rig made so far…");
    abort.abort();
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const rig = await startSwarmRig({ workers, signal: abort.signal });
  for (const n of rig.nodes)
    console.log(
      `${n.hostname.padEnd(22)} ${n === rig.manager ? "manager" : "worker "} docker -H ${n.apiUrl} --tlsverify --tlscacert ${rig.nodeCaDir}/ca.crt --tlscert ${rig.nodeCaDir}/client.crt --tlskey ${rig.nodeCaDir}/client.key`,
    );
  console.log(`shared folder ${rig.sharedDir}\nremove it with: npx tsx server/sandbox/testing/swarm-rig.ts down ${rig.id}`);
  return 0;
}

runAsScript(import.meta.url, main);
