/** Host Docker views the benchmarks need: learner engine containers, their readiness and stats. */
import type Docker from "dockerode";
import { getHostDocker } from "../../server/sandbox/host-docker";
import { LABEL_DEPLOYMENT, LABEL_MANAGED, LABEL_OWNER, LABEL_ROLE, LABEL_STUDENT } from "../../server/sandbox/labels";
import { ENGINE_READY_FILE, LEARNER_USER } from "../../server/sandbox/engine-options";
import { execCommand } from "../../server/sandbox/exec-command";

export interface EngineContainer {
  id: string;
  name: string;
  owner: string | undefined;
  student: string | undefined;
  deployment: string | undefined;
  running: boolean;
}

/** Every learner engine container on this host (any owner), like `docker ps -a --filter label=…role=engine`. */
export async function listEngineContainers(): Promise<EngineContainer[]> {
  const containers = await getHostDocker().listContainers({
    all: true,
    filters: { label: [`${LABEL_MANAGED}=true`, `${LABEL_ROLE}=engine`] },
  });
  return containers.map((c) => ({
    id: c.Id,
    name: (c.Names[0] ?? c.Id).replace(/^\//, ""),
    owner: c.Labels[LABEL_OWNER],
    student: c.Labels[LABEL_STUDENT],
    deployment: c.Labels[LABEL_DEPLOYMENT],
    running: c.State === "running",
  }));
}

/** Whether the engine's entrypoint has marked its inner dockerd ready (the file it creates then). */
export async function engineReady(id: string): Promise<boolean> {
  const result = await execCommand(getHostDocker().getContainer(id), {
    cmd: ["test", "-f", ENGINE_READY_FILE],
    user: LEARNER_USER,
    timeoutMs: 5_000,
  }).catch(() => null);
  return result?.exitCode === 0;
}

export interface ContainerUsage {
  /** What `docker stats` shows as MEM USAGE: usage minus inactive file cache. */
  memBytes: number;
  /** The cgroup's raw memory usage (memory.current / memory.usage_in_bytes), page cache included. */
  rawBytes: number;
  /** Inactive file cache subtracted above. */
  inactiveFileBytes: number;
  limitBytes: number;
  pids: number;
  /** CPU use over the ~1 s window the stats API samples, in % of one CPU (as `docker stats`). */
  cpuPercent: number;
}

interface StatsPayload {
  memory_stats: { usage?: number; limit?: number; stats?: Record<string, number> };
  pids_stats?: { current?: number };
  cpu_stats: { cpu_usage: { total_usage: number }; system_cpu_usage?: number; online_cpus?: number };
  precpu_stats: { cpu_usage: { total_usage: number }; system_cpu_usage?: number };
}

/** `docker stats --no-stream` for one container, computed the way the CLI does (cgroup v1 and v2). */
export async function containerUsage(container: Docker.Container): Promise<ContainerUsage> {
  const s = (await container.stats({ stream: false })) as unknown as StatsPayload;
  const raw = s.memory_stats.usage ?? 0;
  const st = s.memory_stats.stats ?? {};
  // The CLI: cgroup v1 subtracts total_inactive_file, v2 inactive_file.
  const inactive = st["total_inactive_file"] ?? st["inactive_file"] ?? 0;
  const cpuDelta = s.cpu_stats.cpu_usage.total_usage - s.precpu_stats.cpu_usage.total_usage;
  const systemDelta = (s.cpu_stats.system_cpu_usage ?? 0) - (s.precpu_stats.system_cpu_usage ?? 0);
  const cpus = s.cpu_stats.online_cpus ?? 1;
  return {
    memBytes: inactive < raw ? raw - inactive : raw,
    rawBytes: raw,
    inactiveFileBytes: inactive,
    limitBytes: s.memory_stats.limit ?? 0,
    pids: s.pids_stats?.current ?? 0,
    cpuPercent: systemDelta > 0 && cpuDelta >= 0 ? (cpuDelta / systemDelta) * cpus * 100 : 0,
  };
}
