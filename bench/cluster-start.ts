/**
 * Time to a ready three-node cluster (step 9), N samples (BENCH_CLUSTER_SAMPLES, default 3): a
 * ClusterManager (owner "test", privileged-caps nodes, production engine limits) starts node1–3
 * on their private network (the "nodes ready" figure, what the student waits for before the
 * tabs answer); then, as a student would from the shells, `docker swarm init` on node1 and the
 * two joins until `docker node ls` shows three Ready nodes ("swarm formed"); then the removal
 * of the whole cluster (nodes, volumes, network). Each sample starts from nothing.
 *
 *   npm run bench -- cluster        or        npx tsx bench/cluster-start.ts
 */
import { mkdtempSync, chownSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { ClusterManager, CLUSTER_INTERFACE, type ClusterNode } from "../server/sandbox/cluster-manager";
import { EngineManager } from "../server/sandbox/engine-manager";
import { execCommand } from "../server/sandbox/exec-command";
import { INNER_DOCKER_HOST, LEARNER_UID, LEARNER_USER } from "../server/sandbox/engine-options";
import { createLogger } from "../server/logger";
import { fmtMs, heading, log, now, onCleanup, runStandalone, sleep, stats, table, type BenchResult } from "./lib/common";
import { describeLimits, productionEngineLimits } from "./lib/step1";

const SAMPLES = Number(process.env.BENCH_CLUSTER_SAMPLES ?? 3);

async function sh(node: ClusterNode, script: string): Promise<string> {
  const result = await execCommand(node.container, { cmd: ["bash", "-c", script], user: LEARNER_USER, env: [`DOCKER_HOST=${INNER_DOCKER_HOST}`], timeoutMs: 60_000 });
  if (result.exitCode !== 0) throw new Error(`${node.name}: ${script}: ${result.output}`);
  return result.output;
}

export async function benchClusterStart(): Promise<BenchResult> {
  heading("three-node cluster start");
  const limits = productionEngineLimits();
  const workspace = mkdtempSync(path.join(os.tmpdir(), "wb-bench-cluster-"));
  chownSync(workspace, LEARNER_UID, LEARNER_UID);
  const logger = createLogger({ level: "warn", write: (l) => void process.stderr.write(`${l}\n`) });
  const engines = new EngineManager({ owner: "test", log: logger, workspaceHostPath: async () => workspace, idleMs: 3_600_000, ...limits, instanceId: "bench-cluster" });
  const clusters = new ClusterManager({ engines, owner: "test", log: logger, workspaceHostPath: async () => workspace, idleMs: 3_600_000, enabled: true });
  onCleanup("clusters and workspace", async () => {
    await clusters.shutdown();
    rmSync(workspace, { recursive: true, force: true });
  });

  const nodesReady: number[] = [];
  const swarmFormed: number[] = [];
  const removal: number[] = [];
  const rows: string[][] = [];
  let ipvs = "";
  for (let i = 0; i < SAMPLES; i++) {
    const studentId = `benchcluster${randomBytes(4).toString("hex")}`;
    const began = now();
    const cluster = await clusters.ensure(studentId);
    const ready = now() - began;
    ipvs = `${cluster.ipvs.available ? "available" : "absent"} (${cluster.ipvs.evidence})`;
    const [node1, node2, node3] = cluster.nodes as [ClusterNode, ClusterNode, ClusterNode];
    await sh(node1, `docker swarm init --advertise-addr ${CLUSTER_INTERFACE} >/dev/null`);
    const token = (await sh(node1, "docker swarm join-token -q worker")).trim();
    await Promise.all([node2, node3].map((n) => sh(n, `docker swarm join --advertise-addr ${CLUSTER_INTERFACE} --token ${token} node1:2377`)));
    for (;;) {
      const ls = await sh(node1, "docker node ls --format '{{.Status}}'");
      if ((ls.match(/^Ready$/gm) ?? []).length === 3) break;
      if (now() - began > 120_000) throw new Error(`the swarm did not form: ${ls}`);
      await sleep(200);
    }
    const formed = now() - began;
    const removing = now();
    await clusters.remove(studentId);
    const removed = now() - removing;
    nodesReady.push(ready);
    swarmFormed.push(formed);
    removal.push(removed);
    rows.push([String(i + 1), fmtMs(ready), fmtMs(formed), fmtMs(removed)]);
    log(`sample ${i + 1}: nodes ready ${fmtMs(ready)}, swarm of 3 Ready ${fmtMs(formed)}, removed in ${fmtMs(removed)}`);
  }
  log(table(["sample", "nodes ready", "swarm of 3 Ready", "removal"], rows));
  const summary = (label: string, samples: number[], detail: string) => {
    const s = stats(samples);
    return { figure: label, value: fmtMs(s.median), detail: `median of ${s.n}; min ${fmtMs(s.min)}, max ${fmtMs(s.max)}; ${detail}` };
  };
  return {
    name: "cluster-start",
    rows: [
      summary("cluster: three nodes ready", nodesReady, "network + node1–3 started and answering"),
      summary("cluster: swarm of 3 Ready", swarmFormed, "from the request, incl. swarm init and two joins"),
      summary("cluster: removal", removal, "three nodes, their volumes and the network"),
    ],
    notes: [`node limits ${describeLimits(limits)} each (privileged-caps); IPVS ${ipvs}`],
  };
}

export const CLUSTER_LIMIT_MS = 15 * 60_000;

if (require.main === module) runStandalone("cluster-start", CLUSTER_LIMIT_MS, benchClusterStart);
