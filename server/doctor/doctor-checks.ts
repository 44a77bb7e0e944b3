/**
 * Every precondition of a working workbench on this host, each a check that says what it found
 * and, when it fails, the fix. `npm run doctor` prints them (./doctor-cli.ts); scripts/start.sh
 * runs it before starting the server.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { GRADER_TOOLS_IMAGE } from "../sandbox/grader-tools";
import { promisify } from "node:util";
import type Docker from "dockerode";
import { getConfig } from "../config";
import { pendingMigrations } from "../db/migrate";
import { getHostDocker } from "../sandbox/host-docker";
import { EngineManager } from "../sandbox/engine-manager";
import { probeLearnerEngine } from "../sandbox/engine-probe";
import { ENGINE_IMAGE, LEARNER_GID, LEARNER_NETWORK, LEARNER_UID } from "../sandbox/engine-options";
import { INFRA_CONTAINER, INFRA_IP, LEARNER_BRIDGE } from "../sandbox/infra-options";
import { createLogger } from "../logger";
import { choosePlurals } from "../../lib/i18n/plural";
import { deviceUsableBy, gib, modeString } from "./host-facts";
import { describeDirectEgress, parseDirectEgressRules, resolveHostsNow } from "./direct-egress";
import { checkNameServers } from "./name-servers";
import { checkServerUser } from "../server-user/server-user-check";
import { checkSwarmFromConfig } from "../sandbox/placement/swarm-nodes-check";
import { reportClientCertificates } from "../sandbox/placement/node-cert-expiry";

const run = promisify(execFile);

export interface CheckOutcome {
  ok: boolean;
  detail: string;
  /** What to do, for a failure. */
  fix?: string;
}

export interface DoctorCheck {
  name: string;
  /** Names of checks that must pass first (otherwise this one is not tried). */
  needs?: string[];
  /**
   * A failure that is said, with its fix, but does not fail the doctor (nor stop the start, which
   * runs the doctor): the workbench works around it.
   */
  advisory?: boolean;
  run: () => Promise<CheckOutcome>;
}

const MIN_FREE_BYTES = 5 * 1024 ** 3;
const pass = (detail: string): CheckOutcome => ({ ok: true, detail });
const fail = (detail: string, fix: string): CheckOutcome => ({ ok: false, detail, fix });

async function fetchStatus(url: string, init: RequestInit = {}): Promise<number | null> {
  try {
    const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(5_000), ...init });
    await response.body?.cancel();
    return response.status;
  } catch {
    return null;
  }
}

export function doctorChecks(root: string, docker: Docker = getHostDocker()): DoctorCheck[] {
  const config = getConfig();
  let swarmReport: ReturnType<typeof checkSwarmFromConfig> | undefined;
  const swarmNodes = () => (swarmReport ??= checkSwarmFromConfig(config, ENGINE_IMAGE));
  return [
    {
      name: "node",
      run: async () => {
        const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
        return major > 20 || (major === 20 && minor >= 19) ? pass(`Node.js ${process.versions.node}`) : fail(`Node.js ${process.versions.node} is too old`, "install Node.js 20.19 or later");
      },
    },
    {
      name: "docker",
      run: async () => {
        try {
          const version = await docker.version();
          const api = Number(version.ApiVersion);
          if (!(api >= 1.41)) return fail(`Docker ${version.Version} speaks API ${version.ApiVersion}`, "install Docker 20.10 or later (Debian: apt-get install docker.io)");
          return pass(`Docker ${version.Version} (API ${version.ApiVersion}) answers`);
        } catch (error) {
          return fail(`no Docker engine answers (${String(error).slice(0, 120)})`, "bash scripts/ensure-docker.sh (starts dockerd)");
        }
      },
    },
    // WB_PLACEMENT=swarm: the manager answers as one, and every engine node's own Docker API answers the server.
    ...(config.WB_PLACEMENT === "swarm" && config.WB_SWARM_MANAGER ? [{ name: "swarm engine nodes", run: () => swarmNodes() }] : []),
    // Each engine node's name servers, timed on the node as its engines look names up (asked with the line above): one that drops queries makes pages wait there.
    ...(config.WB_PLACEMENT === "swarm" && config.WB_SWARM_MANAGER
      ? [
          {
            name: "node name servers",
            advisory: true,
            run: async () => (await swarmNodes()).nameServers ?? pass("not checked: no engine node's Docker API answered"),
          },
        ]
      : []),
    // The server's client certificate and the node CA end one day: said from 30 days before, with the fix (an expired one also fails the line above).
    ...(config.WB_PLACEMENT === "swarm" ? [{ name: "node certificates", advisory: true, run: async () => reportClientCertificates(config.WB_NODE_TLS_DIR) }] : []),
    {
      name: "server user",
      needs: ["docker"],
      run: () => checkServerUser(config),
    },
    {
      name: "cgroups",
      needs: ["docker"],
      run: async () => {
        const info = await docker.info();
        const missing = [...(info.MemoryLimit ? [] : ["memory"]), ...(info.PidsLimit ? [] : ["pids"]), ...(info.CpuCfsQuota ? [] : ["cpu quota"])];
        const version = `cgroup v${info.CgroupVersion ?? "1"} (${info.CgroupDriver})`;
        return missing.length
          ? fail(`${version} without ${missing.join(", ")} limits: engines could not be bounded`, "enable the memory, pids and cpu cgroup controllers (kernel command line cgroup_enable=memory)")
          : pass(`${version}, memory, pids and CPU limits available`);
      },
    },
    {
      name: "tun device",
      run: async () => {
        let stat: fs.Stats;
        try {
          stat = fs.statSync("/dev/net/tun");
        } catch {
          return fail("/dev/net/tun is missing", "as root: modprobe tun, or bash scripts/setup.sh");
        }
        if (!stat.isCharacterDevice()) return fail("/dev/net/tun is not a character device", "as root: rm /dev/net/tun && bash scripts/setup.sh");
        const mode = stat.mode & 0o777;
        return deviceUsableBy({ mode, uid: stat.uid, gid: stat.gid }, LEARNER_UID, LEARNER_GID)
          ? pass(`/dev/net/tun c${modeString(mode)}: usable by the learner uid ${LEARNER_UID}`)
          : fail(
              `/dev/net/tun is c${modeString(mode)}: the learner uid ${LEARNER_UID} cannot open it, so rootless engines cannot start`,
              "as root: chmod 0666 /dev/net/tun (bash scripts/setup.sh does it)",
            );
      },
    },
    {
      name: "user namespaces",
      run: async () => {
        const read = (file: string) => (fs.existsSync(file) ? Number(fs.readFileSync(file, "utf8").trim()) : undefined);
        const clone = read("/proc/sys/kernel/unprivileged_userns_clone");
        const max = read("/proc/sys/user/max_user_namespaces");
        if (clone === 0)
          return fail("unprivileged user namespaces are off (kernel.unprivileged_userns_clone = 0)", "as root: sysctl -w kernel.unprivileged_userns_clone=1 (bash scripts/setup.sh does it)");
        if (max !== undefined && max < 1) return fail("user.max_user_namespaces = 0", "as root: sysctl -w user.max_user_namespaces=15000 (bash scripts/setup.sh does it)");
        return pass(`allowed (user.max_user_namespaces = ${max ?? "unlimited"})`);
      },
    },
    {
      name: "learners' network",
      needs: ["docker"],
      run: async () => {
        try {
          const network = await docker.getNetwork(LEARNER_NETWORK).inspect();
          const options = (network.Options ?? {}) as Record<string, string>;
          if (options["com.docker.network.bridge.enable_icc"] !== "false") {
            return fail(`${LEARNER_NETWORK} lets engines talk to each other (icc on)`, `docker network rm ${LEARNER_NETWORK} (engines stopped), then bash scripts/ensure-infra.sh`);
          }
          return pass(`${LEARNER_NETWORK} present (bridge ${options["com.docker.network.bridge.name"] ?? "?"}, engines kept apart)`);
        } catch {
          return fail(`the network ${LEARNER_NETWORK} is missing`, "bash scripts/ensure-infra.sh");
        }
      },
    },
    {
      name: "firewall",
      needs: ["docker"],
      run: async () => {
        const problems: string[] = [];
        for (const chain of ["WORKBENCH-FWD", "WORKBENCH-IN", "WORKBENCH-CFWD", "WORKBENCH-CIN"]) {
          const listed = await run("iptables", ["-S", chain]).catch(() => null);
          if (!listed?.stdout.includes("docker-workbench")) problems.push(`chain ${chain} missing or empty`);
        }
        const jumps: [string, string][] = [
          ["DOCKER-USER", "WORKBENCH-FWD"],
          ["INPUT", "WORKBENCH-IN"],
        ];
        for (const [from, to] of jumps) {
          const ok = await run("iptables", ["-C", from, "-i", LEARNER_BRIDGE, "-j", to]).then(
            () => true,
            () => false,
          );
          if (!ok) problems.push(`no jump from ${from} to ${to}`);
        }
        return problems.length
          ? fail(`the sandbox firewall is incomplete: ${problems.join("; ")}`, "as root: bash scripts/ensure-infra.sh (rules do not survive a reboot)")
          : pass("chains WORKBENCH-FWD/-IN/-CFWD/-CIN in place: engines reach the mirrors, not each other nor the host");
      },
    },
    {
      // The hosts engines reach directly were allowed at the addresses they had at set-up: say when one moved since.
      name: "direct egress",
      needs: ["firewall"],
      // Advisory: a name served round-robin can answer another subset of its addresses seconds
      // after the set-up resolved it, and a moved mirror only stops the downloads from that host.
      advisory: true,
      run: async () => {
        const rules = parseDirectEgressRules((await run("iptables", ["-S", "WORKBENCH-FWD"])).stdout, LEARNER_BRIDGE);
        return describeDirectEgress(rules, await resolveHostsNow([...rules.allowed.keys()]));
      },
    },
    {
      // Every lookup of a name of the internet in an engine ends at the host's name servers: one that drops queries makes pages wait (./name-servers.ts).
      name: "name servers",
      // Advisory: the engines work, only slowly where a program looks names up (WordPress's installer), and the site check may fail wrongly.
      advisory: true,
      run: checkNameServers,
    },
    {
      name: "mirrors",
      needs: ["docker"],
      run: async () => {
        let env: string[] = [];
        let running = false;
        try {
          const info = await docker.getContainer(INFRA_CONTAINER).inspect();
          env = info.Config.Env ?? [];
          running = info.State.Running;
        } catch {
          const hub = await fetchStatus("https://registry-1.docker.io/v2/");
          return hub !== null
            ? pass("no offline mirrors (Docker Hub answers)")
            : fail(`${INFRA_CONTAINER} is missing and Docker Hub does not answer: engines cannot pull images`, "bash scripts/ensure-infra.sh");
        }
        if (!running) return fail(`${INFRA_CONTAINER} is not running`, `docker start ${INFRA_CONTAINER}, or bash scripts/ensure-infra.sh`);
        const answers: string[] = [];
        if (env.includes("WB_SERVE_REGISTRY=1")) {
          const status = await fetchStatus(`http://${INFRA_IP}:5000/v2/`);
          if (status !== 200) return fail(`the registry mirror at ${INFRA_IP}:5000 answered ${status ?? "nothing"}`, "bash scripts/ensure-infra.sh");
          answers.push("registry mirror");
        }
        if (env.includes("WB_SERVE_WORDPRESS=1")) {
          const status = await fetchStatus(`http://${INFRA_IP}/latest.zip`, { headers: { host: "wordpress.org" } });
          if (status !== 301) return fail(`the wordpress.org mirror at ${INFRA_IP} answered ${status ?? "nothing"}`, "bash scripts/ensure-infra.sh");
          answers.push("wordpress.org mirror");
        }
        return pass(`${INFRA_CONTAINER} running at ${INFRA_IP}${answers.length ? `; ${answers.join(" and ")} answer` : ""}`);
      },
    },
    {
      name: "engine image",
      needs: ["docker"],
      run: async () => {
        const checked = await run("bash", [path.join(root, "scripts/ensure-engine-image.sh"), "--check"], { cwd: root }).then(
          (out) => ({ ok: true, text: out.stdout }),
          (error: { stdout?: string; stderr?: string }) => ({ ok: false, text: `${error.stdout ?? ""}${error.stderr ?? ""}` }),
        );
        const said =
          checked.text
            .replace(/\u001b\[[0-9;]*m/g, "")
            .trim()
            .split("\n")
            .pop()
            ?.trim() ?? "";
        return checked.ok ? pass(said) : fail(said || "the engine image is missing or stale", "bash scripts/ensure-engine-image.sh");
      },
    },
    {
      name: "grader tools",
      needs: ["docker"],
      run: async () => {
        const info = await docker
          .getImage(GRADER_TOOLS_IMAGE)
          .inspect()
          .catch(() => null);
        return info
          ? pass(`${GRADER_TOOLS_IMAGE} present (${Math.round((info.Size ?? 0) / 1e6)} MB): processes, packages and the MySQL probe are read with the grader's own programs`)
          : fail(`${GRADER_TOOLS_IMAGE} is missing: the checks that read processes, packages or the database cannot run`, "bash scripts/ensure-grader-tools.sh");
      },
    },
    {
      name: "database",
      run: async () => {
        const where = config.DATABASE_URL.startsWith("file:") ? "SQLite" : "PostgreSQL";
        try {
          const pending = await pendingMigrations();
          return pending.length
            ? fail(
                `${where} reachable, ${choosePlurals("{count, plural, one {# migration} other {# migrations}}", "en", { count: pending.length })} not applied (${pending.join(", ")})`,
                "npm run db:migrate",
              )
            : pass(`${where} reachable and migrated`);
        } catch (error) {
          return fail(`${where} database unreachable: ${String(error).split("\n")[0]?.slice(0, 160)}`, "check DATABASE_URL in .env (see .env.example)");
        }
      },
    },
    {
      name: "disk space",
      needs: ["docker"],
      run: async () => {
        const { DockerRootDir } = await docker.info();
        fs.mkdirSync(config.DATA_DIR, { recursive: true });
        const places = [
          { what: `data folder ${config.DATA_DIR}`, dir: config.DATA_DIR },
          { what: `Docker's ${DockerRootDir}`, dir: DockerRootDir },
        ];
        const low: string[] = [];
        const seen: string[] = [];
        for (const place of places) {
          const stat = await fs.promises.statfs(place.dir).catch(() => null);
          if (!stat) continue;
          const free = stat.bavail * stat.bsize;
          seen.push(`${place.what}: ${gib(free)} free`);
          if (free < MIN_FREE_BYTES) low.push(`${place.what} has ${gib(free)} free`);
        }
        return low.length ? fail(`${low.join("; ")} (at least ${gib(MIN_FREE_BYTES)} needed)`, "free disk space (docker system prune removes unused images)") : pass(seen.join("; "));
      },
    },
    {
      name: "learner engine",
      needs: ["docker", "tun device", "user namespaces", "learners' network", "engine image"],
      run: async () => {
        const engines = new EngineManager({
          owner: "cli",
          log: createLogger({ level: "silent" }),
          workspaceHostPath: async () => config.DATA_DIR,
          idleMs: 60_000,
          memoryBytes: config.ENGINE_MEMORY_MB * 1024 * 1024,
          pidsLimit: config.ENGINE_PIDS,
          nanoCpus: Math.round(config.ENGINE_CPUS * 1e9),
          mode: config.ENGINE_MODE,
          instanceId: "doctor",
          readyTimeoutMs: 45_000,
        });
        const probe = await probeLearnerEngine(engines, "doctor");
        return probe.ok
          ? pass(`a ${config.ENGINE_MODE} engine started and answered in ${(probe.readyMs / 1000).toFixed(1)} s`)
          : fail(`a test engine did not start: ${probe.reason}`, probe.fix ?? "see docker logs of the engine; run bash scripts/setup.sh");
      },
    },
  ];
}

export interface CheckReport extends CheckOutcome {
  name: string;
  /** Not tried because a check it needs failed. */
  skipped?: boolean;
  /** A failure that does not fail the doctor (see DoctorCheck.advisory). */
  advisory?: boolean;
}

/** The reports that fail the doctor: failures of checks that are not advisory. */
export const blockingFailures = (reports: CheckReport[]): CheckReport[] => reports.filter((r) => !r.ok && !r.advisory);

/** Runs the checks in order; one whose needs failed is reported as not tried. */
export async function runDoctor(checks: DoctorCheck[]): Promise<CheckReport[]> {
  const reports: CheckReport[] = [];
  for (const check of checks) {
    const failedNeeds = (check.needs ?? []).filter((need) => reports.find((r) => r.name === need)?.ok === false);
    if (failedNeeds.length) {
      reports.push({ name: check.name, ok: false, skipped: true, detail: `not tried: ${failedNeeds.join(", ")} failed`, fix: "fix the lines above first" });
      continue;
    }
    const outcome = await check.run().catch((error: unknown) => fail(`the check itself failed: ${String(error).slice(0, 200)}`, "see the error; run bash scripts/setup.sh"));
    reports.push({ name: check.name, ...outcome, ...(check.advisory ? { advisory: true } : {}) });
  }
  return reports;
}
