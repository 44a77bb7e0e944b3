/**
 * The infra registry as the server sees it from the host, for the class-wide layer cache: whether
 * it serves at all, which manifest a tag points at (read at INFRA_IP:5000, read-only like the
 * engines), and a short-lived writable twin on the host's loopback to push into (the "load-registry"
 * mode of the infra image, the only writable instance, as scripts/ensure-infra.sh loads the debian
 * images; never on the learners' network).
 */
import type Docker from "dockerode";
import { getHostDocker, ignoreAlreadyDone } from "./host-docker";
import { INFRA_CONTAINER, INFRA_IMAGE, INFRA_IP, REGISTRY_VOLUME } from "./infra-options";
import { sandboxLabels } from "./labels";

const MANIFEST_TYPES = ["application/vnd.docker.distribution.manifest.v2+json", "application/vnd.oci.image.manifest.v1+json"].join(", ");
export const LAYER_CACHE_LOADER = "workbench-layer-cache-loader";

/** Whether the infra container runs its read-only registry (only where Docker Hub does not answer, see ensure-infra.sh). */
export async function isInfraRegistryServing(docker: Docker = getHostDocker()): Promise<boolean> {
  const info = await docker
    .getContainer(INFRA_CONTAINER)
    .inspect()
    .catch(() => null);
  return Boolean(info?.State.Running && info.Config.Env.includes("WB_SERVE_REGISTRY=1"));
}

/** The digest a tag of the infra registry points at, or undefined when it has no such tag. */
export async function registryManifestDigest(repository: string, tag: string, base = `http://${INFRA_IP}:5000`): Promise<string | undefined> {
  const response = await fetch(`${base}/v2/${repository}/manifests/${tag}`, { method: "HEAD", headers: { Accept: MANIFEST_TYPES }, signal: AbortSignal.timeout(5_000) });
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`the infra registry answered HTTP ${response.status} for ${repository}:${tag}`);
  return response.headers.get("docker-content-digest") ?? undefined;
}

/**
 * The `created_by` of each history entry of the image a tag points at (its config blob, a few KiB),
 * or undefined when the registry has no such tag. Read to decide whether a pull is worth it
 * (./layer-cache-reuse.ts); an image's config never changes under its digest, so it is kept.
 */
export async function registryImageHistory(repository: string, tag: string, base = `http://${INFRA_IP}:5000`): Promise<string[] | undefined> {
  const response = await fetch(`${base}/v2/${repository}/manifests/${tag}`, { headers: { Accept: MANIFEST_TYPES }, signal: AbortSignal.timeout(5_000) });
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`the infra registry answered HTTP ${response.status} for ${repository}:${tag}`);
  const config = ((await response.json()) as { config?: { digest?: unknown } }).config?.digest;
  if (typeof config !== "string" || !/^sha256:[0-9a-f]{64}$/.test(config)) throw new Error(`${repository}:${tag} has no image config`);
  const known = historyByConfig.get(config);
  if (known) return known;
  const blob = await fetch(`${base}/v2/${repository}/blobs/${config}`, { signal: AbortSignal.timeout(5_000) });
  if (!blob.ok) throw new Error(`the infra registry answered HTTP ${blob.status} for the config of ${repository}:${tag}`);
  const history = ((await blob.json()) as { history?: { created_by?: unknown }[] }).history ?? [];
  const commands = history.map((entry) => (typeof entry.created_by === "string" ? entry.created_by : ""));
  if (historyByConfig.size >= 200) historyByConfig.clear();
  historyByConfig.set(config, commands);
  return commands;
}
const historyByConfig = new Map<string, string[]>();

/** A writable registry on the registry's volume, published on 127.0.0.1 only; disposing removes it. */
export async function startRegistryLoader(docker: Docker = getHostDocker()): Promise<{ host: string } & AsyncDisposable> {
  await ignoreAlreadyDone(() => docker.getContainer(LAYER_CACHE_LOADER).remove({ force: true }));
  const container = await docker.createContainer({
    name: LAYER_CACHE_LOADER,
    Image: INFRA_IMAGE,
    Cmd: ["load-registry"],
    Labels: sandboxLabels("infra", "server"),
    ExposedPorts: { "5000/tcp": {} },
    HostConfig: {
      PortBindings: { "5000/tcp": [{ HostIp: "127.0.0.1", HostPort: "" }] },
      Mounts: [{ Type: "volume", Source: REGISTRY_VOLUME, Target: "/var/lib/docker-registry" }],
      NetworkMode: "bridge",
    },
  });
  const dispose = () => ignoreAlreadyDone(() => container.remove({ force: true }));
  try {
    await container.start();
    const port = (await container.inspect()).NetworkSettings.Ports["5000/tcp"]?.[0]?.HostPort;
    if (!port) throw new Error("the registry loader published no port");
    const host = `127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      const answer = await fetch(`http://${host}/v2/`, { signal: AbortSignal.timeout(2_000) }).catch(() => null);
      if (answer?.ok) break;
      if (i >= 50) throw new Error("the registry loader did not answer within 10 s");
      await new Promise((r) => setTimeout(r, 200));
    }
    return { host, [Symbol.asyncDispose]: dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
