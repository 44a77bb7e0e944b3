/**
 * The server's snapshot of a step folder for a grade that counts: read once from the student's
 * workspace through SafeDir (no link followed, regular files and folders only), held in memory
 * with each file's bytes and permission bits, then written into a fresh folder the student never
 * touches. The grader's text view (static checks, stored with the run) comes from the same bytes,
 * so what is judged from the files is exactly what is built: a student who edits their folder
 * mid-grade changes nothing of it.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { WorkspaceSnapshot } from "../grading/evidence";
import { snapshotOfFolder } from "./grading-snapshot";
import { DEFAULT_SNAPSHOT_MAX_BYTES, splitRelativePath } from "../workspace";
import { openFolderIfPresent, openPath, SafeDir, type Owner } from "../workspace/safe-dir";
import { readTree, type TreeFile } from "../workspace/read-tree";
import { decodeText } from "../workspace/text";
import { withWorkspace, workspaceLimits } from "../workspace/workspace-root";
import { writeTree } from "../workspace/copy";

const MAX_ENTRIES = 20_000;

export interface FrozenStep {
  /** The step folder, relative to the workspace. */
  folder: string;
  /** Folders below the step folder, parents first. */
  dirs: string[];
  /** Files below the step folder (paths relative to it), as read. */
  files: TreeFile[];
  /** The grader's view: {workspace-relative path: text} of the text files, as check-service's snapshot. */
  snapshot: WorkspaceSnapshot;
  /** Whether the step folder existed (without it there is nothing to build). */
  found: boolean;
}

/**
 * Reads the student's step folder once (`folder`: the accepted name chosen, see
 * chooseFolderForGrading; `accepted`: every name the step accepts, for messages). A missing folder
 * gives the look-alike snapshot of grading-snapshot.ts.
 */
export async function freezeStep(studentId: string, folder: string, accepted: string[] = [folder]): Promise<FrozenStep> {
  const components = splitRelativePath(folder);
  const { maxFileBytes, maxWorkspaceBytes } = workspaceLimits();
  const tree = await withWorkspace(
    studentId,
    {},
    async ({ root }) => {
      const dir = await openFolderIfPresent(root, components); // null: missing, or a link or a file there
      if (!dir) return null;
      try {
        return await readTree(dir, {
          maxEntries: MAX_ENTRIES,
          maxFileBytes: maxWorkspaceBytes,
          maxTotalBytes: maxWorkspaceBytes,
          overLimit: "throw",
          what: `Your folder ${folder}/`,
        });
      } finally {
        if (dir !== root) await dir.close();
      }
    },
    () => null,
  );
  if (!tree) return { folder, dirs: [], files: [], snapshot: await snapshotOfFolder(studentId, { folder, accepted }), found: false };

  const text: Record<string, string> = {};
  let total = 0;
  for (const file of tree.files) {
    if (file.data.length > maxFileBytes || total + file.data.length > DEFAULT_SNAPSHOT_MAX_BYTES) continue;
    const decoded = decodeText(file.data);
    if (decoded === null) continue;
    text[`${folder}/${file.path}`] = decoded;
    total += file.data.length;
  }
  return { folder, dirs: tree.dirs, files: tree.files, snapshot: { folder, ...(accepted.length > 1 ? { accepted } : {}), files: text }, found: true };
}

/**
 * Writes the frozen step into a new workspace folder below the temporary folder (the step folder
 * at its usual place in it), everything owned by `owner`. Returns its path; the caller removes it.
 */
export async function writeFrozenStep(frozen: FrozenStep, owner: Owner): Promise<string> {
  const target = await mkdtemp(path.join(os.tmpdir(), "wb-verified-"));
  try {
    const root = await SafeDir.openRoot(target);
    if (!root) throw new Error(`${target} vanished`);
    try {
      await root.chown(owner);
      const step = await openPath(root, splitRelativePath(frozen.folder), { create: owner });
      if (!step) throw new Error(`${frozen.folder} could not be created in ${target}`);
      try {
        await writeTree(step, frozen.dirs, frozen.files, owner);
      } finally {
        if (step !== root) await step.close();
      }
    } finally {
      await root.close();
    }
  } catch (error) {
    await rm(target, { recursive: true, force: true });
    throw error;
  }
  return target;
}

/**
 * A stored submission's files (CheckRun.filesSnapshot: {workspace-relative path: text}) as a frozen
 * step again, for a teacher's re-grade. Only text files are stored with a run, without their
 * permission bits: files are written 0644, scripts (a `#!` first line) 0755. `accepted` are the
 * folder names the step accepts, preferred first: the one the snapshot holds files of is the folder.
 */
export function frozenStepFromSnapshot(files: Record<string, string>, accepted: readonly string[]): FrozenStep {
  const paths = Object.keys(files);
  const folder = accepted.find((name) => paths.some((p) => p.startsWith(`${name}/`))) ?? accepted[0] ?? "";
  const inFolder = paths.filter((p) => p.startsWith(`${folder}/`)).sort();
  const dirs = new Set<string>();
  const tree: TreeFile[] = inFolder.map((p) => {
    const relative = p.slice(folder.length + 1);
    const parts = relative.split("/");
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join("/"));
    const text = files[p]!;
    return { path: relative, data: Buffer.from(text, "utf8"), mode: text.startsWith("#!") ? 0o755 : 0o644 };
  });
  return {
    folder,
    dirs: [...dirs].sort((a, b) => a.split("/").length - b.split("/").length || a.localeCompare(b)),
    files: tree,
    snapshot: { folder, ...(accepted.length > 1 ? { accepted: [...accepted] } : {}), files: { ...files } },
    found: inFolder.length > 0,
  };
}
