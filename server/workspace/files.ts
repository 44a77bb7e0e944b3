/**
 * The editor's view of a workspace: list, read, write, delete, upload. Paths are relative to the
 * workspace root ("step-folder/Dockerfile"); every rule of safe-dir.ts applies.
 */
import { AppError } from "../app-error";
import { openPath, show, type Owner, type SafeDir } from "./safe-dir";
import { bytesOf, say } from "../../lib/i18n/text-ref";
import { decodeText } from "./text";
import { walkTree } from "./walk";
import { measureWorkspace, openWorkspace, withWorkspace, workspaceLimits } from "./workspace-root";
import { splitRelativePath } from "./workspace-path";
import { CappedStorage } from "../sandbox/capped-storage";
import { diskFullText } from "../grading/disk-full";

/** listFiles returns at most this many files. */
export const MAX_LISTED_FILES = 2000;
/** An upload carries at most this many files. */
export const MAX_IMPORTED_FILES = 2000;

export interface FileEntry {
  path: string;
  size: number;
}

/**
 * Regular files below `underDir` (the whole workspace when omitted), at most MAX_LISTED_FILES,
 * shallow ones first. Links, fifos and the like are left out. A missing folder lists nothing.
 */
export async function listFiles(studentId: string, underDir?: string): Promise<FileEntry[]> {
  const components = splitRelativePath(underDir ?? "", { allowRoot: true });
  return withWorkspace(
    studentId,
    {},
    async ({ root }) => {
      const dir = await openPath(root, components);
      if (!dir) return [];
      const prefix = components.join("/");
      const files: FileEntry[] = [];
      try {
        await walkTree(
          dir,
          (entry) => {
            if (entry.kind === "file") files.push({ path: prefix ? `${prefix}/${entry.path}` : entry.path, size: entry.size });
            return files.length < MAX_LISTED_FILES;
          },
          { maxEntries: 50_000 },
        );
      } finally {
        if (dir !== root) await dir.close();
      }
      return files;
    },
    () => [],
  );
}

/** A text file's content. Refused: missing, links, non-regular, over MAX_FILE_BYTES, binary. */
export async function readFile(studentId: string, relPath: string): Promise<string> {
  const components = splitRelativePath(relPath);
  const notFound = () => new AppError("not_found", say("files.noFile", { path: show(relPath) }));
  return withWorkspace(
    studentId,
    {},
    async ({ root }) => {
      const data = await inParent(root, components, false, (parent, name) => parent.readFile(name, workspaceLimits().maxFileBytes));
      if (!data) throw notFound();
      const text = decodeText(data.data);
      if (text === null) throw new AppError("unsupported", say("files.binary", { path: show(relPath) }));
      return text;
    },
    () => {
      throw notFound();
    },
  );
}

/**
 * Writes a file atomically (temporary file + rename), creating its folders, owned like the
 * workspace. Refused: paths outside, links on the way or at the end, more than MAX_FILE_BYTES, or a
 * workspace that would grow past MAX_WORKSPACE_BYTES.
 */
export async function writeFile(studentId: string, relPath: string, content: string | Uint8Array): Promise<void> {
  await importFiles(studentId, "", [{ path: relPath, content }]);
}

/** Deletes a file, a link (not what it points to) or a folder with everything in it. */
export async function deleteFile(studentId: string, relPath: string): Promise<void> {
  const components = splitRelativePath(relPath);
  const notFound = () => new AppError("not_found", say("files.noFileOrFolder", { path: show(relPath) }));
  await withWorkspace(
    studentId,
    {},
    async ({ root }) => {
      const done = await inParent(root, components, false, async (parent, name) => {
        await parent.remove(name);
        return true;
      });
      if (!done) throw notFound();
    },
    () => {
      throw notFound();
    },
  );
}

export interface ImportedFile {
  /** Relative to `dir`. */
  path: string;
  content: string | Uint8Array;
  /** Permission bits; default: kept from the file replaced, else 0644. */
  mode?: number;
}

/**
 * Writes several files below `dir` ("" for the workspace root), e.g. an upload. All paths and
 * sizes are checked before anything is written. Returns the workspace-relative paths written.
 */
export async function importFiles(studentId: string, dir: string, files: ImportedFile[]): Promise<string[]> {
  const base = splitRelativePath(dir, { allowRoot: true });
  if (files.length > MAX_IMPORTED_FILES) throw new AppError("too_large", say("files.tooManyAdded", { count: MAX_IMPORTED_FILES }));
  const { maxFileBytes, maxWorkspaceBytes } = workspaceLimits();
  const planned = new Map<string, { components: string[]; data: Buffer; mode?: number }>();
  for (const file of files) {
    const components = [...base, ...splitRelativePath(file.path)];
    const relPath = components.join("/");
    const data = typeof file.content === "string" ? Buffer.from(file.content, "utf8") : Buffer.from(file.content);
    if (data.length > maxFileBytes) {
      throw new AppError("too_large", say("files.largerThanAccepted", { path: show(relPath), size: bytesOf(maxFileBytes) }));
    }
    planned.set(relPath, { components, data, mode: file.mode });
  }
  const workspace = await openWorkspace(studentId, { create: true });
  if (!workspace) throw new Error("workspace vanished after creation");
  try {
    if (!(await shrinksOrKeepsSize(workspace.root, planned))) {
      const usage = await measureWorkspace(workspace.root);
      let after = usage.totalBytes;
      for (const [relPath, { data }] of planned) after += data.length - (usage.sizes.get(relPath) ?? 0);
      if (after > maxWorkspaceBytes) {
        throw new AppError("too_large", say("files.workspaceFull", { size: bytesOf(maxWorkspaceBytes) }));
      }
    }
    for (const { components, data, mode } of planned.values()) {
      await writeInto(workspace.root, components, data, workspace.owner, mode).catch((error: unknown) => {
        // The capped workspace disk is full (see CappedStorage): said as such, not as a fault of ours.
        const code = (error as NodeJS.ErrnoException)?.code;
        if (code === "ENOSPC" || code === "EDQUOT") throw new AppError("too_large", diskFullText("workspace", CappedStorage.active()?.limits), { cause: error });
        throw error;
      });
    }
  } finally {
    await workspace.root.close();
  }
  return [...planned.keys()];
}

/**
 * True when a single-file write replaces a regular file at least as large: nothing can grow, so
 * the (costly, whole-tree) usage walk is skipped. The editor's saves are mostly that case.
 */
async function shrinksOrKeepsSize(root: SafeDir, planned: Map<string, { components: string[]; data: Buffer }>): Promise<boolean> {
  const only = planned.size === 1 ? [...planned.values()][0] : undefined;
  if (!only) return false;
  const { components, data } = only;
  const existing = await inParent(root, components, false, (parent, name) => parent.inspect(name)).catch(() => null);
  return existing?.kind === "file" && existing.size >= data.length;
}

/** Writes one file below an open folder, creating the folders on the way. */
export async function writeInto(root: SafeDir, components: string[], data: Uint8Array, owner: Owner, mode?: number): Promise<void> {
  await inParent(root, components, owner, (parent, name) => parent.writeFile(name, data, { owner, mode }));
}

/**
 * Opens the folder holding the last component and runs `body` on it. null when a folder on the
 * way is missing (and `create` is false).
 */
async function inParent<T>(root: SafeDir, components: string[], create: Owner | false, body: (parent: SafeDir, name: string) => Promise<T>): Promise<T | null> {
  const name = components.at(-1);
  if (name === undefined) throw new AppError("bad_request", say("files.pathNeeded"));
  const parent = await openPath(root, components.slice(0, -1), { create });
  if (!parent) return null;
  try {
    return await body(parent, name);
  } finally {
    if (parent !== root) await parent.close();
  }
}
