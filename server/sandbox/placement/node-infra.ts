/**
 * The class-wide caches on an engine node (WB_PLACEMENT=swarm): a copy of the server's infra container
 * (`workbench-infra`, scripts/ensure-infra.sh) started by the server on the node's learners' network, so
 * that the builds of the engines placed there find their Debian packages, base images and WordPress
 * archive next to them, as on one host. The node needs no internet: what it lacks it fills from the
 * server's own infra, reached at the address the operator gives (`serverAddress`):
 *
 * - the Debian package cache answers as the same mirror names, its upstream being the server's package
 *   cache (port 80) instead of the mirrors: a package crosses the network once per node, and the class
 *   downloads it from outside once in all (on the server);
 * - the registry mirror is a pull-through cache of the server's registry (port 5000): debian images and
 *   the class-wide layer cache, fetched at a node's first use and kept in the node's volume;
 * - the wordpress.org mirror serves the server's archives, copied to the node with its TLS certificate
 *   and key. The key is a secret: it travels only over the node's Docker API (the connection the server
 *   already uses for the node), is written mode 0600 owned by root in a volume of the node, and is read
 *   by nothing but the node's infra container (its nginx master, as on the server).
 *
 * Everything is made through the node's Docker API; the node's firewall (ensure-infra.sh on the node)
 * lets engines reach this container on 80, 443 and 5000 only, as on the server.
 */
import { createHash } from "node:crypto";
import type Docker from "dockerode";
import { pack } from "tar-stream";
import { isAlreadyDone } from "../host-docker";
import { INFRA_CONTAINER, INFRA_IP, LEARNER_NETWORK, LEARNER_SUBNET } from "../infra-options";
import { readTarFileText } from "../tar-file-text";
import { copyImageToNode } from "./node-image";
import type { Logger } from "../../logger";

/** The node's volumes: its own package cache, its registry's pull-through cache, the WordPress archives, the mirror's TLS files. */
export const NODE_INFRA_VOLUMES = {
  aptCache: "workbench-apt-cache",
  registry: "workbench-registry",
  wordpress: "workbench-wordpress-mirror",
  tls: "workbench-mirror-tls",
} as const;
const TLS_DIR = "/etc/workbench/tls";
const WORDPRESS_DIR = "/srv/wordpress";
const LABEL_CONFIG = "org.dockerworkbench.config";
const LABELS = { "org.dockerworkbench.managed": "true", "org.dockerworkbench.role": "infra" };

/** Where the node's infra fills its caches from: the server's infra, as the nodes reach it (its package cache on :80, its registry on :5000). */
export interface NodeCachesSource {
  /** An IPv4 address of the server's private network at which the server's infra answers on 80 and 5000. */
  serverAddress: string;
}

/** What of the server's infra container the node's copy follows: its image, its services' settings and its names. */
export interface ServerInfra {
  imageId: string;
  env: string[];
  aliases: string[];
  hostConfig: Docker.HostConfig;
}

/** The infra container of that Docker, undefined when it has none. */
function inspectInfra(docker: Docker): Promise<Docker.ContainerInspectInfo | undefined> {
  return docker
    .getContainer(INFRA_CONTAINER)
    .inspect()
    .catch((error: unknown) => {
      if (isAlreadyDone(error)) return undefined;
      throw error;
    });
}

export async function readServerInfra(host: Docker): Promise<ServerInfra> {
  const info = await inspectInfra(host);
  if (!info?.State.Running) throw new Error(`the server's ${INFRA_CONTAINER} is not running (scripts/ensure-infra.sh): engine nodes fill their caches from it`);
  const aliases = info.NetworkSettings.Networks[LEARNER_NETWORK]?.Aliases ?? [];
  // Docker adds the container's short id to its aliases: the node's copy has its own.
  return { imageId: info.Image, env: info.Config.Env, aliases: aliases.filter((a: string) => a !== info.Id.slice(0, 12) && a !== INFRA_CONTAINER), hostConfig: info.HostConfig };
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * The node's infra container: the server's services and names, its confinement (read-only root, capabilities,
 * memory and pid limits, logs), the caches filling from `source`, its files in the node's volumes.
 * `subnet`: the node's learners' network's; the fixed INFRA_IP (which ensure-infra.sh's firewall names) when it is the workbench's.
 */
export function nodeInfraCreateOptions(server: ServerInfra, source: NodeCachesSource, subnet: string | undefined): Docker.ContainerCreateOptions {
  if (!IPV4.test(source.serverAddress)) throw new Error(`the server's address for the nodes' caches must be an IPv4 address, not "${source.serverAddress}"`);
  const setting = (name: string) => server.env.find((e) => e.startsWith(`${name}=`))?.slice(name.length + 1);
  const serves = (name: string) => setting(name) === "1";
  const env = ["WB_SERVE_REGISTRY", "WB_SERVE_WORDPRESS", "WB_SERVE_APT_CACHE"].map((name) => `${name}=${serves(name) ? 1 : 0}`);
  const mounts: Docker.MountSettings[] = [];
  if (serves("WB_SERVE_APT_CACHE")) {
    // Each mirror name the server's cache answers as, now answered for by the server's cache itself (no name resolution: the node may have none).
    const upstreams = (setting("WB_APT_CACHE_UPSTREAMS") ?? "")
      .split(/\s+/)
      .filter(Boolean)
      .map((word) => `${word.split("=")[0]}=${source.serverAddress}`);
    env.push(`WB_APT_CACHE_UPSTREAMS=${upstreams.join(" ")}`, `WB_APT_CACHE_MAX_SIZE=${setting("WB_APT_CACHE_MAX_SIZE") ?? "8g"}`);
    mounts.push({ Type: "volume", Source: NODE_INFRA_VOLUMES.aptCache, Target: "/var/cache/workbench-apt" });
  }
  if (serves("WB_SERVE_REGISTRY")) {
    // Distribution's pull-through cache mode (its configuration's proxy.remoteurl, set through the environment); pushes stay refused.
    env.push(`REGISTRY_PROXY_REMOTEURL=http://${source.serverAddress}:5000`);
    mounts.push({ Type: "volume", Source: NODE_INFRA_VOLUMES.registry, Target: "/var/lib/docker-registry" });
  }
  if (serves("WB_SERVE_WORDPRESS")) {
    mounts.push({ Type: "volume", Source: NODE_INFRA_VOLUMES.wordpress, Target: WORDPRESS_DIR, ReadOnly: true }, { Type: "volume", Source: NODE_INFRA_VOLUMES.tls, Target: TLS_DIR, ReadOnly: true });
  }
  const h = server.hostConfig;
  const options: Docker.ContainerCreateOptions = {
    name: INFRA_CONTAINER,
    Image: server.imageId,
    Hostname: INFRA_CONTAINER,
    Env: env,
    Labels: LABELS,
    HostConfig: {
      NetworkMode: LEARNER_NETWORK,
      RestartPolicy: { Name: "unless-stopped" },
      ReadonlyRootfs: h.ReadonlyRootfs ?? true,
      Tmpfs: h.Tmpfs ?? { "/run": "", "/tmp": "", "/var/lib/nginx": "", "/var/log/nginx": "" },
      CapDrop: h.CapDrop ?? ["ALL"],
      CapAdd: h.CapAdd ?? ["CHOWN", "SETUID", "SETGID", "NET_BIND_SERVICE"],
      SecurityOpt: h.SecurityOpt ?? ["no-new-privileges"],
      Memory: h.Memory || 512 * 1024 ** 2,
      MemorySwap: h.MemorySwap || 512 * 1024 ** 2,
      PidsLimit: h.PidsLimit || 256,
      LogConfig: h.LogConfig ?? { Type: "json-file", Config: { "max-size": "5m", "max-file": "2" } },
      Mounts: mounts,
    },
    NetworkingConfig: {
      EndpointsConfig: { [LEARNER_NETWORK]: { Aliases: server.aliases, ...(subnet === LEARNER_SUBNET ? { IPAMConfig: { IPv4Address: INFRA_IP } } : {}) } },
    },
  };
  const hash = createHash("sha256").update(JSON.stringify(options)).digest("hex").slice(0, 32);
  return { ...options, Labels: { ...LABELS, [LABEL_CONFIG]: hash } };
}

/**
 * Makes sure the node runs its infra container as the server's is now (recreated when the server's image, settings
 * or mirror certificate changed), its files copied. Called when the node is prepared (prepare-engine-node.ts), before
 * any engine starts there: an engine's entrypoint looks for the registry mirror's name once, at its start.
 */
export async function ensureNodeInfra(node: Docker, host: Docker, source: NodeCachesSource, log: Logger): Promise<void> {
  const began = Date.now();
  const server = await readServerInfra(host);
  await copyImageToNode(node, host, { name: server.imageId, id: server.imageId }, log, "infra image");
  const serveWordpress = server.env.includes("WB_SERVE_WORDPRESS=1");
  const tls = serveWordpress ? await mirrorTlsFiles(host) : undefined;
  const network = await node.getNetwork(LEARNER_NETWORK).inspect();
  const subnet: string | undefined = network.IPAM?.Config?.[0]?.Subnet;
  const wanted = nodeInfraCreateOptions(server, source, subnet);
  // The certificate (not the key) is part of what must match: a new certificate means new files on the node.
  const configHash = createHash("sha256")
    .update(wanted.Labels![LABEL_CONFIG]!)
    .update(tls?.cert ?? "")
    .digest("hex")
    .slice(0, 32);
  wanted.Labels![LABEL_CONFIG] = configHash;
  const current = await inspectInfra(node);
  if (current?.State.Running && current.Config.Labels?.[LABEL_CONFIG] === configHash) return;
  if (current) await node.getContainer(INFRA_CONTAINER).remove({ force: true });
  if (serveWordpress) await copyMirrorFiles(node, host, server.imageId, tls!);
  const container = await node.createContainer(wanted);
  await container.start();
  log.info("infra container started on the node", { ms: Date.now() - began, serverAddress: source.serverAddress });
}

/** The wordpress.org mirror's certificate and key, as the server's infra container has them. */
async function mirrorTlsFiles(host: Docker): Promise<{ cert: string; key: string }> {
  const tar = await streamToBuffer(await host.getContainer(INFRA_CONTAINER).getArchive({ path: TLS_DIR }));
  const cert = await readTarFileText(tar, "tls/wordpress.org.crt");
  const key = await readTarFileText(tar, "tls/wordpress.org.key");
  if (!cert || !key) throw new Error(`the server's ${INFRA_CONTAINER} has no wordpress.org certificate and key in ${TLS_DIR}`);
  return { cert, key };
}

/**
 * The WordPress archives and the mirror's TLS files into the node's volumes, through a container that is created
 * (never started) with them mounted: the Docker API's archive upload writes into the volumes.
 */
async function copyMirrorFiles(node: Docker, host: Docker, imageId: string, tls: { cert: string; key: string }): Promise<void> {
  const helper = await node.createContainer({
    Image: imageId,
    Labels: LABELS,
    Cmd: ["true"],
    HostConfig: {
      NetworkMode: "none",
      Mounts: [
        { Type: "volume", Source: NODE_INFRA_VOLUMES.wordpress, Target: WORDPRESS_DIR },
        { Type: "volume", Source: NODE_INFRA_VOLUMES.tls, Target: TLS_DIR },
      ],
    },
  });
  try {
    const archives = await host.getContainer(INFRA_CONTAINER).getArchive({ path: WORDPRESS_DIR });
    await helper.putArchive(archives, { path: "/srv" });
    await helper.putArchive(await tlsTar(tls), { path: TLS_DIR });
  } finally {
    await helper.remove({ force: true, v: false });
  }
}

/** The certificate world-readable, the key root's alone (0600). */
function tlsTar(tls: { cert: string; key: string }): Promise<Buffer> {
  const tar = pack();
  tar.entry({ name: "wordpress.org.crt", mode: 0o644, uid: 0, gid: 0 }, tls.cert);
  tar.entry({ name: "wordpress.org.key", mode: 0o600, uid: 0, gid: 0 }, tls.key);
  tar.finalize();
  return streamToBuffer(tar as unknown as NodeJS.ReadableStream);
}

async function streamToBuffer(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}
