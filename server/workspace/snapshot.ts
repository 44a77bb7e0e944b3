/** The text files of a step folder as data: stored with a check run and judged by the grader. */
import fs from "node:fs";
import { AppError } from "../app-error";
import { openFolderIfPresent, SafeDir } from "./safe-dir";
import { readTree } from "./read-tree";
import { decodeText } from "./text";
import { withWorkspace, workspaceLimits } from "./workspace-root";
import { splitRelativePath } from "./workspace-path";

/** Default cap of a snapshot: it is stored with every check run. */
export const DEFAULT_SNAPSHOT_MAX_BYTES = 4 * 1024 * 1024;

export interface SnapshotOptions {
  /** Files larger than this are left out. Default MAX_FILE_BYTES. */
  maxFileBytes?: number;
  /** Files past this total are left out. Default DEFAULT_SNAPSHOT_MAX_BYTES (4 MiB). */
  maxTotalBytes?: number;
  /** Files and folders looked at, at most. Default 5000. */
  maxEntries?: number;
}

/**
 * {workspace-relative path: content} of the text files in `folder` (binary, oversized files,
 * links and special files left out; shallow files first when a limit cuts). A missing folder
 * gives {}: the grader reports that as a result.
 */
export async function snapshotFolder(studentId: string, folder: string, options: SnapshotOptions = {}): Promise<Record<string, string>> {
  const components = splitRelativePath(folder, { allowRoot: true });
  const prefix = components.join("/");
  return withWorkspace(
    studentId,
    {},
    async ({ root }) => {
      const dir = await openFolderIfPresent(root, components); // null: missing, or a link or a file there
      if (!dir) return {};
      try {
        return await snapshotDir(dir, prefix, withDefaults(options));
      } finally {
        if (dir !== root) await dir.close();
      }
    },
    () => ({}),
  );
}

/** The step folder's snapshot in the grader's shape (server/grading/evidence.ts). */
export async function snapshotWorkspace(studentId: string, folder: string, options: SnapshotOptions = {}): Promise<{ folder: string; files: Record<string, string> }> {
  return { folder, files: await snapshotFolder(studentId, folder, options) };
}

/**
 * For the command-line grader: {path relative to `dir`: content} of the text files below a folder
 * given on the command line, under the same rules (links not followed, binary left out).
 */
export async function readWorkspaceFromDisk(dir: string, options: SnapshotOptions = {}): Promise<Record<string, string>> {
  const opened = await SafeDir.openRoot(fs.realpathSync(dir));
  if (!opened) throw new AppError("not_found", `${dir} does not exist.`);
  try {
    return await snapshotDir(opened, "", {
      maxFileBytes: options.maxFileBytes ?? 1024 * 1024,
      maxTotalBytes: options.maxTotalBytes ?? 64 * 1024 * 1024,
      maxEntries: options.maxEntries ?? 20_000,
    });
  } finally {
    await opened.close();
  }
}

function withDefaults(options: SnapshotOptions): Required<SnapshotOptions> {
  const limits = workspaceLimits();
  return {
    maxFileBytes: options.maxFileBytes ?? limits.maxFileBytes,
    maxTotalBytes: options.maxTotalBytes ?? DEFAULT_SNAPSHOT_MAX_BYTES,
    maxEntries: options.maxEntries ?? 5000,
  };
}

async function snapshotDir(dir: SafeDir, prefix: string, options: Required<SnapshotOptions>): Promise<Record<string, string>> {
  const tree = await readTree(dir, { ...options, overLimit: "skip", accept: (data) => decodeText(data) !== null });
  const files: Record<string, string> = {};
  for (const file of tree.files) files[prefix ? `${prefix}/${file.path}` : file.path] = file.data.toString("utf8");
  return files;
}
