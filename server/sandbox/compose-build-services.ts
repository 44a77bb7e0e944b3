/**
 * The services of a compose file that compose builds, each as a build of the class-wide layer
 * cache (./layer-cache-ref.ts: step folder, context relative to it, Dockerfile relative to the
 * context) and the image tag compose gives it. Read from `docker-compose config`'s output by the
 * grader (./compose-up.ts), and from a lesson's reference compose file by the seeding's list of
 * reference builds, so both name the same cache.
 */
import path from "node:path";
import { parse as parseYaml } from "yaml";
import type { LayerCacheBuild } from "./layer-cache-ref";

export interface ComposeBuildService {
  service: string;
  build: LayerCacheBuild;
  /** The image compose tags: the service's `image`, else `<project>_<service>` (docker-compose v1). */
  imageTag: string;
}

/**
 * `stepDir`: the step folder as an absolute path; `fileDir`: the compose file's folder, against which
 * relative contexts resolve. Services whose context lies outside the step folder, or is a URL, are left out.
 */
export function composeBuildServices(composeYaml: string, options: { folder: string; stepDir: string; fileDir: string; project: string }): ComposeBuildService[] {
  // `docker-compose config`'s output carries compose's warnings (its stderr) before the YAML, which starts at the first top-level key.
  const start = composeYaml.search(/^[a-z][a-z_]*:(?: |$)/m);
  let document: unknown;
  try {
    document = parseYaml(start < 0 ? "" : composeYaml.slice(start));
  } catch {
    return [];
  }
  const services = (document as { services?: unknown } | null)?.services;
  if (!services || typeof services !== "object") return [];
  const found: ComposeBuildService[] = [];
  for (const [service, definition] of Object.entries(services as Record<string, unknown>)) {
    if (!/^[\w.-]+$/.test(service) || !definition || typeof definition !== "object") continue;
    const { build, image } = definition as { build?: unknown; image?: unknown };
    const spec = typeof build === "string" ? { context: build } : build && typeof build === "object" ? (build as { context?: unknown; dockerfile?: unknown }) : undefined;
    if (!spec) continue;
    const context = typeof spec.context === "string" && spec.context !== "" ? spec.context : ".";
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(context) || context.startsWith("git@")) continue;
    const relative = path.posix.relative(options.stepDir, path.posix.resolve(options.fileDir, context)) || ".";
    if (relative === ".." || relative.startsWith("../") || path.posix.isAbsolute(relative)) continue;
    const dockerfile = path.posix.normalize(typeof spec.dockerfile === "string" && spec.dockerfile !== "" ? spec.dockerfile : "Dockerfile");
    const project = options.project
      .toLowerCase()
      .replace(/[^-_a-z0-9]/g, "")
      .replace(/^[-_]+/, "");
    found.push({
      service,
      build: { folder: options.folder, context: relative, dockerfile },
      imageTag: typeof image === "string" && image !== "" ? image : `${project}_${service}`,
    });
  }
  return found;
}
