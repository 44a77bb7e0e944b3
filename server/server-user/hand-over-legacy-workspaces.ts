/**
 * Workspaces of the legacy learner uid (1000) are handed to the sandbox user at their next use
 * (server/workspace/workspace-root.ts), which needs root: a server that drops root does it for
 * every plain workspace folder at start, while still root (a capped workspace's image is moved
 * in from its folder, so its files are handed over before that).
 */
import fsp from "node:fs/promises";
import path from "node:path";
import { handOverLegacyFiles, isLegacyOwned } from "../workspace/legacy-owner";
import { SafeDir, type Owner } from "../workspace/safe-dir";
import { isStudentId } from "../workspace/workspace-path";

/** Returns the students whose workspace was handed over. */
export async function handOverLegacyWorkspaces(workspacesDir: string, owner: Owner): Promise<string[]> {
  const handed: string[] = [];
  for (const studentId of await fsp.readdir(workspacesDir).catch(() => [] as string[])) {
    const root = path.join(workspacesDir, studentId);
    const stat = await fsp.lstat(root).catch(() => undefined);
    if (!isStudentId(studentId) || !stat?.isDirectory() || !isLegacyOwned(stat.uid, owner)) continue;
    const dir = await SafeDir.openRoot(root);
    if (!dir) continue;
    try {
      await handOverLegacyFiles(dir, owner);
      await dir.chown(owner);
    } finally {
      await dir.close();
    }
    handed.push(studentId);
  }
  return handed;
}
