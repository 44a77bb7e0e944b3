/**
 * Create options of a learner engine: a container of docker-workbench/engine:1 (built by
 * scripts/ensure-engine-image.sh from ./engine-image) running a ROOTLESS dockerd as the
 * unprivileged user `learner`. The container itself is unprivileged: Docker's default
 * capabilities, no --privileged, no cgroup mount; what rootlesskit needs on top is /dev/net/tun,
 * unmasked /proc paths (the CLI's systempaths=unconfined) and a seccomp profile that allows the namespace
 * syscalls (./engine-image/seccomp.json). no-new-privileges stays OFF on purpose: setuid must
 * work in the learner's own containers (step 3 of the lab); the engine image has no setuid
 * binary, so learner cannot become root in the engine container itself.
 */
import { readFileSync } from "node:fs";
import type Docker from "dockerode";
import { sandboxLabels, type SandboxOwner } from "./labels";

export const ENGINE_IMAGE = "docker-workbench/engine:1";
/** The learners' network, created by scripts/ensure-infra.sh (ICC off, firewall rules). */
export const LEARNER_NETWORK = "workbench-learners";

export const LEARNER_USER = "learner";
export const LEARNER_UID = 1000;
export const LEARNER_GID = 1000;
export const LEARNER_HOME = "/home/learner";
/** The student's files (bind mount); the shell starts there. Owned by LEARNER_UID on the host. */
export const LEARNER_WORKSPACE = "/home/learner/workspace";
/** The inner engine's socket, for `docker exec -e DOCKER_HOST=…` (the image's ENV sets it too). */
export const INNER_DOCKER_HOST = "unix:///run/user/1000/docker.sock";
/** The inner engine's data root, on a named volume (overlay2 needs a non-overlay filesystem). */
export const INNER_DATA_ROOT = "/home/learner/.local/share/docker";
/** Created by the entrypoint once `docker info` answers (the log also says "engine ready"). */
export const ENGINE_READY_FILE = "/run/user/1000/workbench-engine.ready";
/** Exec as LEARNER_USER: exit code 0 once the inner engine answers. */
export const engineReadyCommand: string[] = ["docker", "info", "--format", "{{.ServerVersion}}"];

export const ENGINE_DEFAULT_MEMORY_BYTES = 2 * 1024 ** 3;
export const ENGINE_DEFAULT_PIDS_LIMIT = 1024;
export const ENGINE_DEFAULT_NANO_CPUS = 1_000_000_000;

/** The named volume holding an engine's inner /var/lib/docker equivalent. */
export const engineDataVolumeName = (containerName: string) => `${containerName}-docker`;

export interface EngineCreateParams {
  studentId: string;
  /** Host folder mounted at LEARNER_WORKSPACE; must be writable by LEARNER_UID. */
  workspaceHostPath: string;
  /** Container name; the data volume is named after it. */
  name: string;
  instanceId: string;
  owner?: SandboxOwner;
  /** Shown in the learner's prompt (learner@<hostname>). */
  hostname?: string;
  memoryBytes?: number;
  pidsLimit?: number;
  nanoCpus?: number;
}

export const LABEL_INSTANCE = "org.dockerworkbench.instance";

export function engineCreateOptions(p: EngineCreateParams): Docker.ContainerCreateOptions {
  const labels = { ...sandboxLabels("engine", p.owner ?? "server", p.studentId), [LABEL_INSTANCE]: p.instanceId };
  const memory = p.memoryBytes ?? ENGINE_DEFAULT_MEMORY_BYTES;
  return {
    name: p.name,
    Image: ENGINE_IMAGE,
    Hostname: p.hostname ?? "workbench",
    User: `${LEARNER_UID}:${LEARNER_GID}`,
    WorkingDir: LEARNER_WORKSPACE,
    Labels: labels,
    StopTimeout: 20,
    HostConfig: {
      Init: true,
      NetworkMode: LEARNER_NETWORK,
      Privileged: false,
      SecurityOpt: [
        `seccomp=${engineSeccompProfile()}`,
        // Docker's AppArmor profile denies mount(2); ignored where AppArmor is off (as on Debian here).
        "apparmor=unconfined",
      ],
      // = `--security-opt systempaths=unconfined` (the CLI's spelling; the API wants the lists):
      // rootlesskit mounts a fresh /proc for the inner engine, which masked paths forbid.
      MaskedPaths: [],
      ReadonlyPaths: [],
      Devices: [{ PathOnHost: "/dev/net/tun", PathInContainer: "/dev/net/tun", CgroupPermissions: "rwm" }],
      Sysctls: {
        // rootlesskit publishes the learner's `docker run -p 80:80` on this container's port 80.
        "net.ipv4.ip_unprivileged_port_start": "0",
        // ping (ICMP echo sockets) for the learner and through slirp4netns.
        "net.ipv4.ping_group_range": "0 2147483647",
      },
      Memory: memory,
      MemorySwap: memory,
      PidsLimit: p.pidsLimit ?? ENGINE_DEFAULT_PIDS_LIMIT,
      NanoCpus: p.nanoCpus ?? ENGINE_DEFAULT_NANO_CPUS,
      Mounts: [
        {
          Type: "volume",
          Source: engineDataVolumeName(p.name),
          Target: INNER_DATA_ROOT,
          // NoCopy false: the new volume takes the image's empty folder, owned by learner.
          VolumeOptions: { NoCopy: false, Labels: labels, DriverConfig: { Name: "local", Options: {} } },
        },
        { Type: "bind", Source: p.workspaceHostPath, Target: LEARNER_WORKSPACE },
      ],
      LogConfig: { Type: "json-file", Config: { "max-size": "5m", "max-file": "2" } },
      RestartPolicy: { Name: "no" },
    },
  };
}

let seccompProfile: string | undefined;

/** ./engine-image/seccomp.json, compacted: Docker's API wants the profile itself, not a path. */
export function engineSeccompProfile(): string {
  seccompProfile ??= JSON.stringify(JSON.parse(readFileSync(new URL("./engine-image/seccomp.json", import.meta.url), "utf8")));
  return seccompProfile;
}
