/**
 * What one learner engine container costs the host: its memory as `docker stats` shows it, and its
 * disk: the data volume(s) on the host (`docker volume inspect` → Mountpoint, `du`), the
 * container's writable layer (SizeRw of `docker container inspect --size`), its json log, and the
 * student's workspace folder when it has one. Also a lesson's reference solution copied into a
 * workspace and graded as the Check button does, with its stage times.
 */
import { spawnSync } from "node:child_process";
import { chownSync, copyFileSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import type Docker from "dockerode";
import type { Lesson } from "../../server/lessons/load-lessons";
import { LEARNER_UID } from "../../server/sandbox/engine-options";
import { getHostDocker } from "../../server/sandbox/host-docker";
import { containerUsage, type ContainerUsage } from "./docker";

/** 512 B, 12.0 KiB, 345.6 MiB, 1.23 GiB */
export function fmtBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return "n/a";
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

export interface PathSize {
  /** `du -sb`: apparent size (what the files hold). */
  apparent: number;
  /** `du -s -B1`: blocks allocated on the host's disk. */
  allocated: number;
}

const ZERO: PathSize = { apparent: 0, allocated: 0 };

function du(args: string[], target: string): number {
  const r = spawnSync("du", [...args, target], { encoding: "utf8", timeout: 300_000 });
  const bytes = Number((r.stdout ?? "").split(/\s/)[0]);
  if (r.status !== 0 || !Number.isFinite(bytes)) throw new Error(`du ${args.join(" ")} ${target} failed: ${(r.stderr ?? "").trim() || `exit ${r.status}`}`);
  return bytes;
}

/** Size of a host folder, like `du -sb` (and its allocated blocks). */
export function pathSize(target: string): PathSize {
  return { apparent: du(["-sb"], target), allocated: du(["-s", "-B1"], target) };
}

const addSizes = (a: PathSize, b: PathSize): PathSize => ({ apparent: a.apparent + b.apparent, allocated: a.allocated + b.allocated });

export interface DiskFootprint {
  /** The engine's named volume(s) (its inner Docker data root), on the host. */
  volumes: PathSize;
  volumeNames: string[];
  /** The container's writable layer (SizeRw). */
  writableLayer: number;
  /** The container's json-file log on the host (capped at 2 × 5 MB by the engine options). */
  log: number;
  /** The student's workspace folder (bind-mounted), 0 for an engine without one. */
  workspace: PathSize;
}

/** volume (du -sb) + writable layer + workspace (du -sb); the log is reported apart. */
export const diskTotal = (d: DiskFootprint) => d.volumes.apparent + d.writableLayer + d.workspace.apparent;

type InspectWithSize = Docker.ContainerInspectInfo & { SizeRw?: number; SizeRootFs?: number };

export async function diskFootprint(container: Docker.Container, workspace: string | undefined): Promise<DiskFootprint> {
  // dockerode sends the options as the query (`?size=true`); its types only know abortSignal.
  const withSize: Docker.ContainerInspectOptions & { size: boolean } = { size: true };
  const info = (await container.inspect(withSize)) as InspectWithSize;
  const volumeNames = info.Mounts.filter((m) => m.Type === "volume" && m.Name).map((m) => m.Name as string);
  let volumes = ZERO;
  for (const name of volumeNames) {
    const volume = await getHostDocker().getVolume(name).inspect();
    volumes = addSizes(volumes, pathSize(volume.Mountpoint));
  }
  let logBytes = 0;
  try {
    if (info.LogPath) logBytes = statSync(info.LogPath).size;
  } catch {
    // no log written yet
  }
  return {
    volumes,
    volumeNames,
    writableLayer: info.SizeRw ?? 0,
    log: logBytes,
    workspace: workspace ? pathSize(workspace) : ZERO,
  };
}

export function sumDisk(parts: DiskFootprint[]): DiskFootprint {
  return parts.reduce<DiskFootprint>(
    (sum, d) => ({
      volumes: addSizes(sum.volumes, d.volumes),
      volumeNames: [...sum.volumeNames, ...d.volumeNames],
      writableLayer: sum.writableLayer + d.writableLayer,
      log: sum.log + d.log,
      workspace: addSizes(sum.workspace, d.workspace),
    }),
    { volumes: ZERO, volumeNames: [], writableLayer: 0, log: 0, workspace: ZERO },
  );
}

/** Three readings of `docker stats` a second apart; memory and pids from the last, CPU as the mean. */
export async function settledUsage(container: Docker.Container): Promise<ContainerUsage> {
  const readings: ContainerUsage[] = [];
  for (let i = 0; i < 3; i++) readings.push(await containerUsage(container));
  const last = readings[readings.length - 1]!;
  return { ...last, cpuPercent: readings.reduce((a, r) => a + r.cpuPercent, 0) / readings.length };
}

export function sumUsage(parts: ContainerUsage[]): ContainerUsage {
  return parts.reduce<ContainerUsage>(
    (s, u) => ({
      memBytes: s.memBytes + u.memBytes,
      rawBytes: s.rawBytes + u.rawBytes,
      inactiveFileBytes: s.inactiveFileBytes + u.inactiveFileBytes,
      limitBytes: s.limitBytes + u.limitBytes,
      pids: s.pids + u.pids,
      cpuPercent: s.cpuPercent + u.cpuPercent,
    }),
    { memBytes: 0, rawBytes: 0, inactiveFileBytes: 0, limitBytes: 0, pids: 0, cpuPercent: 0 },
  );
}

/** Copies `from` (a lesson's solution/<folder>) to `to`, every folder and file owned by the learner. */
export function copyOwned(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  chownSync(to, LEARNER_UID, LEARNER_UID);
  for (const entry of readdirSync(from)) {
    const source = path.join(from, entry);
    const target = path.join(to, entry);
    if (statSync(source).isDirectory()) copyOwned(source, target);
    else {
      copyFileSync(source, target);
      chownSync(target, LEARNER_UID, LEARNER_UID);
    }
  }
}

/** Replaces the workspace's step folder with the lesson's reference solution. */
export function putSolution(lessonDir: string, lesson: Lesson, workspace: string): void {
  const target = path.join(workspace, lesson.folder);
  rmSync(target, { recursive: true, force: true });
  copyOwned(path.join(lessonDir, "solution", lesson.folder), target);
}
