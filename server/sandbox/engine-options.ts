/**
 * Create options of a learner engine: a container of docker-workbench/engine:1 (built by
 * scripts/ensure-engine-image.sh from ./engine-image), in one of two modes (config ENGINE_MODE):
 *
 * - "rootless" (the default): a ROOTLESS dockerd run by the unprivileged user `learner`. The
 *   container itself is unprivileged: Docker's default capabilities, no --privileged, no cgroup
 *   mount; what rootlesskit needs on top is /dev/net/tun, unmasked /proc paths (the CLI's
 *   systempaths=unconfined) and a seccomp profile that allows the namespace syscalls
 *   (./engine-image/seccomp.json). no-new-privileges stays OFF on purpose: setuid must work in
 *   the learner's own containers (step 3 of the lab); the engine image has no setuid binary, so
 *   learner cannot become root in the engine container itself.
 *
 * - "privileged-caps" (explicit operator choice; needed for multi-node swarm): a ROOT dockerd
 *   in a container with every capability but CAP_SYS_RESOURCE, no seccomp/AppArmor confinement,
 *   unmasked /proc and the host's cgroup tree mounted read-write (--privileged itself fails on
 *   this kind of host). HOST-ROOT-EQUIVALENT for whoever can talk to the inner engine, i.e. the
 *   learner (the host cgroup tree, v1 release_agent included, is writable): dedicated sandbox
 *   hosts only. The entrypoint runs as root; the learner's shells and the backend's execs still
 *   run as `learner` and reach the engine at the same INNER_DOCKER_HOST (a socket owned by the
 *   group learner), so nothing else depends on the mode.
 */
import { readFileSync } from "node:fs";
import type Docker from "dockerode";
import { sandboxLabels, type SandboxOwner } from "./labels";
import { SANDBOX_GID, SANDBOX_UID } from "../workspace/workspace-path";

export const ENGINE_IMAGE = "docker-workbench/engine:1";
/** The learners' network, created by scripts/ensure-infra.sh (ICC off, firewall rules). */
export const LEARNER_NETWORK = "workbench-learners";

export const LEARNER_USER = "learner";
export const LEARNER_UID = SANDBOX_UID;
export const LEARNER_GID = SANDBOX_GID;
/** The learner's runtime folder (XDG_RUNTIME_DIR), as the engine image makes it. */
const LEARNER_RUNTIME_DIR = `/run/user/${LEARNER_UID}`;
export const LEARNER_HOME = "/home/learner";
/** The student's files (bind mount); the shell starts there. Owned by LEARNER_UID on the host. */
export const LEARNER_WORKSPACE = "/home/learner/workspace";
/** The inner engine's socket, for `docker exec -e DOCKER_HOST=…` (the image's ENV sets it too). */
export const INNER_DOCKER_HOST = `unix://${LEARNER_RUNTIME_DIR}/docker.sock`;
/** The inner engine's data root, on a named volume (overlay2 needs a non-overlay filesystem). */
export const INNER_DATA_ROOT = "/home/learner/.local/share/docker";
/** The root dockerd's data root in privileged-caps mode, on the same named volume. */
export const PRIVILEGED_DATA_ROOT = "/var/lib/docker";
/** Created by the entrypoint once `docker info` answers (the log also says "engine ready"). */
export const ENGINE_READY_FILE = `${LEARNER_RUNTIME_DIR}/workbench-engine.ready`;
/** Exec as LEARNER_USER: exit code 0 once the inner engine answers. */
export const engineReadyCommand: string[] = ["docker", "info", "--format", "{{.ServerVersion}}"];

export const ENGINE_DEFAULT_MEMORY_BYTES = 2 * 1024 ** 3;
export const ENGINE_DEFAULT_PIDS_LIMIT = 1024;
export const ENGINE_DEFAULT_NANO_CPUS = 1_000_000_000;
/**
 * Niceness of the engine's dockerd, hence of every build and container it runs; the learner's
 * terminal (an exec from outside) stays at 0, so its keystrokes win the CPU over a build.
 */
export const ENGINE_DEFAULT_NICE = 10;
/** Tells the image's entrypoint the niceness to start dockerd at. */
export const ENGINE_NICE_ENV = "WB_ENGINE_NICE";

/** The named volume holding an engine's inner /var/lib/docker equivalent. */
export const engineDataVolumeName = (containerName: string) => `${containerName}-docker`;

/**
 * With disk caps, the folders of an engine's capped disk (see ./capped-storage.ts) and where they
 * are mounted: everything the learner can write in the engine container besides the workspace,
 * the inner engine's data root included (it is in the home). Each is a named volume bound to the
 * folder, so Docker fills it from the image on first use (the home's dotfiles, /tmp's mode).
 */
export const ENGINE_DISK_FOLDERS = {
  rootless: { home: LEARNER_HOME, tmp: "/tmp", "var-tmp": "/var/tmp" },
  "privileged-caps": { home: LEARNER_HOME, tmp: "/tmp", "var-tmp": "/var/tmp", docker: PRIVILEGED_DATA_ROOT },
} as const satisfies Record<EngineMode, Record<string, string>>;

/** The folders of ENGINE_DISK_FOLDERS a student's kept engine data keeps between sessions (the data root is in the home); the others start empty. */
export const ENGINE_DISK_KEPT_FOLDERS: readonly string[] = ["home", "docker"];

export type EngineMode = "rootless" | "privileged-caps";
/** Tells the image's entrypoint which dockerd to start (rootless when unset). */
export const ENGINE_MODE_ENV = "WB_ENGINE_MODE";

export interface EngineCreateParams {
  /** Rootless unless the operator chose privileged-caps (host-root-equivalent). */
  mode?: EngineMode;
  studentId: string;
  /** Host folder mounted at LEARNER_WORKSPACE; must be writable by LEARNER_UID. None: no workspace (a swarm worker node). */
  workspaceHostPath: string | undefined;
  /** Container name; the data volume is named after it. */
  name: string;
  /** Host folder where the engine's capped disk is mounted, with ENGINE_DISK_FOLDERS[mode] in it; none: an uncapped data volume. */
  engineDiskHostPath?: string;
  instanceId: string;
  owner?: SandboxOwner;
  /** Shown in the learner's prompt (learner@<hostname>). */
  hostname?: string;
  memoryBytes?: number;
  pidsLimit?: number;
  nanoCpus?: number;
  /** Niceness (0–19) of the inner dockerd and all it runs; ENGINE_DEFAULT_NICE unless given. */
  nice?: number;
}

export const LABEL_INSTANCE = "org.dockerworkbench.instance";

export function engineCreateOptions(p: EngineCreateParams): Docker.ContainerCreateOptions {
  const mode: EngineMode = p.mode ?? "rootless";
  const labels = { ...sandboxLabels("engine", p.owner ?? "server", p.studentId), [LABEL_INSTANCE]: p.instanceId };
  const memory = p.memoryBytes ?? ENGINE_DEFAULT_MEMORY_BYTES;
  const dataVolume = (target: string): Docker.MountSettings => ({
    Type: "volume",
    Source: engineDataVolumeName(p.name),
    Target: target,
    // NoCopy false: the new volume takes the image's empty folder (owned by learner, or by root).
    VolumeOptions: { NoCopy: false, Labels: labels, DriverConfig: { Name: "local", Options: {} } },
  });
  // A named volume bound to a folder of the capped disk (the local driver's bind), filled from the image.
  const diskVolume = (folder: string, target: string): Docker.MountSettings => ({
    Type: "volume",
    Source: `${p.name}-disk-${folder}`,
    Target: target,
    VolumeOptions: {
      NoCopy: false,
      Labels: labels,
      DriverConfig: { Name: "local", Options: { type: "none", o: "bind", device: `${p.engineDiskHostPath}/${folder}` } },
    },
  });
  const engineData = (target: string): Docker.MountSettings[] =>
    p.engineDiskHostPath ? Object.entries(ENGINE_DISK_FOLDERS[mode]).map(([folder, at]) => diskVolume(folder, at)) : [dataVolume(target)];
  // Learner-writable places of the container's own filesystem that no disk covers: small, in memory (bounded by its limit).
  const smallTmpfs: Record<string, string> = p.engineDiskHostPath ? { "/run/lock": "mode=1777,size=1m", [LEARNER_RUNTIME_DIR]: `uid=${LEARNER_UID},gid=${LEARNER_GID},mode=0700,size=64m` } : {};
  const workspace: Docker.MountSettings[] = p.workspaceHostPath ? [{ Type: "bind", Source: p.workspaceHostPath, Target: LEARNER_WORKSPACE }] : [];
  const common = {
    Init: true,
    NetworkMode: LEARNER_NETWORK,
    Privileged: false,
    // = `--security-opt systempaths=unconfined` (the CLI's spelling; the API wants the lists):
    // rootlesskit (or the root dockerd's runc) mounts a fresh /proc for the inner engine, which
    // masked paths forbid.
    MaskedPaths: [],
    ReadonlyPaths: [],
    Memory: memory,
    MemorySwap: memory,
    PidsLimit: p.pidsLimit ?? ENGINE_DEFAULT_PIDS_LIMIT,
    NanoCpus: p.nanoCpus ?? ENGINE_DEFAULT_NANO_CPUS,
    LogConfig: { Type: "json-file", Config: { "max-size": "5m", "max-file": "2" } },
    RestartPolicy: { Name: "no" },
  } satisfies Docker.HostConfig;

  // CgroupnsMode is in the API (1.41+) but not in @types/dockerode.
  const hostConfig: Docker.HostConfig & { CgroupnsMode?: "host" | "private" } =
    mode === "privileged-caps"
      ? {
          ...common,
          // The entrypoint reads its own cgroup path from /proc/self/cgroup (host view) to nest
          // the inner containers below it.
          CgroupnsMode: "host",
          // The ENVIRONMENT.md recipe: --privileged fails here (no CAP_SYS_RESOURCE on the host).
          CapAdd: ["ALL"],
          CapDrop: ["SYS_RESOURCE"],
          SecurityOpt: ["seccomp=unconfined", "apparmor=unconfined"],
          Sysctls: { "net.ipv4.ping_group_range": "0 2147483647" },
          ...(p.engineDiskHostPath ? { Tmpfs: smallTmpfs } : {}),
          Mounts: [
            ...engineData(PRIVILEGED_DATA_ROOT),
            // The root dockerd creates its containers' cgroups here, below this container's own
            // (the entrypoint sets --cgroup-parent), so the limits above still bound them.
            { Type: "bind", Source: "/sys/fs/cgroup", Target: "/sys/fs/cgroup", ReadOnly: false },
            ...workspace,
          ],
        }
      : {
          ...common,
          SecurityOpt: [
            `seccomp=${engineSeccompProfile()}`,
            // Docker's AppArmor profile denies mount(2); ignored where AppArmor is off (as on Debian here).
            "apparmor=unconfined",
          ],
          Devices: [{ PathOnHost: "/dev/net/tun", PathInContainer: "/dev/net/tun", CgroupPermissions: "rwm" }],
          Sysctls: {
            // rootlesskit publishes the learner's `docker run -p 80:80` on this container's port 80.
            "net.ipv4.ip_unprivileged_port_start": "0",
            // ping (ICMP echo sockets) for the learner and through slirp4netns.
            "net.ipv4.ping_group_range": "0 2147483647",
          },
          Mounts: [...engineData(INNER_DATA_ROOT), ...workspace],
          // Swarm services on overlay networks (a single-node swarm: step 9's fallback) make the
          // rootless dockerd create /var/lib/docker, which learner cannot: give it a small one.
          Tmpfs: { "/var/lib/docker": `uid=${LEARNER_UID},gid=${LEARNER_GID},mode=0755,size=16m`, ...smallTmpfs },
        };

  return {
    name: p.name,
    Image: ENGINE_IMAGE,
    Hostname: p.hostname ?? "workbench",
    // privileged-caps: the entrypoint starts a root dockerd; execs still name LEARNER_USER.
    User: mode === "privileged-caps" ? "0:0" : `${LEARNER_UID}:${LEARNER_GID}`,
    Env: [`${ENGINE_MODE_ENV}=${mode}`, `${ENGINE_NICE_ENV}=${engineNice(p.nice)}`],
    WorkingDir: p.workspaceHostPath ? LEARNER_WORKSPACE : LEARNER_HOME,
    Labels: labels,
    StopTimeout: 20,
    HostConfig: hostConfig,
  };
}

/** A whole niceness between 0 and 19 (the entrypoint's `nice -n` would refuse anything else). */
function engineNice(nice = ENGINE_DEFAULT_NICE): number {
  if (!Number.isInteger(nice) || nice < 0 || nice > 19) throw new Error(`engine niceness must be a whole number from 0 to 19, not ${nice}`);
  return nice;
}

let seccompProfile: string | undefined;

/** ./engine-image/seccomp.json, compacted: Docker's API wants the profile itself, not a path. */
export function engineSeccompProfile(): string {
  seccompProfile ??= JSON.stringify(JSON.parse(readFileSync(new URL("./engine-image/seccomp.json", import.meta.url), "utf8")));
  return seccompProfile;
}
