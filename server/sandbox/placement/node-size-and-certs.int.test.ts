/**
 * On the swarm rig (real dockerd nodes, mutual TLS on 2376): a node's build slot limit comes from
 * what its own Docker API says of its size, asked over the server's client certificate; the
 * certificate the node serves is read in the TLS handshake (825 days, as node-ca-cli issues it);
 * the placement lists the engine nodes the daily watch reads, and that watch says, months on,
 * which certificate ends and how to fix it. Run under flock /tmp/wb-swarm.lock.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../logger";
import { startSwarmRig, type SwarmRig } from "../testing/swarm-rig";
import { recordingLogger } from "../testing/test-engines";
import { getHostDocker } from "../host-docker";
import { ENGINE_IMAGE } from "../engine-options";
import { BuildSlots } from "../build-slots";
import { NodeBuildSlotLimits, nodeBuildSlotLimit, type NodeInfoSize } from "./node-build-slots";
import { NodeCertificateWatch, nodeServerCertificateEnd } from "./node-cert-expiry";
import { SwarmPlacement } from "./swarm-placement";
import { checkSwarmEngineNodes } from "./swarm-nodes-check";

const DAY_MS = 24 * 3600 * 1000;
const log = createLogger({ level: "info", write: (line) => void process.stderr.write(`${line}\n`) });
let rig: SwarmRig | undefined;

beforeAll(async () => {
  rig = await startSwarmRig({ workers: 1, logger: log });
}, 600_000);
afterAll(async () => {
  await rig?.stop();
}, 300_000);

describe("a swarm node's size and certificates, on the rig", () => {
  it("gives the node's build slot limit from its own info, asked over mutual TLS, logged once", async () => {
    const worker = rig!.workers[0]!;
    const info = (await worker.docker.info()) as NodeInfoSize;
    const slots = new BuildSlots(99);
    const { log: recording, lines } = recordingLogger();
    const limit = await new NodeBuildSlotLimits({ slots, log: recording }).learn({ id: worker.nodeId, hostname: worker.hostname }, worker.docker);
    expect(limit).toBe(nodeBuildSlotLimit(info));
    expect(slots.limitOf(worker.nodeId)).toBe(limit);
    expect(lines.filter((l) => l["msg"] === "build slot limit of node")).toMatchObject([{ node: worker.hostname, perMachine: limit, cpus: info.NCPU }]);
    process.stdout.write(`rig node ${worker.hostname}: NCPU ${info.NCPU}, MemTotal ${((info.MemTotal ?? 0) / 2 ** 30).toFixed(1)} GiB -> ${limit} build slots\n`);
  });

  it("reads the node's server certificate in the handshake, and the daily watch says months on that it ends, with the fix", async () => {
    const worker = rig!.workers[0]!;
    const end = await nodeServerCertificateEnd(worker.apiUrl, rig!.nodeApi.tls!);
    expect((end!.getTime() - Date.now()) / DAY_MS).toBeCloseTo(825, 0);
    const placement = new SwarmPlacement({ manager: rig!.manager.docker, nodeApi: rig!.nodeApi, hostDocker: getHostDocker(), image: ENGINE_IMAGE, log });
    const nodes = await placement.engineNodeApis();
    expect(nodes).toContainEqual({ hostname: worker.hostname, apiUrl: worker.apiUrl });
    const { log: recording, lines } = recordingLogger();
    const watch = new NodeCertificateWatch({
      dir: rig!.nodeCaDir,
      log: recording,
      client: rig!.nodeApi.tls,
      nodes: () => placement.engineNodeApis(),
      now: () => new Date(end!.getTime() - 10 * DAY_MS),
    });
    const findings = await watch.check();
    expect(findings.map((f) => f.what)).toEqual(expect.arrayContaining([`${worker.hostname}'s server certificate`, "the server's client certificate"]));
    expect(lines.find((l) => l["certificate"] === `${worker.hostname}'s server certificate`)).toMatchObject({ level: "warn", daysLeft: 10 });
    // The doctor's swarm line reads it too (nothing said while far from its end).
    const report = await checkSwarmEngineNodes(rig!.manager.docker, ENGINE_IMAGE, rig!.nodeApi, "mutual TLS");
    expect(report.detail).toContain(`${worker.hostname} (ready`);
    expect(report.detail).not.toContain("expires");
    placement.close();
  });

  it("learns the node's limit when the placement prepares it, before an engine placed there can build", async () => {
    const worker = rig!.workers[0]!;
    const slots = new BuildSlots(99);
    const { log: recording, lines } = recordingLogger();
    const placement = new SwarmPlacement({
      manager: rig!.manager.docker,
      nodeApi: rig!.nodeApi,
      hostDocker: getHostDocker(),
      image: ENGINE_IMAGE,
      log: recording,
      placeTimeoutMs: 120_000,
      buildSlotLimits: new NodeBuildSlotLimits({ slots, log: recording }),
    });
    const name = `wb-inttest-slots-${process.pid}`;
    try {
      const placed = await placement.place({ name, labels: {}, memoryBytes: 256 * 1024 ** 2, nanoCpus: 0.1e9 });
      expect(placed.node.id).toBe(worker.nodeId);
      expect(slots.limitOf(worker.nodeId)).toBe(nodeBuildSlotLimit((await worker.docker.info()) as NodeInfoSize));
      expect(lines.filter((l) => l["msg"] === "build slot limit of node").map((l) => l["node"])).toEqual([worker.hostname]);
    } finally {
      await placement.release(name);
      placement.close();
    }
  }, 300_000);
});
