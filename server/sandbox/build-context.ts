/**
 * Packs a step folder as a docker build context. The folder belongs to an untrusted learner: we
 * never follow a symlink (it is packed as a link, as docker does), skip fifos and devices, and
 * cap the total size.
 */
import { constants } from "node:fs";
import { lstat, open, readdir, readlink, realpath } from "node:fs/promises";
import path from "node:path";
import { pack } from "tar-stream";
import { AppError } from "../app-error";

export const MAX_CONTEXT_BYTES = 200 * 1024 * 1024;

export async function packBuildContext(dir: string, maxBytes = MAX_CONTEXT_BYTES): Promise<Buffer> {
  const root = await lstat(dir).catch(() => null);
  if (!root?.isDirectory()) throw new AppError("bad_request", `The build folder ${path.basename(dir)} does not exist.`);
  const tar = pack();
  const chunks: Buffer[] = [];
  tar.on("data", (chunk: unknown) => chunks.push(chunk as Buffer));
  const done = new Promise<void>((resolve, reject) => {
    tar.on("end", resolve);
    tar.on("error", reject);
  });
  let total = 0;

  async function walk(relDir: string): Promise<void> {
    const entries = await readdir(path.join(dir, relDir));
    entries.sort();
    for (const name of entries) {
      const rel = relDir ? `${relDir}/${name}` : name;
      const full = path.join(dir, rel);
      const stat = await lstat(full);
      if (stat.isSymbolicLink()) {
        tar.entry({ name: rel, type: "symlink", linkname: await readlink(full), mode: 0o777 });
      } else if (stat.isDirectory()) {
        tar.entry({ name: rel, type: "directory", mode: stat.mode & 0o7777 });
        await walk(rel);
      } else if (stat.isFile()) {
        total += stat.size;
        if (total > maxBytes) {
          throw new AppError("too_large", `The build folder is larger than ${Math.round(maxBytes / 1048576)} MiB.`);
        }
        const content = await readFileInside(dir, full);
        tar.entry({ name: rel, mode: stat.mode & 0o7777, size: content.length }, content);
      }
      // fifos, sockets and devices are left out
    }
  }

  await walk("");
  tar.finalize();
  await done;
  return Buffer.concat(chunks);
}

/**
 * Reads a regular file without following a symlink anywhere on its path: the last component is
 * opened with O_NOFOLLOW, and the path the kernel actually opened (/proc/self/fd) must still lie
 * inside the root, which defeats a directory swapped for a symlink between our checks.
 */
export async function readFileInside(root: string, full: string): Promise<Buffer> {
  const handle = await open(full, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const opened = await readlink(`/proc/self/fd/${handle.fd}`);
    const realRoot = await realpath(root);
    const stat = await handle.stat();
    if (!opened.startsWith(realRoot + path.sep) || !stat.isFile()) {
      throw new AppError("bad_request", `${path.relative(root, full)} is not a regular file inside the workspace.`);
    }
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}
