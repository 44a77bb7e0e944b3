/**
 * One "host" of the swarm test rig (./swarm-rig.ts): a privileged-caps engine container, created
 * with the options ../engine-options.ts gives step 9's cluster nodes, changed only where a host
 * differs from a learner's node:
 * - on the rig's own network (internal: no route out) instead of the learners' network;
 * - `/dev/net/tun` as a device, so that it can run ROOTLESS learner engines itself (Docker's
 *   default /dev has no /dev/net at all, and the nested engine's `--device /dev/net/tun` names the
 *   node's device);
 * - the shared folder bind-mounted at the same absolute path (the NFS stand-in);
 * - its root dockerd also listening on tcp://0.0.0.0:2375 (see SWARM_RIG_API_PORT);
 * - the rig's labels on the container and its data volume.
 */
import type Docker from "dockerode";
import { engineCreateOptions } from "../engine-options";
import { swarmRigLabels } from "./swarm-rig-labels";

/**
 * Plain http, no authentication: acceptable for a TEST rig only, because the port is reachable
 * from nowhere but this host and the rig's own nodes (the rig network is `internal`, and Docker's
 * isolation rules drop traffic from every other bridge to it); the nodes run nothing but test
 * engines. A real engine host exposes its API with mutual TLS on the private network only
 * (dockerd --tlsverify with a server certificate signed by the workbench's own CA, and the server
 * holding a client certificate of it): docs/scale-out.md, "Adding a node". The set-up's existing CA
 * (server/sandbox/infra-image/workbench-ca.sh) is name-constrained to wordpress.org, so it cannot
 * sign a node's certificate: a node CA of its own is the real-host step, not something the rig fakes.
 */
export const SWARM_RIG_API_PORT = 2375;

export interface RigNodeSpec {
  rigId: string;
  /** Container name and swarm hostname. */
  name: string;
  network: string;
  sharedDir: string;
  image: string;
}

export function rigNodeCreateOptions(spec: RigNodeSpec): Docker.ContainerCreateOptions {
  const labels = swarmRigLabels(spec.rigId);
  const options = engineCreateOptions({
    mode: "privileged-caps",
    studentId: spec.rigId,
    workspaceHostPath: undefined,
    name: spec.name,
    instanceId: spec.rigId,
    owner: "test",
    hostname: spec.name,
    // Nothing niced: the node's dockerd stands for a host's, and the engines it runs get their own niceness.
    nice: 0,
  });
  const host = options.HostConfig!;
  const mounts = (host.Mounts ?? []).map((m) => (m.VolumeOptions ? { ...m, VolumeOptions: { ...m.VolumeOptions, Labels: labels } } : m));
  return {
    ...options,
    Image: spec.image,
    Labels: labels,
    // `--tls=false` says the plain port is meant (see SWARM_RIG_API_PORT): without it dockerd 20.10 waits 15 s before listening.
    Cmd: ["--host", `tcp://0.0.0.0:${SWARM_RIG_API_PORT}`, "--tls=false"],
    HostConfig: {
      ...host,
      NetworkMode: spec.network,
      Devices: [{ PathOnHost: "/dev/net/tun", PathInContainer: "/dev/net/tun", CgroupPermissions: "rwm" }],
      Mounts: [...mounts, { Type: "bind", Source: spec.sharedDir, Target: spec.sharedDir }],
    },
  };
}
