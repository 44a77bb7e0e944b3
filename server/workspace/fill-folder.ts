/**
 * Starting a step's folder from another folder: the student's previous step (inside the
 * workspace) or a lesson's reference solution (on the host). The target folder keeps its identity
 * (a terminal standing in it keeps working); with `replace` its old content goes first.
 */
import fsp from "node:fs/promises";
import { AppError } from "../app-error";
import type { FolderContents } from "../../lib/start-from";
import { openPath, SafeDir, type Owner } from "./safe-dir";
import { bytesOf, say } from "../../lib/i18n/text-ref";
import { readTree, type Tree } from "./read-tree";
import { walkTree } from "./walk";
import { writeInto } from "./files";
import { measureWorkspace, openWorkspace, withWorkspace, workspaceLimits } from "./workspace-root";
import { splitRelativePath } from "./workspace-path";

const MAX_ENTRIES = 20_000;

/** Where a copy comes from: a workspace folder, or a folder of our own lesson content on the host. */
export type FillSource = { kind: "workspace"; folder: string } | { kind: "host"; dir: string };

/** A workspace folder's regular files (relative to it, sorted); links and the like are left out. */
export async function inspectFolder(studentId: string, folder: string): Promise<FolderContents> {
  const components = splitRelativePath(folder);
  return withWorkspace(
    studentId,
    {},
    async ({ root }) => {
      const dir = await openPath(root, components).catch((error: unknown) => {
        if (error instanceof AppError) return null; // a link or a file where the folder should be
        throw error;
      });
      if (!dir) return { exists: false, files: [] };
      try {
        return { exists: true, files: await filesIn(dir) };
      } finally {
        await dir.close();
      }
    },
    () => ({ exists: false, files: [] }),
  );
}

/** Regular files below a host folder of lesson content; a missing folder has none. */
export async function inspectHostFolder(dir: string): Promise<FolderContents> {
  const opened = await openHostDir(dir);
  if (!opened) return { exists: false, files: [] };
  try {
    return { exists: true, files: await filesIn(opened) };
  } finally {
    await opened.close();
  }
}

/**
 * The lesson's starter files (in `starterDir`) that the student has not changed in the workspace
 * folder `folder`: byte for byte the same, or not there (yet). Relative to the folder. Those are
 * a note the course put there, not the student's work.
 */
export async function untouchedStarterFiles(studentId: string, folder: string, starterDir: string): Promise<string[]> {
  const starter = await openHostDir(starterDir);
  if (!starter) return [];
  try {
    const ours = await readTree(starter, { maxEntries: 200, maxFileBytes: 1024 * 1024, maxTotalBytes: 4 * 1024 * 1024, overLimit: "skip" });
    if (ours.files.length === 0) return [];
    return await withWorkspace(
      studentId,
      {},
      async ({ root }) => {
        const untouched: string[] = [];
        for (const file of ours.files) {
          const components = [...splitRelativePath(folder), ...file.path.split("/")];
          const parent = await openPath(root, components.slice(0, -1)).catch(() => undefined);
          if (parent === null) untouched.push(file.path);
          if (!parent) continue;
          try {
            const name = components.at(-1)!;
            if (!(await parent.inspect(name))) {
              untouched.push(file.path);
              continue;
            }
            const theirs = await parent.readFile(name, file.data.length).catch(() => null);
            if (theirs && theirs.data.equals(file.data)) untouched.push(file.path);
          } finally {
            if (parent !== root) await parent.close();
          }
        }
        return untouched.sort();
      },
      () => ours.files.map((file) => file.path).sort(),
    );
  } finally {
    await starter.close();
  }
}

/**
 * Copies `source` into the workspace folder `folder` (created if missing). A target holding files
 * is refused (conflict) unless `replace`, in which case everything in it is deleted first.
 * Returns the workspace-relative paths written.
 */
export async function fillFolder(studentId: string, folder: string, source: FillSource, options: { replace: boolean }): Promise<string[]> {
  const targetComponents = splitRelativePath(folder);
  const targetPath = targetComponents.join("/");
  if (source.kind === "workspace") {
    const fromPath = splitRelativePath(source.folder).join("/");
    if (fromPath === targetPath || targetPath.startsWith(`${fromPath}/`) || fromPath.startsWith(`${targetPath}/`)) {
      throw new AppError("bad_request", say("start.overlap", { folder, from: source.folder }));
    }
  }
  const { maxWorkspaceBytes } = workspaceLimits();
  const workspace = await openWorkspace(studentId, { create: true });
  if (!workspace) throw new Error("workspace vanished after creation");
  const { root, owner } = workspace;
  try {
    const tree = await readSource(root, source, maxWorkspaceBytes);
    const usage = await measureWorkspace(root);
    const replaced = [...usage.sizes].filter(([path]) => path.startsWith(`${targetPath}/`));
    if (replaced.length > 0 && !options.replace) {
      throw new AppError("conflict", say("start.holdsFiles", { folder }));
    }
    const after = usage.totalBytes - replaced.reduce((sum, [, size]) => sum + size, 0) + tree.files.reduce((sum, f) => sum + f.data.length, 0);
    if (after > maxWorkspaceBytes) {
      throw new AppError("too_large", say("start.tooLarge", { size: bytesOf(maxWorkspaceBytes) }));
    }
    const target = await openPath(root, targetComponents, { create: owner });
    if (!target) throw new Error("target folder vanished");
    try {
      if (options.replace) for (const entry of await target.list()) await target.remove(entry.name);
      await writeTree(target, tree, owner);
    } finally {
      await target.close();
    }
    return tree.files.map((file) => `${targetPath}/${file.path}`);
  } finally {
    await root.close();
  }
}

async function readSource(root: SafeDir, source: FillSource, maxBytes: number): Promise<Tree> {
  const limits = { maxEntries: MAX_ENTRIES, maxFileBytes: maxBytes, maxTotalBytes: maxBytes, overLimit: "throw" as const };
  if (source.kind === "workspace") {
    const dir = await openPath(root, splitRelativePath(source.folder));
    if (!dir) throw new AppError("not_found", say("start.noFolder", { folder: source.folder }));
    try {
      return await readTree(dir, { ...limits, what: say("tree.folder", { folder: source.folder }) });
    } finally {
      await dir.close();
    }
  }
  const dir = await openHostDir(source.dir);
  if (!dir) throw new AppError("not_found", say("start.noReference"));
  try {
    return await readTree(dir, { ...limits, what: say("tree.referenceSolution") });
  } finally {
    await dir.close();
  }
}

/** Our own lesson content: links in its path are resolved; inside it, they are skipped. */
async function openHostDir(dir: string): Promise<SafeDir | null> {
  const real = await fsp.realpath(dir).catch(() => null);
  return real ? SafeDir.openRoot(real) : null;
}

async function filesIn(dir: SafeDir): Promise<string[]> {
  const files: string[] = [];
  await walkTree(
    dir,
    (entry) => {
      if (entry.kind === "file") files.push(entry.path);
    },
    { maxEntries: MAX_ENTRIES },
  );
  return files.sort();
}

async function writeTree(target: SafeDir, tree: Tree, owner: Owner): Promise<void> {
  for (const dir of tree.dirs) {
    const opened = await openPath(target, dir.split("/"), { create: owner });
    if (opened && opened !== target) await opened.close();
  }
  for (const file of tree.files) await writeInto(target, file.path.split("/"), file.data, owner, file.mode);
}
