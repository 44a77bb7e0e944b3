/**
 * Packs a step folder as a docker build context. The folder belongs to an untrusted learner who may
 * change it while we read it (swap the folder for a link to a host folder, in a tight loop, while
 * pressing Check), and the server may run as root. So no path below the workspace root is ever
 * resolved: the context folder is opened from the workspace root one name at a time without
 * following links, and the walk reads through those descriptors (server/workspace/safe-dir.ts).
 * Symlinks are packed as links (as docker does, never followed), fifos, sockets and devices are
 * left out, and the total size is capped.
 */
import path from "node:path";
import { pack } from "tar-stream";
import { AppError } from "../app-error";
import { openPath, SafeDir } from "../workspace/safe-dir";
import { bytesOf, say } from "../../lib/i18n/text-ref";
import { walkTree } from "../workspace/walk";
import { splitRelativePath } from "../workspace/workspace-path";

export const MAX_CONTEXT_BYTES = 200 * 1024 * 1024;
export const MAX_CONTEXT_ENTRIES = 100_000;

/**
 * The tar of the folder `contextPath` (relative to the workspace, e.g. "step-1/." or "step-1/app")
 * below the workspace folder `workspaceRoot` (a trusted absolute path on the host).
 */
export async function packBuildContext(workspaceRoot: string, contextPath: string, maxBytes = MAX_CONTEXT_BYTES): Promise<Buffer> {
  const components = contextComponents(contextPath);
  const root = await SafeDir.openRoot(workspaceRoot);
  if (!root) throw new AppError("not_found", say("build.contextNoWorkspace"));
  try {
    const dir = await openPath(root, components);
    if (!dir) throw new AppError("not_found", say("build.contextNoFolder", { folder: components.join("/") }));
    try {
      return await packFolder(dir, maxBytes);
    } finally {
      if (dir !== root) await dir.close();
    }
  } finally {
    await root.close();
  }
}

/** "step/./app/" → ["step", "app"]; "step/.." is the workspace itself; above it is refused. */
function contextComponents(contextPath: string): string[] {
  const normal = path.posix.normalize(contextPath);
  if (normal === ".." || normal.startsWith("../")) {
    throw new AppError("bad_request", say("build.contextOutside", { context: contextPath }));
  }
  return splitRelativePath(normal, { allowRoot: true });
}

async function packFolder(dir: SafeDir, maxBytes: number): Promise<Buffer> {
  const tar = pack();
  const chunks: Buffer[] = [];
  tar.on("data", (chunk: unknown) => chunks.push(chunk as Buffer));
  const done = new Promise<void>((resolve, reject) => {
    tar.on("end", resolve);
    tar.on("error", reject);
  });
  let total = 0;
  try {
    const { truncated } = await walkTree(
      dir,
      async (entry, parent) => {
        if (entry.kind === "dir") {
          tar.entry({ name: entry.path, type: "directory", mode: entry.mode });
        } else if (entry.kind === "symlink") {
          const target = await parent.readLink(entry.name);
          if (target !== null) tar.entry({ name: entry.path, type: "symlink", linkname: target, mode: 0o777 });
        } else if (entry.kind === "file") {
          if (total + entry.size > maxBytes) throw tooLarge(maxBytes);
          const file = await readContextFile(parent, entry.name, maxBytes - total, maxBytes);
          if (!file) return;
          total += file.data.length;
          tar.entry({ name: entry.path, mode: file.mode, size: file.data.length }, file.data);
        }
        // fifos, sockets and devices are left out
      },
      { maxEntries: MAX_CONTEXT_ENTRIES },
    );
    if (truncated) throw new AppError("too_large", say("build.contextTooMany", { count: MAX_CONTEXT_ENTRIES }));
  } catch (error) {
    tar.destroy();
    throw error;
  }
  tar.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** The file through its folder's descriptor (O_NOFOLLOW, fstat-checked); null when it changed into
 * something else or vanished since it was listed. */
async function readContextFile(parent: SafeDir, name: string, budget: number, maxBytes: number): Promise<{ data: Buffer; mode: number } | null> {
  try {
    return await parent.readFile(name, budget);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.code === "too_large") throw tooLarge(maxBytes);
    return null;
  }
}

function tooLarge(maxBytes: number): AppError {
  return new AppError("too_large", say("build.contextTooLarge", { size: bytesOf(maxBytes) }));
}
