/**
 * The command-line grader's private copy of a workspace, for a fresh sandbox to mount: regular
 * files and folders only, owned by the sandbox user. The source may be a live workspace whose
 * learner is changing it (swapping folders for links to host folders) while the grader, as root,
 * reads it: so it is read through SafeDir, never following a link below the folder given.
 */
import { mkdtemp, realpath, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { AppError } from "../app-error";
import { writeTree } from "../workspace/copy";
import { readTree } from "../workspace/read-tree";
import { SafeDir, type Owner } from "../workspace/safe-dir";

/** Largest workspace copied (it is held in memory on the way). */
export const MAX_SANDBOX_COPY_BYTES = 512 * 1024 * 1024;

/** Copies `source` into a new folder below the temporary folder and returns its path. */
export async function copyForSandbox(source: string, owner: Owner, maxBytes = MAX_SANDBOX_COPY_BYTES): Promise<string> {
  const target = await mkdtemp(path.join(os.tmpdir(), "wb-grade-"));
  try {
    await copyTree(source, target, owner, maxBytes);
  } catch (error) {
    await rm(target, { recursive: true, force: true });
    throw error;
  }
  return target;
}

async function copyTree(source: string, target: string, owner: Owner, maxBytes: number): Promise<void> {
  // Links on the way to the folder named on the command line are the teacher's; inside it, none is followed.
  const from = await SafeDir.openRoot(await realpath(source));
  if (!from) throw new AppError("not_found", `${source} does not exist.`);
  try {
    const tree = await readTree(from, { maxEntries: 100_000, maxFileBytes: maxBytes, maxTotalBytes: maxBytes, overLimit: "throw", what: "The workspace" });
    const to = await SafeDir.openRoot(target);
    if (!to) throw new Error(`${target} vanished`);
    try {
      await to.chown(owner);
      await writeTree(to, tree.dirs, tree.files, owner);
    } finally {
      await to.close();
    }
  } finally {
    await from.close();
  }
}
