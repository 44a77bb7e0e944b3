/**
 * The swarm test rig (./swarm-rig.ts) against the host's real Docker: a manager and two labelled
 * workers form a swarm; a worker runs a ROOTLESS learner engine with the options ../engine-options.ts
 * gives (its workspace in the shared folder); each node's Docker API serves only a client holding a
 * certificate of the rig's node CA (mutual TLS on 2376, no plain port); the shared folder is one file system for every node;
 * drain and kill show in `docker node ls`; stop() leaves nothing labelled behind.
 */
import { mkdir, mkdtemp, chown, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getHostDocker } from "../host-docker";
import { execCommand } from "../exec-command";
import { INNER_DOCKER_HOST, LEARNER_GID, LEARNER_UID, LEARNER_USER, engineCreateOptions } from "../engine-options";
import { createLogger } from "../../logger";
import { startSwarmRig, type SwarmRig } from "./swarm-rig";
import { ENGINE_NODE_LABEL } from "../placement/engine-service-spec";
import { swarmRigFilter } from "./swarm-rig-labels";
import { dockerForUrl } from "../placement/node-docker";
import { explainNodeApiError } from "../placement/node-api-errors";
import { ensureServerClientCertificate, readNodeClientTls } from "../placement/node-tls";

const log = createLogger({ level: "info", write: (line) => void process.stderr.write(`${line}\n`) });
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

let rig: SwarmRig | undefined;
let rigId = "";

/** `docker node ls` run by the manager's own CLI, as an operator would read it. */
async function nodeList(): Promise<string> {
  const result = await execCommand(getHostDocker().getContainer(rig!.manager.hostname), {
    cmd: ["docker", "node", "ls", "--format", "{{.Hostname}} {{.Status}} {{.Availability}}"],
    user: "0:0",
    timeoutMs: 30_000,
  });
  expect(result.exitCode, result.output).toBe(0);
  return result.output;
}

const lineOf = (list: string, hostname: string) => list.split("\n").find((line) => line.startsWith(`${hostname} `)) ?? `(no line for ${hostname} in:\n${list})`;

async function pollFor<T>(what: string, timeoutMs: number, read: () => Promise<T>, isDone: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (isDone(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)} after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe("swarm test rig", () => {
  beforeAll(async () => {
    const began = Date.now();
    rig = await startSwarmRig({ workers: 2, logger: log });
    rigId = rig.id;
    log.info("rig started", { took: seconds(began) });
  });

  afterAll(async () => {
    await rig?.stop();
  });

  it("forms a swarm: every node Ready and Active, the workers labelled for engines and the manager not, heartbeat 1 s", async () => {
    const { manager, workers } = rig!;
    const listed = (await manager.docker.listNodes()) as {
      ID: string;
      Spec: { Role: string; Availability: string; Labels?: Record<string, string> };
      Status: { State: string };
      Description: { Hostname: string };
    }[];
    expect(listed.map((n) => n.Description.Hostname).sort()).toEqual(rig!.nodes.map((n) => n.hostname).sort());
    for (const node of listed) {
      expect(node.Status.State, node.Description.Hostname).toBe("ready");
      expect(node.Spec.Availability, node.Description.Hostname).toBe("active");
    }
    const byId = (id: string) => listed.find((n) => n.ID === id)!;
    expect(byId(manager.nodeId).Spec.Role).toBe("manager");
    expect(byId(manager.nodeId).Spec.Labels?.[ENGINE_NODE_LABEL]).toBeUndefined();
    for (const worker of workers) {
      expect(byId(worker.nodeId).Spec.Role).toBe("worker");
      expect(byId(worker.nodeId).Spec.Labels?.[ENGINE_NODE_LABEL]).toBe("true");
    }
    const swarm = (await manager.docker.swarmInspect()) as { Spec: { Dispatcher: { HeartbeatPeriod: number } } };
    expect(swarm.Spec.Dispatcher.HeartbeatPeriod).toBe(1_000_000_000);
    expect(manager.apiUrl).toBe(`tcp://${manager.address}:2376`);
  });

  it("serves each node's Docker API with mutual TLS only: no client certificate, another CA's certificate, plain http and the plain port are refused; the server's client is accepted", async () => {
    const node = rig!.workers[0]!;
    const ca = await readFile(path.join(rig!.nodeCaDir, "ca.crt"));
    const refusal = async (client: Docker) => {
      const error = await client.version().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, "the node answered a client it must refuse").toBeDefined();
      return explainNodeApiError(error, node.apiUrl);
    };
    // The server's own client (the rig's nodeApi, as dockerForUrl builds it for a placement).
    expect((await dockerForUrl(node.apiUrl, rig!.nodeApi).version()).ApiVersion).toMatch(/^1\.\d+$/);
    // No client certificate: the node ends the handshake.
    expect(await refusal(new Docker({ protocol: "https", host: node.address, port: 2376, ca }))).toContain("refusing the server's client certificate");
    // A client certificate from another CA (with the right CA to check the node): refused too.
    const otherCa = await mkdtemp(path.join(os.tmpdir(), "wb-other-ca-"));
    try {
      await ensureServerClientCertificate(otherCa);
      const other = readNodeClientTls(otherCa);
      expect(await refusal(new Docker({ protocol: "https", host: node.address, port: 2376, ca, cert: other.cert, key: other.key }))).toContain("refusing the server's client certificate");
      // The server's client does not trust a node whose certificate another CA signed.
      expect(await refusal(new Docker({ protocol: "https", host: node.address, port: 2376, ca: other.ca, cert: rig!.nodeApi.tls!.cert, key: rig!.nodeApi.tls!.key }))).toContain(
        "not from the workbench's node CA",
      );
    } finally {
      await rm(otherCa, { recursive: true, force: true });
    }
    // The right certificate, but plain http to the TLS port: dockerd answers 400 and serves nothing.
    expect(await refusal(new Docker({ protocol: "http", host: node.address, port: 2376 }))).toContain("it expects TLS on that port");
    // No plain port at all, and the server's code refuses a plain address without the opt-out.
    expect(await refusal(new Docker({ protocol: "http", host: node.address, port: 2375 }))).toBe("nothing listens on that port");
    expect(() => dockerForUrl(`tcp://${node.address}:2375`, rig!.nodeApi)).toThrow(/refusing plain http .* WB_NODE_API_INSECURE=1/);
  });

  it("runs a rootless learner engine on a worker, with engine-options' own options, its workspace in the shared folder", async () => {
    const worker = rig!.workers[0]!;
    const workspace = path.join(rig!.sharedDir, "workspaces", "student-a");
    await mkdir(workspace, { recursive: true });
    await chown(path.dirname(workspace), LEARNER_UID, LEARNER_GID);
    await chown(workspace, LEARNER_UID, LEARNER_GID);
    const began = Date.now();
    const created = await worker.docker.createContainer(
      engineCreateOptions({ studentId: "rig-student-a", workspaceHostPath: workspace, name: "rig-engine-a", instanceId: rigId, owner: "test", hostname: "student-a" }),
    );
    await created.start();
    const engine: Docker.Container = worker.docker.getContainer("rig-engine-a");
    const asLearner = (script: string) => execCommand(engine, { cmd: ["bash", "-c", script], user: LEARNER_USER, env: [`DOCKER_HOST=${INNER_DOCKER_HOST}`], timeoutMs: 60_000 });
    const version = await pollFor(
      "the nested engine answering docker version",
      180_000,
      () => asLearner("docker version --format '{{.Server.Version}}'"),
      (r) => r.exitCode === 0,
    );
    log.info("nested rootless engine answers", { took: seconds(began), version: version.output.trim() });
    expect(version.output).toMatch(/^\d+\.\d+\.\d+/);
    const security = await asLearner("docker info --format '{{json .SecurityOptions}}'");
    expect(security.output).toContain("name=rootless");
    expect((await asLearner("id -u")).output.trim()).toBe(String(LEARNER_UID));
    // The workspace the engine writes is the shared folder on the host.
    expect((await asLearner("echo written-by-the-engine > ~/workspace/note.txt")).exitCode).toBe(0);
    expect(await readFile(path.join(workspace, "note.txt"), "utf8")).toBe("written-by-the-engine\n");
  });

  it("shares one folder between the nodes: a file written on one worker is read on the other", async () => {
    const host = getHostDocker();
    const [first, second] = rig!.workers;
    const file = path.join(rig!.sharedDir, "from-worker1.txt");
    const write = await execCommand(host.getContainer(first!.hostname), { cmd: ["sh", "-c", `echo "hello from $(hostname)" > '${file}'`], user: "0:0", timeoutMs: 30_000 });
    expect(write.exitCode, write.output).toBe(0);
    const read = await execCommand(host.getContainer(second!.hostname), { cmd: ["cat", file], user: "0:0", timeoutMs: 30_000 });
    expect(read.output.trim()).toBe(`hello from ${first!.hostname}`);
  });

  it("drains a worker (docker node ls: Drain) and makes it active again", async () => {
    const worker = rig!.workers[0]!.hostname;
    await rig!.drain(worker);
    expect(lineOf(await nodeList(), worker)).toBe(`${worker} Ready Drain`);
    await rig!.activate(worker);
    expect(lineOf(await nodeList(), worker)).toBe(`${worker} Ready Active`);
  });

  it("kills a worker: it returns once the manager sees it Down", async () => {
    const worker = rig!.workers[1]!.hostname;
    const began = Date.now();
    await rig!.kill(worker);
    const tookMs = Date.now() - began;
    log.info("killed worker seen down", { took: seconds(began) });
    expect(lineOf(await nodeList(), worker)).toBe(`${worker} Down Active`);
    expect(tookMs).toBeLessThan(60_000);
    const other = rig!.workers[0]!.hostname;
    expect(lineOf(await nodeList(), other)).toBe(`${other} Ready Active`);
  });

  it("stop() leaves no container, network or volume of the rig, nor its shared folder", async () => {
    const host = getHostDocker();
    const filters = swarmRigFilter(rigId);
    expect((await host.listContainers({ all: true, filters })).length).toBeGreaterThan(0);
    const began = Date.now();
    await rig!.stop();
    log.info("rig stopped", { took: seconds(began) });
    expect(await host.listContainers({ all: true, filters })).toEqual([]);
    expect(await host.listNetworks({ filters })).toEqual([]);
    expect((await host.listVolumes({ filters })).Volumes ?? []).toEqual([]);
    await expect(readFile(path.join(rig!.sharedDir, "from-worker1.txt"))).rejects.toThrow(/ENOENT/);
    await rig!.stop(); // repeatable
  });
});
