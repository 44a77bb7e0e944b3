/** Opening a student's workspace folder, creating it owned by the sandbox user. */
import fsp from "node:fs/promises";
import { getConfig } from "../config";
import { CappedStorage } from "../sandbox/capped-storage";
import { logger } from "../logger";
import { handOverLegacyFiles, isLegacyOwned } from "./legacy-owner";
import { SafeDir, type Owner } from "./safe-dir";
import { walkTree } from "./walk";
import { SANDBOX_GID, SANDBOX_UID, workspaceRoot, workspacesDir } from "./workspace-path";

/** The workspaces folder: root only. A workspace: its sandbox user only (no other host user reads it). */
export const WORKSPACES_MODE = 0o700;
export const WORKSPACE_MODE = 0o700;

/**
 * Creates `${DATA_DIR}/workspaces/<studentId>/` if needed, owned by the sandbox user
 * (workbench-learner unless given; needs the server to run as root, otherwise it stays the
 * server's). With disk caps on (see CappedStorage), the student's capped filesystem is mounted
 * there first. A workspace of the legacy learner uid is handed over to the sandbox user. Returns
 * its absolute path, for the bind mount.
 */
export async function ensureWorkspace(studentId: string, uid = SANDBOX_UID, gid = SANDBOX_GID): Promise<string> {
  const root = workspaceRoot(studentId);
  // Only root (the server, Docker) enters the workspaces folder; each workspace is its owner's alone.
  await fsp.mkdir(workspacesDir(), { recursive: true, mode: WORKSPACES_MODE });
  await fsp.chmod(workspacesDir(), WORKSPACES_MODE);
  const parent = await SafeDir.openRoot(workspacesDir());
  if (!parent) throw new Error(`cannot open ${workspacesDir()}`);
  try {
    const dir = await parent.openDir(studentId, { create: { uid, gid } });
    if (!dir) throw new Error(`workspace folder vanished: ${root}`);
    try {
      if (isLegacyOwned((await dir.stat()).uid, { uid, gid })) await handOver(studentId, dir, { uid, gid });
      await dir.chown({ uid, gid }); // also when it existed: the sandbox user must be able to write
      await dir.chmod(WORKSPACE_MODE);
    } finally {
      await dir.close();
    }
  } finally {
    await parent.close();
  }
  const disks = CappedStorage.active();
  // The mounted filesystem's root is the workspace now: the sandbox user must own it too.
  if (disks)
    await disks.withWorkspace(studentId, root, async () => {
      if (isLegacyOwned((await fsp.stat(root)).uid, { uid, gid })) {
        const mounted = await SafeDir.openRoot(root);
        if (mounted) await handOver(studentId, mounted, { uid, gid }).finally(() => mounted.close());
      }
      await fsp.chown(root, uid, gid);
      await fsp.chmod(root, WORKSPACE_MODE);
    });
  return root;
}

async function handOver(studentId: string, dir: SafeDir, owner: Owner): Promise<void> {
  const changed = await handOverLegacyFiles(dir, owner);
  logger.info("workspace handed over from the legacy learner uid to the sandbox user", { studentId, entries: changed, uid: owner.uid });
}

/** The student's workspace folder, opened; null when it does not exist (unless `create`). */
export async function openWorkspace(studentId: string, options: { create?: boolean } = {}): Promise<{ root: SafeDir; owner: Owner } | null> {
  if (options.create) await ensureWorkspace(studentId);
  const path = workspaceRoot(studentId);
  const disks = CappedStorage.active();
  // Opened while the capped filesystem is mounted (the open folder keeps it mounted), never the folder under it.
  const root = disks && (await isFolder(path)) ? await disks.withWorkspace(studentId, path, () => SafeDir.openRoot(path)) : await SafeDir.openRoot(path);
  if (!root) return null;
  const stat = await root.stat();
  return { root, owner: { uid: stat.uid, gid: stat.gid } };
}

const isFolder = (path: string) =>
  fsp.lstat(path).then(
    (stat) => stat.isDirectory(),
    () => false,
  );

/** Runs `body` with the open workspace and closes it afterwards. */
export async function withWorkspace<T>(studentId: string, options: { create?: boolean }, body: (workspace: { root: SafeDir; owner: Owner }) => Promise<T>, ifMissing: () => T): Promise<T> {
  const workspace = await openWorkspace(studentId, options);
  if (!workspace) return ifMissing();
  try {
    return await body(workspace);
  } finally {
    await workspace.root.close();
  }
}

/** Sizes of every regular file in the workspace, by path, and their total. */
export async function measureWorkspace(root: SafeDir): Promise<{ totalBytes: number; sizes: Map<string, number> }> {
  const sizes = new Map<string, number>();
  let totalBytes = 0;
  await walkTree(
    root,
    (entry) => {
      if (entry.kind !== "file") return;
      sizes.set(entry.path, entry.size);
      totalBytes += entry.size;
    },
    { maxEntries: 200_000 },
  );
  return { totalBytes, sizes };
}

export function workspaceLimits(): { maxFileBytes: number; maxWorkspaceBytes: number } {
  const config = getConfig();
  return { maxFileBytes: config.MAX_FILE_BYTES, maxWorkspaceBytes: config.MAX_WORKSPACE_BYTES };
}
