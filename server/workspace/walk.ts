/**
 * Walks a folder tree through SafeDir: never follows links, never opens anything but folders.
 * Each folder's own entries come before its sub-folders' (so top-level files survive a cap).
 */
import { AppError } from "../app-error";
import { say } from "../../lib/i18n/text-ref";
import { MAX_DEPTH, SafeDir, kindOf, type EntryKind } from "./safe-dir";
import fsp from "node:fs/promises";

export interface WalkEntry {
  /** Path relative to the folder the walk started in, "/"-separated. */
  path: string;
  name: string;
  kind: EntryKind;
  size: number;
  mode: number;
}

export interface WalkOptions {
  /** Stop after this many entries (files, folders, links…). */
  maxEntries: number;
  /** Return false for a folder to stay out of it. */
  enterDir?: (entry: WalkEntry) => boolean;
}

export interface WalkResult {
  truncated: boolean;
}

/**
 * Calls `visit` for every entry below `dir` with the open folder that holds it (read files through
 * it: `parent.readFile(entry.name, …)`). Return false from `visit` to stop the walk.
 */
export async function walkTree(dir: SafeDir, visit: (entry: WalkEntry, parent: SafeDir) => Promise<boolean | void> | boolean | void, options: WalkOptions): Promise<WalkResult> {
  let seen = 0;
  let stopped = false;
  let truncated = false;

  const walkDir = async (current: SafeDir, prefix: string, depth: number): Promise<void> => {
    const subDirs: WalkEntry[] = [];
    for (const dirent of await current.list()) {
      if (stopped) return;
      if (++seen > options.maxEntries) {
        truncated = stopped = true;
        return;
      }
      const stat = await fsp.lstat(current.pathOf(dirent.name)).catch(() => null);
      if (!stat) continue; // removed while we walked
      const entry: WalkEntry = {
        path: prefix ? `${prefix}/${dirent.name}` : dirent.name,
        name: dirent.name,
        kind: kindOf(stat),
        size: stat.size,
        mode: stat.mode & 0o777,
      };
      if (entry.kind === "dir") subDirs.push(entry);
      if ((await visit(entry, current)) === false) {
        stopped = true;
        return;
      }
    }
    for (const entry of subDirs) {
      if (stopped) return;
      if (options.enterDir && !options.enterDir(entry)) continue;
      if (depth + 1 > MAX_DEPTH) throw new AppError("bad_request", say("files.nestedTooDeep", { path: say("files.quoted", { path: entry.path }) }));
      let child: SafeDir | null;
      try {
        child = await current.openDir(entry.name);
      } catch (error) {
        if (error instanceof AppError) continue; // became a link or a file since we listed it
        throw error;
      }
      if (!child) continue;
      try {
        await walkDir(child, entry.path, depth + 1);
      } finally {
        await child.close();
      }
    }
  };

  await walkDir(dir, "", 0);
  return { truncated };
}
