/**
 * The swarm test rig (./swarm-rig.ts) against the host's real Docker: a manager and two labelled
 * workers form a swarm; a worker runs a ROOTLESS learner engine with the options ../engine-options.ts
 * gives (its workspace in the shared folder); the shared folder is one file system for every node;
 * drain and kill show in `docker node ls`; stop() leaves nothing labelled behind.
 */
import { mkdir, chown, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type Docker from "dockerode";
import { getHostDocker } from "../host-docker";
import { execCommand } from "../exec-command";
import { INNER_DOCKER_HOST, LEARNER_GID, LEARNER_UID, LEARNER_USER, engineCreateOptions } from "../engine-options";
import { createLogger } from "../../logger";
import { startSwarmRig, type SwarmRig } from "./swarm-rig";
import { ENGINE_NODE_LABEL } from "../placement/engine-service-spec";
import { swarmRigFilter } from "./swarm-rig-labels";

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
    expect(manager.apiUrl).toBe(`tcp://${manager.address}:2375`);
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
