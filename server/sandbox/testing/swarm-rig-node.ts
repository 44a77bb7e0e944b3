/**
 * One "host" of the swarm test rig (./swarm-rig.ts): a privileged-caps engine container, created
 * with the options ../engine-options.ts gives step 9's cluster nodes, changed only where a host
 * differs from a learner's node:
 * - on the rig's own network (internal: no route out) instead of the learners' network;
 * - `/dev/net/tun` as a device, so that it can run ROOTLESS learner engines itself (Docker's
 *   default /dev has no /dev/net at all, and the nested engine's `--device /dev/net/tun` names the
 *   node's device);
 * - the shared folder bind-mounted at the same absolute path (the NFS stand-in);
 * - its root dockerd also listening on tcp://0.0.0.0:2376 with mutual TLS (see SWARM_RIG_API_PORT);
 * - the rig's resolver as its DNS server (see rigResolverCreateOptions);
 * - the rig's labels on the container and its data volume.
 */
import type Docker from "dockerode";
import { engineCreateOptions } from "../engine-options";
import { swarmRigLabels } from "./swarm-rig-labels";

/**
 * The node's Docker API, as on a real engine host (docs/scale-out.md, "Adding a node", step 3):
 * dockerd --tlsverify, its server certificate from a node CA the rig makes at start
 * (../placement/node-tls.ts, kept in the rig's temporary folder), so only a client holding a
 * certificate of that CA is served. No plain port.
 */
export const SWARM_RIG_API_PORT = 2376;

/** Where the node's folder of TLS files (ca.pem, cert.pem, key.pem) is mounted, read-only. */
export const RIG_NODE_TLS_DIR = "/etc/wb-node-tls";

/**
 * The node's address is known only once its container has started, and its certificate names that
 * address: dockerd waits for cert.pem (written by the rig) before starting; the engine image's own
 * entrypoint then starts it with the arguments below.
 */
const WAIT_FOR_CERTIFICATE = `for i in $(seq 1 600); do [ -s ${RIG_NODE_TLS_DIR}/cert.pem ] && exec /usr/local/bin/workbench-engine "$@"; sleep 0.2; done; echo "no ${RIG_NODE_TLS_DIR}/cert.pem after 120 s" >&2; exit 1`;

export interface RigNodeSpec {
  rigId: string;
  /** Container name and swarm hostname. */
  name: string;
  network: string;
  sharedDir: string;
  image: string;
  /** The host folder holding this node's ca.pem, cert.pem and key.pem (cert.pem written after the start). */
  tlsDir: string;
  /** The rig's resolver's address on the rig's network (rigResolverCreateOptions). */
  resolver: string;
}

/**
 * The name server of the rig's network, standing for an offline school's: it answers at once, "no such name" for anything
 * outside (containers' names on the rig's network are Docker's embedded DNS's, answered before it is asked). Without it a
 * node's resolver is Docker's embedded DNS on an internal network, which asks the host's resolver through a network that has
 * no route out and gives up after 20 s per name (measured, 5 December 2026): every lookup of the internet by a nested engine
 * or the containers in it waited that long, where a real node's resolver answers or fails at once. WordPress's
 * wp-admin/setup-config.php asks api.wordpress.org for its languages at every request (20.1-21.0 s there): on the rig it
 * did not answer within the grader's 10 s (docs/scale-out.md, "site-answers on a placed engine"). dnsmasq from the engine
 * image, nothing upstream, read-only, every capability dropped but binding port 53 and becoming nobody.
 */
export function rigResolverCreateOptions(rigId: string, network: string, image: string): Docker.ContainerCreateOptions {
  return {
    name: `${rigId}-resolver`,
    Image: image,
    Labels: swarmRigLabels(rigId),
    User: "0:0",
    Entrypoint: ["dnsmasq"],
    Cmd: ["--keep-in-foreground", "--no-resolv", "--no-hosts", "--address=/#/", "--pid-file=", "--user=nobody", "--log-facility=-"],
    HostConfig: {
      NetworkMode: network,
      ReadonlyRootfs: true,
      CapDrop: ["ALL"],
      CapAdd: ["NET_BIND_SERVICE", "SETUID", "SETGID"],
      SecurityOpt: ["no-new-privileges"],
      Memory: 32 * 1024 ** 2,
      PidsLimit: 16,
    },
  };
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
    Entrypoint: ["sh", "-c", WAIT_FOR_CERTIFICATE, "wb-rig-node"],
    Cmd: ["--host", `tcp://0.0.0.0:${SWARM_RIG_API_PORT}`, "--tlsverify", `--tlscacert=${RIG_NODE_TLS_DIR}/ca.pem`, `--tlscert=${RIG_NODE_TLS_DIR}/cert.pem`, `--tlskey=${RIG_NODE_TLS_DIR}/key.pem`],
    HostConfig: {
      ...host,
      NetworkMode: spec.network,
      // Docker's embedded DNS (the node's 127.0.0.11) forwards what it does not know there; the node's DNS forwarder for its own containers asks 127.0.0.11.
      Dns: [spec.resolver],
      Devices: [{ PathOnHost: "/dev/net/tun", PathInContainer: "/dev/net/tun", CgroupPermissions: "rwm" }],
      Mounts: [...mounts, { Type: "bind", Source: spec.sharedDir, Target: spec.sharedDir }, { Type: "bind", Source: spec.tlsDir, Target: RIG_NODE_TLS_DIR, ReadOnly: true }],
    },
  };
}
