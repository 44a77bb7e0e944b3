/**
 * Issue 13, a Check on an engine placed on another node (WB_PLACEMENT=swarm, docs/scale-out.md "Shared caches"): on the
 * multi-node rig (../testing/swarm-rig.ts, one worker, no route out, as an offline school), through the real
 * EngineManager, SwarmPlacement and websocket handler, step 1's reference solution is Checked. Without caches on the node
 * the build cannot get its base image, packages or WordPress; with the node's infra (./node-infra.ts, filling from the
 * server's infra) it passes, a second student on that node gets every package from the node's cache, and the engine
 * reaches the node's mirrors but neither the node's Docker API nor the server host.
 * Run under the swarm lock: flock /tmp/wb-swarm.lock npx vitest run --project integration <this file>.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chownSync, cpSync, mkdirSync, rmSync, symlinkSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { WebSocket } from "ws";
import { startSwarmRig, type SwarmRig } from "../testing/swarm-rig";
import { createTestEngines, runAsLearner } from "../testing/test-engines";
import { LEARNER_UID, LEARNER_GID, ENGINE_IMAGE, LEARNER_NETWORK } from "../engine-options";
import { getHostDocker } from "../host-docker";
import { execCommand } from "../exec-command";
import type { EngineManager } from "../engine-manager";
import { INFRA_CONTAINER } from "../infra-options";
import { cacheTraffic, packageCacheLines } from "../package-cache-log";
import { SwarmPlacement } from "./swarm-placement";
import { ensureNodeInfra } from "./node-infra";
import { timeNodeLookup } from "./node-name-servers";
import { handleConnection } from "../../ws/connection";
import { HubRegistry } from "../../ws/student-hub";
import { TestPage } from "../../ws/testing/test-page";
import { createLogger } from "../../logger";
import { useTestDatabase } from "../../identity/testing/route-testing";
import { getDb } from "../../db/client";
import type { ServerMessage } from "../../../lib/protocol/messages";

const log = createLogger({ level: "warn", write: (line) => void process.stderr.write(`${line}\n`) });
const deploymentId = `nodecaches${process.pid}`;
const SOLUTION = path.resolve(__dirname, "../../../lessons/01-dirty-dockerfile/solution/1_worpress_multiservice_dirty");
const FOLDER = "1_worpress_multiservice_dirty";
const figures: Record<string, unknown> = {};
/** The DNS forwarder a privileged-caps engine (a rig node) runs for its containers (engine-image/entrypoint.sh). */
const NODE_DNS_FORWARDER = "172.17.0.1";

let rig: SwarmRig;
let engines: EngineManager;
let serverAddress = "";
let rigNetwork = "";
let cleanupDb: () => Promise<void>;
const hubs = new HubRegistry();
const pages: TestPage[] = [];
const host = getHostDocker();

type Finished = Extract<ServerMessage, { type: "check.finished" }>;

function expectPassed(finished: Finished): void {
  const failing = finished.results.filter((r) => r.status !== "pass");
  expect(failing, JSON.stringify(failing)).toEqual([]);
  expect(finished.results.find((r) => r.id === "build")?.status).toBe("pass");
}

/** A student opens step 1 with the reference solution in their folder and presses Check, as the page does. */
async function checkStepOne(studentId: string): Promise<{ finished: Finished; ms: number; load: string; began: number }> {
  await getDb().student.create({ data: { id: studentId, name: studentId } });
  const dir = path.join(rig.sharedDir, studentId);
  mkdirSync(path.join(dir, FOLDER), { recursive: true });
  cpSync(SOLUTION, path.join(dir, FOLDER), { recursive: true });
  for (const p of [dir, path.join(dir, FOLDER), path.join(dir, FOLDER, "Dockerfile")]) chownSync(p, LEARNER_UID, LEARNER_GID);
  const page = new TestPage({ pollMs: 100, timeoutMs: 600_000 });
  pages.push(page);
  handleConnection(page as unknown as WebSocket, studentId, { engines, hubs, log });
  page.type({ type: "terminal.attach", cols: 100, rows: 30, lastSeq: 0 });
  await page.waitFor(() => page.received.some((m) => m.type === "engine.status" && (m.state === "ready" || m.state === "error")), `${studentId}'s engine`);
  const failed = page.received.find((m) => m.type === "engine.status" && m.state === "error");
  if (failed) throw new Error(`${studentId}'s engine did not start: ${JSON.stringify(failed)}`);
  const began = Date.now();
  page.type({ type: "check.run", step: 1 });
  await page.waitFor(() => page.received.some((m) => m.type === "check.finished" || (m.type === "error" && m.code === "check_failed")), `${studentId}'s Check`);
  const ms = Date.now() - began;
  const finished = page.received.find((m): m is Finished => m.type === "check.finished");
  if (!finished) throw new Error(`${studentId}'s Check ended in an error: ${JSON.stringify(page.received.filter((m) => m.type === "error"))}`);
  return { finished, ms, began, load: readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ") };
}

/**
 * Step 1's packages fetched in a container of the student's engine, as its `RUN apt-get` would (download only), and what the
 * node's package cache did since `since` (the student's Check began): the Check's own build fetches them when the server's
 * registry holds no layer cache of step 1 yet (a server that never started there: nothing seeded it), and takes its apt layer
 * from that cache, fetching nothing, when it does. Either way the student's engine asked the node's cache for every package.
 */
async function downloadStepOnePackages(studentId: string, since: number): Promise<{ ms: number; traffic: ReturnType<typeof cacheTraffic> }> {
  const from = Date.now();
  const script = "apt-get update -q && apt-get install -y -q --download-only --no-install-recommends apache2 php libapache2-mod-php php-mysql mariadb-server wget unzip ca-certificates";
  const done = await runAsLearner(engines.current(studentId)!, `docker run --rm debian:latest sh -c '${script}' 2>&1 | tail -3`, 600_000);
  expect(done.exitCode, done.output).toBe(0);
  const ms = Date.now() - from;
  return { ms, traffic: cacheTraffic(await packageCacheLines(since, Date.now(), rig.workers[0]!.docker)) };
}

/**
 * What scripts/ensure-infra.sh's firewall does on a real node, on the rig's worker: engines reach the infra's 80/443/5000 and the
 * node's name server, nothing else of the node, each other or beyond. A real node's engines ask its site's name servers (Docker's
 * embedded DNS forwards to them, let through on port 53 by ensure-infra.sh); a rig node, a privileged-caps engine, hands its
 * containers its own forwarder on 172.17.0.1 (engine-image/entrypoint.sh), which asks the rig's resolver.
 */
async function nodeFirewall(hostname: string, infraIp: string): Promise<void> {
  const worker = rig.workers.find((w) => w.hostname === hostname)!;
  const network = await worker.docker.getNetwork(LEARNER_NETWORK).inspect();
  const bridge = (network.Options?.["com.docker.network.bridge.name"] as string | undefined) ?? `br-${(network.Id as string).slice(0, 12)}`;
  const rules = [
    `iptables -I DOCKER-USER 1 -i ${bridge} -j DROP`,
    `iptables -I DOCKER-USER 1 -i ${bridge} -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN`,
    `iptables -I DOCKER-USER 1 -i ${bridge} -s ${infraIp}/32 -j RETURN`,
    `iptables -I DOCKER-USER 1 -i ${bridge} -o ${bridge} -d ${infraIp}/32 -p tcp -m multiport --dports 80,443,5000 -j ACCEPT`,
    `iptables -I INPUT 1 -i ${bridge} -j DROP`,
    `iptables -I INPUT 1 -i ${bridge} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`,
    `iptables -I INPUT 1 -i ${bridge} -d ${NODE_DNS_FORWARDER}/32 -p udp --dport 53 -j ACCEPT`,
    `iptables -I INPUT 1 -i ${bridge} -d ${NODE_DNS_FORWARDER}/32 -p tcp --dport 53 -j ACCEPT`,
  ];
  const done = await execCommand(host.getContainer(hostname), { cmd: ["sh", "-c", rules.join(" && ")], user: "0:0", timeoutMs: 30_000 });
  expect(done.exitCode, done.output).toBe(0);
}

beforeAll(async () => {
  cleanupDb = await useTestDatabase();
  rig = await startSwarmRig({ workers: 1, logger: log });
  // The grader reads each student's folder where the server keeps workspaces: there, the shared folder.
  symlinkSync(rig.sharedDir, path.join(process.env.DATA_DIR!, "workspaces"));
  // The server's infra on the nodes' private network (a real server publishes it on its private address).
  rigNetwork = (await host.getContainer(rig.workers[0]!.hostname).inspect()).HostConfig.NetworkMode!;
  await host.getNetwork(rigNetwork).connect({ Container: INFRA_CONTAINER });
  serverAddress = (await host.getContainer(INFRA_CONTAINER).inspect()).NetworkSettings.Networks[rigNetwork]!.IPAddress;
  const placement = new SwarmPlacement({ manager: rig.manager.docker, nodeApi: rig.nodeApi, hostDocker: host, image: ENGINE_IMAGE, log, placeTimeoutMs: 120_000 });
  engines = createTestEngines(rig.sharedDir, {
    deploymentId,
    placement,
    memoryBytes: 2 * 1024 ** 3,
    nanoCpus: 1e9,
    readyTimeoutMs: 180_000,
    workspaceHostPath: async (studentId) => path.join(rig.sharedDir, studentId),
    onRemoved: (studentId) => hubs.drop(studentId),
  });
}, 600_000);

afterAll(async () => {
  for (const page of pages) page.close();
  await engines?.shutdown();
  if (rigNetwork)
    await host
      .getNetwork(rigNetwork)
      .disconnect({ Container: INFRA_CONTAINER, Force: true })
      .catch(() => undefined);
  await rig?.stop();
  if (rig) rmSync(rig.sharedDir, { recursive: true, force: true });
  await cleanupDb?.();
  process.stderr.write(`node caches figures: ${JSON.stringify(figures)} (${os.cpus().length} cores)\n`);
}, 300_000);

describe("step 1's Check on an engine placed on another node", () => {
  it("without caches on the node, fails at the build: nothing there answers for the base image, packages or WordPress", async () => {
    const { finished, ms, load } = await checkStepOne("cache-none");
    figures["no caches"] = { ms, load, build: finished.results.find((r) => r.id === "build")?.message?.slice(0, 300) };
    expect(finished.passed).toBe(false);
    expect(finished.results.find((r) => r.id === "build")?.status).toBe("fail");
    await engines.remove("cache-none");
  });

  it("with the node's infra filling from the server's: the build and every check in the engine pass, the packages coming through the node's cache", async () => {
    const worker = rig.workers[0]!;
    const began = Date.now();
    await ensureNodeInfra(worker.docker, host, { serverAddress }, log);
    figures["node infra ready ms"] = Date.now() - began;
    const infra = await worker.docker.getContainer(INFRA_CONTAINER).inspect();
    await nodeFirewall(worker.hostname, infra.NetworkSettings.Networks[LEARNER_NETWORK]!.IPAddress);
    // The doctor's lookup on a node (./node-name-servers.ts) runs in this very container: its image and confinement have what it needs, and the node's resolver answers at once.
    const lookup = await timeNodeLookup(worker.docker);
    figures["doctor's lookup on the node"] = lookup;
    expect(lookup).toMatchObject({ container: INFRA_CONTAINER, timing: { answered: true, answer: "no such name" } });
    const { finished, ms, load, began: checkBegan } = await checkStepOne("cache-first");
    figures["first on node (cold Check)"] = { ms, load, notPassed: finished.results.filter((r) => r.status !== "pass").map((r) => r.id) };
    expectPassed(finished);
    const packages = await downloadStepOnePackages("cache-first", checkBegan);
    figures["first on node: step 1's packages"] = packages;
    // The node's cache had none of them: it asked the server's cache (MISS here), and served them to the engine.
    expect(packages.traffic.requests).toBeGreaterThan(50);
    expect(packages.traffic.fromMirror).toBeGreaterThan(10 * 1024 ** 2);
  });

  it("a second student on the node passes too and gets every package from the node's cache, and reaches its mirrors but not the node's API nor the server", async () => {
    const { finished, ms, load, began: checkBegan } = await checkStepOne("cache-second");
    figures["second on node (Check)"] = { ms, load, notPassed: finished.results.filter((r) => r.status !== "pass").map((r) => r.id) };
    expectPassed(finished);
    const packages = await downloadStepOnePackages("cache-second", checkBegan);
    figures["second on node: step 1's packages"] = packages;
    // Every package from the node's disk, in the Check's build and in the download; only the release indexes (kept 2 minutes) may be asked again.
    expect(packages.traffic.requests).toBeGreaterThan(50);
    expect(packages.traffic.fromCache).toBeGreaterThan(10 * 1024 ** 2);
    expect(packages.traffic.fromMirror).toBeLessThan(1024 ** 2);

    const engine = engines.current("cache-second")!;
    const probe = (url: string) => runAsLearner(engine, `curl -s -o /dev/null -w '%{http_code}' --max-time 5 ${url}; echo " exit=$?"`);
    expect((await probe("http://registry.workbench:5000/v2/")).output).toContain("200 exit=0");
    expect((await probe("https://wordpress.org/latest.zip -r 0-9")).output).toContain("206 exit=0");
    const nodeApi = await probe(`${rig.workers[0]!.apiUrl.replace(/^tcp:/, "https:")}/version -k`);
    expect(nodeApi.output).toMatch(/000 exit=(7|28)/);
    const serverInfraDirect = await probe(`http://${serverAddress}:5000/v2/`);
    expect(serverInfraDirect.output).toMatch(/000 exit=(7|28)/);
    // A name outside: the node's name server says so at once (on the rig, its resolver; it used to take 20 s, docs/scale-out.md).
    const lookup = await runAsLearner(engine, `from=$(date +%s%N); getent hosts api.wordpress.org; echo "exit=$? ms=$(( ($(date +%s%N) - from) / 1000000 ))"`);
    figures.isolation = { nodeApi: nodeApi.output.trim(), serverInfraDirect: serverInfraDirect.output.trim(), lookupOutside: lookup.output.trim() };
  });
});
