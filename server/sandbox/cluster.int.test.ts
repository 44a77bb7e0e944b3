/**
 * Against the real host dockerd: a student's three-node cluster (step 9). The nodes form a swarm
 * over their private network, reach the registry mirror, cannot reach the host's services nor
 * another student's engine, and nothing is left behind after removal or a reap.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import http from "node:http";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { ClusterManager, CLUSTER_INTERFACE, clusterNetworkName, type ClusterNode, type LearnerCluster } from "./cluster-manager";
import { createTestEngines, makeLearnerWorkspace, runAsLearner } from "./testing/test-engines";
import { execCommand } from "./exec-command";
import { getHostDocker } from "./host-docker";
import { LABEL_CLUSTER, labelFilter } from "./labels";
import { INNER_DOCKER_HOST, LEARNER_NETWORK, LEARNER_USER } from "./engine-options";
import { createLogger } from "../logger";
import type { LearnerEngine } from "./engine-manager";
import { listenOnFreePort, type ListeningServer } from "../http/testing/listen";

const studentId = "step9clustertest";
const workspace = makeLearnerWorkspace("wb-int-cluster-ws-");
// Its own deployment label: this file's reap() must not touch clusters other test files run meanwhile.
const deploymentId = `clustertest${process.pid}`;
const engines = createTestEngines(workspace, { deploymentId });
const clusters = new ClusterManager({
  engines,
  owner: "test",
  deploymentId,
  log: createLogger({ level: "warn", write: (line) => void process.stderr.write(`${line}\n`) }),
  workspaceHostPath: async () => workspace,
  idleMs: 600_000,
  enabled: true,
});
let cluster: LearnerCluster;
let bob: LearnerEngine;
let backend: ListeningServer;
let backendPort = 0;

const on = (node: ClusterNode, script: string, timeoutMs = 60_000) =>
  execCommand(node.container, { cmd: ["bash", "-c", script], user: LEARNER_USER, env: [`DOCKER_HOST=${INNER_DOCKER_HOST}`], timeoutMs });
const node = (name: string) => cluster.nodes.find((n) => n.name === name)!;

beforeAll(async () => {
  backend = await listenOnFreePort(
    http.createServer((_req, res) => res.end("backend secrets")),
    "0.0.0.0",
  );
  backendPort = backend.port;
  [cluster, bob] = await Promise.all([clusters.ensure(studentId), engines.ensure("step9clusterbob1")]);
}, 180_000);

afterAll(async () => {
  await backend.close();
  await clusters.shutdown();
  await engines.shutdown();
  rmSync(workspace, { recursive: true, force: true });
});

describe("a student's three-node cluster", () => {
  it("has node1 (manager, with the workspace), node2 and node3 on a private network", async () => {
    expect(cluster.nodes.map((n) => n.name)).toEqual(["node1", "node2", "node3"]);
    expect(cluster.manager.name).toBe("node1");
    const ips = new Set(cluster.nodes.map((n) => n.clusterIp));
    expect(ips.size).toBe(3);
    for (const n of cluster.nodes) {
      const result = await on(
        n,
        `hostname; ip -4 -o addr show ${CLUSTER_INTERFACE} | awk '{print $4}'; grep -q " /home/learner/workspace " /proc/self/mountinfo && echo has-workspace || echo no-workspace`,
      );
      const [hostname, address, files] = result.output.trim().split("\n");
      expect(hostname).toBe(n.name);
      expect(address?.split("/")[0]).toBe(n.clusterIp);
      expect(files).toBe(n.name === "node1" ? "has-workspace" : "no-workspace");
      const names = await on(n, "for h in node1 node2 node3; do getent hosts $h | awk '{print $1}'; done");
      expect(names.output.trim().split("\n")).toEqual(cluster.nodes.map((m) => m.clusterIp));
    }
    const network = await getHostDocker().getNetwork(cluster.network).inspect();
    expect(network.Internal).toBe(true);
    console.log(`cluster ready in ${(cluster.readyMs / 1000).toFixed(1)} s`);
  });

  it("reports IPVS the way the host kernel has it", () => {
    const modules = existsSync("/proc/modules") ? readFileSync("/proc/modules", "utf8") : "";
    const hostHasIpvs = existsSync("/proc/net/ip_vs") || /^ip_vs /m.test(modules);
    expect(cluster.ipvs.available).toBe(hostHasIpvs);
    expect(cluster.ipvs.evidence).not.toBe("");
  });

  it("forms a swarm: init on node1, two workers join by its name, all Ready", async () => {
    const began = Date.now();
    const init = await on(node("node1"), `docker swarm init --advertise-addr ${CLUSTER_INTERFACE} >/dev/null && docker swarm join-token -q worker`);
    expect(init.exitCode).toBe(0);
    const token = init.output.trim().split("\n").pop()!;
    const joins = await Promise.all(["node2", "node3"].map((n) => on(node(n), `docker swarm join --advertise-addr ${CLUSTER_INTERFACE} --token ${token} node1:2377`)));
    for (const join of joins) expect(join.output).toContain("This node joined a swarm as a worker");
    let ls = "";
    for (let i = 0; i < 40; i++) {
      ls = (await on(node("node1"), "docker node ls --format '{{.Hostname}} {{.Status}} {{.ManagerStatus}}'")).output;
      if ((ls.match(/ Ready/g) ?? []).length === 3) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(ls).toMatch(/node1 Ready Leader/);
    expect(ls).toMatch(/node2 Ready\s*$/m);
    expect(ls).toMatch(/node3 Ready/);
    console.log(`swarm of 3 formed ${((Date.now() - began) / 1000).toFixed(1)} s after init`);
  });

  it("a worker pulls from the registry mirror through the learners' network", async () => {
    const pull = await on(node("node3"), "docker pull -q debian:latest", 120_000);
    expect(pull.exitCode).toBe(0);
  });

  it("no node reaches the host's services, by either network's gateway", async () => {
    const docker = getHostDocker();
    const learners = (await docker.getNetwork(LEARNER_NETWORK).inspect()).IPAM?.Config?.[0]?.Gateway ?? "";
    const own = (await docker.getNetwork(cluster.network).inspect()).IPAM?.Config?.[0]?.Gateway ?? "";
    expect(learners).not.toBe("");
    expect(own).not.toBe("");
    expect(await (await fetch(`http://${own}:${backendPort}/`)).text()).toBe("backend secrets");
    for (const gateway of [own, learners]) {
      const result = await on(node("node2"), `curl -s -m 4 http://${gateway}:${backendPort}/ ; echo "exit=$?"`);
      expect(result.output).not.toContain("backend secrets");
      expect(result.output).toMatch(/exit=(7|28)/);
    }
  });

  it("no node reaches another student's engine", async () => {
    await runAsLearner(bob, "docker run -d --name web -p 8081:80 debian:latest bash -c 'sleep 600' >/dev/null", 120_000);
    const listening = await runAsLearner(bob, "timeout 4 bash -c 'exec 3<>/dev/tcp/127.0.0.1/8081' && echo OPEN || echo CLOSED");
    expect(listening.output).toContain("OPEN");
    const result = await on(node("node1"), `timeout 4 bash -c "exec 3<>/dev/tcp/${bob.ip}/8081" && echo OPEN || echo CLOSED`);
    expect(result.output).toContain("CLOSED");
  });

  it("no node reaches another student's cluster, on either network; inside a cluster the nodes talk", async () => {
    const other = await clusters.ensure("step9clusterother");
    const theirs = (name: string) => other.nodes.find((n) => n.name === name)!;
    const server = "$s=IO::Socket::INET->new(LocalPort=>8081,Listen=>5,ReuseAddr=>1) or die $!;" + 'while($c=$s->accept){print $c "other cluster\\n"; close $c}';
    await execCommand(theirs("node1").container, { cmd: ["bash", "-c", `nohup perl -MIO::Socket::INET -e '${server}' >/dev/null 2>&1 &`], user: LEARNER_USER, timeoutMs: 10_000 });
    const probe = (address: string) => `timeout 4 bash -c "exec 3<>/dev/tcp/${address}/8081" && echo OPEN || echo CLOSED`;
    let inside = "";
    for (let i = 0; i < 20 && !inside.includes("OPEN"); i++) {
      inside = (await execCommand(theirs("node2").container, { cmd: ["bash", "-c", probe("node1")], user: LEARNER_USER, timeoutMs: 10_000 })).output;
      if (!inside.includes("OPEN")) await new Promise((r) => setTimeout(r, 250));
    }
    expect(inside).toContain("OPEN");
    for (const address of [theirs("node1").clusterIp, theirs("node1").ip]) {
      expect((await on(node("node1"), probe(address))).output).toContain("CLOSED");
    }
    await clusters.remove("step9clusterother");
  });

  it("the fallback without clusters: a single-node swarm runs a stack on an overlay network in a rootless engine", async () => {
    const stack = 'version: "3.8"\nservices:\n  a:\n    image: debian:latest\n    command: sleep infinity\n    deploy: {replicas: 2}\n';
    const deploy = await runAsLearner(bob, `docker swarm init >/dev/null && printf '${stack}' > /tmp/s.yml && docker stack deploy -c /tmp/s.yml fallback`, 60_000);
    expect(deploy.output).toContain("Creating network fallback_default");
    let ls = "";
    for (let i = 0; i < 60 && !ls.includes("2/2"); i++) {
      await new Promise((r) => setTimeout(r, 500));
      ls = (await runAsLearner(bob, "docker service ls --format '{{.Name}} {{.Replicas}}'; docker service ps fallback_a --format '{{.Error}}' | sort -u", 20_000)).output;
    }
    expect(ls).toContain("fallback_a 2/2");
    await runAsLearner(bob, "docker swarm leave --force >/dev/null", 30_000);
  });

  it("removal leaves no node, volume or network; the reaper clears what a crash left", async () => {
    const docker = getHostDocker();
    await clusters.remove(studentId);
    const left = await docker.listContainers({ all: true, filters: { label: [LABEL_CLUSTER] } });
    expect(left.filter((c) => c.Names.some((n) => n.includes(studentId)))).toHaveLength(0);
    const { Volumes } = await docker.listVolumes({ filters: labelFilter("engine", "test") });
    expect((Volumes ?? []).filter((v) => v.Name.includes(studentId))).toHaveLength(0);
    expect(
      await docker
        .getNetwork(clusterNetworkName("test", studentId))
        .inspect()
        .catch(() => "gone"),
    ).toBe("gone");

    // A crashed server leaves a labelled network behind: reap() removes it.
    const leftover = `${clusterNetworkName("test", studentId)}-leftover`;
    await docker.createNetwork({ Name: leftover, Internal: true, Labels: { ...labelFilterLabels(), [LABEL_CLUSTER]: leftover } });
    expect(await clusters.reap()).toBeGreaterThanOrEqual(1);
    expect(
      await docker
        .getNetwork(leftover)
        .inspect()
        .catch(() => "gone"),
    ).toBe("gone");
  });
});

/** The labels labelFilter("cluster", "test", deploymentId) selects, as a label map. */
function labelFilterLabels(): Record<string, string> {
  return Object.fromEntries(labelFilter("cluster", "test", deploymentId).label.map((l) => l.split("=") as [string, string]));
}
