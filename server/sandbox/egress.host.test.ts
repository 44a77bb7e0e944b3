/**
 * The learners' egress policy (scripts/ensure-infra.sh, WB_LEARNER_EGRESS), against the real host
 * firewall (vitest project "host": it changes the host's network and firewall, so it runs alone).
 * A test host of our own, in a network namespace (198.18.7.2), serves HTTP: with the default
 * policy "mirrors" a learner engine cannot reach it but reaches the Debian mirror, through the
 * package cache only; with "open" it reaches it (so the refusal is the policy's doing). The default
 * rules are put back after.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import type { LearnerEngine } from "./engine-manager";
import { createTestEngines, makeLearnerWorkspace, runAsLearner } from "./testing/test-engines";

const root = path.resolve(__dirname, "../..");
const NS = "wbtest-egress";
const HOST_SIDE = "wbte-h";
const TEST_HOST = "198.18.7.2";
const workspace = makeLearnerWorkspace("wb-host-egress-");
const engines = createTestEngines(workspace);
const studentId = "hostegress01";
let engine: LearnerEngine;
let server: ChildProcess | undefined;

const sh = (command: string) => spawnSync("bash", ["-c", command], { encoding: "utf8" });
const infra = (egress: string) => {
  const result = spawnSync("bash", [path.join(root, "scripts/ensure-infra.sh")], { encoding: "utf8", env: { ...process.env, WB_LEARNER_EGRESS: egress } });
  if (result.status !== 0) throw new Error(`ensure-infra.sh (${egress}) failed: ${result.stderr}`);
  return result.stdout;
};
/** The HTTP status the engine gets from a URL, or 000 when nothing answered within 5 s. */
const statusFromEngine = async (url: string) => (await runAsLearner(engine, `curl -s -m 5 -o /dev/null -w '%{http_code}' ${url}`, 20_000)).output.trim().slice(-3);

beforeAll(async () => {
  sh(`ip netns del ${NS} 2>/dev/null; ip link del ${HOST_SIDE} 2>/dev/null; true`);
  const made = sh(
    `set -e; ip netns add ${NS}; ip link add ${HOST_SIDE} type veth peer name wbte-n; ip link set wbte-n netns ${NS}; ` +
      `ip addr add 198.18.7.1/30 dev ${HOST_SIDE}; ip link set ${HOST_SIDE} up; ` +
      `ip -n ${NS} addr add ${TEST_HOST}/30 dev wbte-n; ip -n ${NS} link set wbte-n up; ip -n ${NS} link set lo up`,
  );
  if (made.status !== 0) throw new Error(`could not make the test host: ${made.stderr}`);
  server = spawn("ip", ["netns", "exec", NS, "python3", "-m", "http.server", "8080", "--bind", TEST_HOST], { stdio: "ignore" });
  engine = await engines.ensure(studentId);
  for (let i = 0; i < 50 && sh(`ip netns exec ${NS} bash -c 'echo > /dev/tcp/${TEST_HOST}/8080'`).status !== 0; i++) await new Promise((r) => setTimeout(r, 100));
});

afterAll(async () => {
  infra("mirrors");
  server?.kill();
  sh(`ip netns del ${NS} 2>/dev/null; ip link del ${HOST_SIDE} 2>/dev/null; true`);
  await engines.remove(studentId);
  rmSync(workspace, { recursive: true, force: true });
});

describe("learner egress", () => {
  it("reaches only the mirrors by default, and anywhere (but the host and other engines) when open", async () => {
    const mirror = sh(`source ${root}/scripts/lib.sh >/dev/null; debian_mirror`).stdout.trim();
    infra("mirrors");
    expect(sh("iptables -S WORKBENCH-FWD").stdout.trim().split("\n").pop()).toBe("-A WORKBENCH-FWD -i wb-learners -j DROP");
    expect(await statusFromEngine(`http://${TEST_HOST}:8080/`)).toBe("000");
    expect(await statusFromEngine(`${mirror}/dists/bookworm/Release`)).toMatch(/^[23]\d\d$/);
    // With the package cache on, the mirror is reached only through it (its name is an alias of the
    // infra container, which resolves the real name at each request): not at the real addresses,
    // which a CDN changes at will and the set-up would have frozen.
    const mirrorHost = new URL(mirror).host;
    const realAddress = sh(`getent ahostsv4 ${mirrorHost} | awk 'NR == 1 { print $1 }'`).stdout.trim();
    expect(realAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(sh("docker inspect -f '{{range .Config.Env}}{{println .}}{{end}}' workbench-infra").stdout).toMatch(/^WB_APT_CACHE_RESOLVERS=\d/m);
    expect(await statusFromEngine(`--resolve ${mirrorHost}:80:${realAddress} ${mirror}/dists/bookworm/Release`)).toBe("000");

    infra("open");
    expect(await statusFromEngine(`http://${TEST_HOST}:8080/`)).toBe("200");
  });
});
