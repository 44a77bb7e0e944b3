/** Starting a step's folder: from the lesson's starter files, or from the previous step's folder. */
import fsp from "node:fs/promises";
import { AppError } from "../app-error";
import { openPath, SafeDir, type Owner } from "./safe-dir";
import { bytesOf, say } from "../../lib/i18n/text-ref";
import { readTree, type Tree } from "./read-tree";
import { writeInto } from "./files";
import { measureWorkspace, openWorkspace, workspaceLimits } from "./workspace-root";
import { splitRelativePath } from "./workspace-path";

const MAX_COPY_ENTRIES = 20_000;

export interface CopyResult {
  /** Workspace-relative paths written. */
  copied: string[];
  /** Left as they were (they existed and overwrite was off), or not copied (links, special files). */
  skipped: string[];
}

/**
 * Copies folder `from` to `to` inside the workspace (regular files and folders; links and special
 * files are skipped), keeping permission bits. Existing files in `to` are kept unless `overwrite`.
 */
export async function copyFolder(studentId: string, from: string, to: string, options: { overwrite?: boolean } = {}): Promise<CopyResult> {
  const fromComponents = splitRelativePath(from);
  const toComponents = splitRelativePath(to);
  const fromPath = fromComponents.join("/");
  const toPath = toComponents.join("/");
  if (toPath === fromPath || toPath.startsWith(`${fromPath}/`)) {
    throw new AppError("bad_request", say("files.copyInside", { to: say("files.quoted", { path: to }), from: say("files.quoted", { path: from }) }));
  }
  const { maxWorkspaceBytes } = workspaceLimits();
  const workspace = await openWorkspace(studentId);
  if (!workspace) throw new AppError("not_found", say("files.noFolder", { path: say("files.quoted", { path: from }) }));
  const { root, owner } = workspace;
  try {
    const source = await openPath(root, fromComponents);
    if (!source) throw new AppError("not_found", say("files.noFolder", { path: say("files.quoted", { path: from }) }));
    let tree: Tree;
    try {
      tree = await readTree(source, {
        maxEntries: MAX_COPY_ENTRIES,
        maxFileBytes: maxWorkspaceBytes,
        maxTotalBytes: maxWorkspaceBytes,
        overLimit: "throw",
        what: say("files.quoted", { path: from }),
      });
    } finally {
      await source.close();
    }
    const usage = await measureWorkspace(root);
    const result: CopyResult = { copied: [], skipped: tree.skipped.map((p) => `${fromPath}/${p}`) };
    const writes = tree.files.filter((file) => {
      const target = `${toPath}/${file.path}`;
      const keep = options.overwrite || !usage.sizes.has(target);
      if (!keep) result.skipped.push(target);
      return keep;
    });
    const after = writes.reduce((sum, f) => sum + f.data.length - (usage.sizes.get(`${toPath}/${f.path}`) ?? 0), usage.totalBytes);
    if (after > maxWorkspaceBytes) {
      throw new AppError("too_large", say("files.copyTooLarge", { from: say("files.quoted", { path: from }), size: bytesOf(maxWorkspaceBytes) }));
    }
    const target = await openPath(root, toComponents, { create: owner });
    if (!target) throw new Error("target folder vanished");
    try {
      await writeTree(target, tree.dirs, writes, owner);
    } finally {
      if (target !== root) await target.close();
    }
    result.copied = writes.map((file) => `${toPath}/${file.path}`);
    return result;
  } finally {
    await root.close();
  }
}

/**
 * On a student's first visit to a step: when `folder` does not exist in the workspace, creates it
 * with the files of `starterDir` (a lesson's starter/ folder on the host; an empty folder when
 * there is none). The copy is filled under a temporary name and renamed into place, so the folder
 * appears complete or not at all. Returns whether it seeded.
 */
export async function seedFolderIfMissing(studentId: string, folder: string, starterDir: string): Promise<boolean> {
  const components = splitRelativePath(folder);
  const name = components.at(-1)!;
  const workspace = await openWorkspace(studentId, { create: true });
  if (!workspace) throw new Error("workspace vanished after creation");
  const { root, owner } = workspace;
  try {
    const parent = await openPath(root, components.slice(0, -1), { create: owner });
    if (!parent) throw new Error("parent folder vanished");
    try {
      if (await parent.inspect(name)) return false;
      const tree = await readStarter(starterDir);
      const temp = await parent.makeTempDir(owner);
      try {
        await writeTree(temp.dir, tree.dirs, tree.files, owner);
      } finally {
        await temp.dir.close();
      }
      const moved = await parent.renameNoClobber(temp.name, name);
      if (!moved) await parent.remove(temp.name);
      return moved;
    } finally {
      if (parent !== root) await parent.close();
    }
  } finally {
    await root.close();
  }
}

async function readStarter(starterDir: string): Promise<Tree> {
  // Our own lesson content: resolving links in its path is fine; inside it, links are skipped.
  const real = await fsp.realpath(starterDir).catch(() => null);
  const dir = real && (await SafeDir.openRoot(real));
  if (!dir) return { files: [], dirs: [], skipped: [] };
  try {
    return await readTree(dir, {
      maxEntries: MAX_COPY_ENTRIES,
      maxFileBytes: Number.MAX_SAFE_INTEGER,
      maxTotalBytes: Number.MAX_SAFE_INTEGER,
      overLimit: "throw",
      what: say("tree.starterFolder"),
    });
  } finally {
    await dir.close();
  }
}

/** Creates `dirs` and writes `files` (a tree read by readTree) below an open folder, owned by `owner`. */
export async function writeTree(target: SafeDir, dirs: string[], files: Tree["files"], owner: Owner): Promise<void> {
  for (const dir of dirs) {
    const opened = await openPath(target, dir.split("/"), { create: owner });
    if (opened && opened !== target) await opened.close();
  }
  for (const file of files) await writeInto(target, file.path.split("/"), file.data, owner, file.mode);
}
