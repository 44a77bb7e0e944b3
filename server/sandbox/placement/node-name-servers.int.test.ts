/**
 * Issue 13: the doctor times each engine node's name servers as the node's engines use them (./node-name-servers.ts). On the
 * multi-node rig (../testing/swarm-rig.ts, two workers, the rig's resolver answering every name of the internet "no such
 * name" at once, as an offline site's), each worker runs a container of the server's on its learners' network (standing
 * for the node's infra container: the engine image, already on the node, labelled as the infra); one worker's resolver
 * then drops queries (its own firewall drops what it sends to the rig's resolver on port 53, as a site resolver that
 * never answers). The doctor's swarm check, through each node's Docker API over mutual TLS, passes the first and fails
 * the second with "no answer in 3.0 s" and the fix; the server's warning when it prepares a node says the same.
 * Run under the swarm lock: flock /tmp/wb-swarm.lock npx vitest run --project integration <this file>.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSwarmRig, type SwarmRig, type RigNode } from "../testing/swarm-rig";
import { ENGINE_IMAGE, LEARNER_NETWORK } from "../engine-options";
import { getHostDocker } from "../host-docker";
import { execCommand } from "../exec-command";
import { sandboxLabels } from "../labels";
import { checkSwarmEngineNodes } from "./swarm-nodes-check";
import { warnOfSlowNodeNameServers } from "./node-name-servers";
import { createLogger } from "../../logger";

const log = createLogger({ level: "warn", write: (line) => void process.stderr.write(`${line}\n`) });
const host = getHostDocker();
let rig: SwarmRig;
let resolver = "";

/** What the server runs on a node's learners' network, as its engines' resolver sees names: here a stand-in of its infra container. */
async function startLookupContainer(node: RigNode): Promise<void> {
  const container = await node.docker.createContainer({
    name: "workbench-infra",
    Image: ENGINE_IMAGE,
    Entrypoint: ["sleep", "infinity"],
    Labels: sandboxLabels("infra", "test"),
    HostConfig: { NetworkMode: LEARNER_NETWORK, ReadonlyRootfs: true, CapDrop: ["ALL"], Memory: 64 * 1024 ** 2 },
  });
  await container.start();
}

/** The node's own resolver drops every query: what it sends to the site's name server on port 53 goes nowhere. */
async function dropQueries(node: RigNode, drop: boolean): Promise<void> {
  const flag = drop ? "-I" : "-D";
  const rules = ["udp", "tcp"].map((proto) => `iptables ${flag} OUTPUT -d ${resolver} -p ${proto} --dport 53 -j DROP`);
  const done = await execCommand(host.getContainer(node.hostname), { cmd: ["sh", "-c", rules.join(" && ")], user: "0:0", timeoutMs: 30_000 });
  if (done.exitCode !== 0) throw new Error(`iptables on ${node.hostname}: ${done.output}`);
}

const check = () => checkSwarmEngineNodes(rig.manager.docker, ENGINE_IMAGE, rig.nodeApi, "mutual TLS (the rig's client certificate)");

beforeAll(async () => {
  const began = Date.now();
  rig = await startSwarmRig({ workers: 2, logger: log });
  resolver = (await host.getContainer(`${rig.id}-resolver`).inspect()).NetworkSettings.Networks[`wb-test-${rig.id}`]!.IPAddress;
  await Promise.all(rig.workers.map(startLookupContainer));
  console.log("node name servers: rig up and lookup containers started in", ((Date.now() - began) / 1000).toFixed(1), "s");
}, 600_000);

afterAll(async () => {
  await rig?.stop();
}, 300_000);

describe("the doctor's node name servers line on the rig", () => {
  it("passes a node whose resolver answers and fails, with the fix, a node whose resolver drops queries", async () => {
    const [good, silent] = rig.workers as [RigNode, RigNode];
    await dropQueries(silent, true);
    let began = Date.now();
    const failing = await check();
    const failingMs = Date.now() - began;
    console.log("node name servers, one node dropping:", JSON.stringify(failing.nameServers), `(${failingMs} ms)`);
    expect(failing.ok, failing.detail).toBe(true); // the nodes themselves are usable: the swarm line holds
    expect(failing.nameServers?.ok).toBe(false);
    expect(failing.nameServers?.detail).toMatch(new RegExp(`^on ${silent.hostname} the engines' lookups of names of the internet wait`));
    expect(failing.nameServers?.detail).toMatch(new RegExp(`${good.hostname} no such name in \\d+ ms`));
    expect(failing.nameServers?.detail).toContain(`${silent.hostname} no answer in 3.0 s`);
    expect(failing.nameServers?.fix).toContain("/etc/resolv.conf");
    expect(failing.nameServers?.fix).toContain('"dns" setting');

    // The server, preparing that node, warns in its log with the same fix.
    const lines: string[] = [];
    await warnOfSlowNodeNameServers(silent.docker, silent.hostname, createLogger({ level: "info", write: (line) => void lines.push(line) }));
    const warning = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.level === "warn");
    expect(warning, lines.join("\n")).toMatchObject({ node: silent.hostname, lookup: "no answer in 3.0 s" });
    expect(String(warning?.fix)).toContain("/etc/resolv.conf");

    // Its resolver answering again: the line passes.
    await dropQueries(silent, false);
    began = Date.now();
    const passing = await check();
    console.log("node name servers, both answering:", JSON.stringify(passing.nameServers), `(${Date.now() - began} ms)`);
    expect(passing.nameServers?.ok, passing.nameServers?.detail).toBe(true);
    expect(passing.nameServers?.detail).toMatch(new RegExp(`${silent.hostname} no such name in \\d+ ms`));
  }, 120_000);
});
