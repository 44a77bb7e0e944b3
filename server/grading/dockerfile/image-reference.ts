/**
 * Image references as Docker reads them: `[registry/]path[:tag][@digest]`. Official images live
 * at docker.io/library/NAME, so `debian`, `library/debian` and `docker.io/library/debian` are
 * the same repository, while `someone/debian` is not.
 */

export interface ImageReference {
  /** "docker.io" when none is written. */
  registry: string;
  /** Full repository path, e.g. "library/debian". */
  repository: string;
  tag: string | null;
  digest: string | null;
}

const DOCKER_HUB = new Set(["docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"]);

export function parseImageReference(written: string): ImageReference | null {
  const ref = written.trim();
  if (ref === "" || /\s/.test(ref)) return null;
  const [nameAndTag = "", digest = null] = ref.split("@");
  const lastSlash = nameAndTag.lastIndexOf("/");
  const colon = nameAndTag.indexOf(":", lastSlash + 1);
  const name = colon < 0 ? nameAndTag : nameAndTag.slice(0, colon);
  const tag = colon < 0 ? null : nameAndTag.slice(colon + 1);
  const components = name.split("/");
  const first = components[0] ?? "";
  const hasRegistry = components.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost");
  const registry = hasRegistry ? first.toLowerCase() : "docker.io";
  const path = hasRegistry ? components.slice(1) : components;
  const isHub = DOCKER_HUB.has(registry);
  const repository = isHub && path.length === 1 ? `library/${path[0]}` : path.join("/");
  if (repository === "" || path.some((p) => p === "")) return null;
  return { registry: isHub ? "docker.io" : registry, repository, tag: tag === "" ? null : tag, digest };
}

/** "docker.io/library/debian" for "debian". */
export const repositoryKey = (ref: ImageReference) => `${ref.registry}/${ref.repository}`;

/** True for an official Docker Hub image (`debian`, `library/debian`, `docker.io/library/debian`). */
export const isOfficialImage = (ref: ImageReference) => ref.registry === "docker.io" && ref.repository.startsWith("library/");
