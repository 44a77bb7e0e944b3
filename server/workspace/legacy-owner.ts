/**
 * Hands a workspace made before the learners had their own host user over to it: every entry the
 * old learner uid/gid (1000, often a real user of the host) owns becomes the sandbox user's, so the
 * student can still write their files. Links are changed themselves, never followed.
 */
import fsp from "node:fs/promises";
import type { Owner, SafeDir } from "./safe-dir";
import { walkTree } from "./walk";
import { LEGACY_SANDBOX_UID } from "./workspace-path";

/** Whether a workspace folder owned by `uid` is one to hand over to `owner`. */
export function isLegacyOwned(uid: number, owner: Owner): boolean {
  return uid === LEGACY_SANDBOX_UID && owner.uid !== LEGACY_SANDBOX_UID;
}

/** Changes the owner (and group) of every entry below `root` held by the legacy ids; returns how many changed. */
export async function handOverLegacyFiles(root: SafeDir, owner: Owner): Promise<number> {
  let changed = 0;
  await walkTree(
    root,
    async (entry, parent) => {
      const where = parent.pathOf(entry.name);
      const stat = await fsp.lstat(where).catch(() => null);
      if (!stat || (stat.uid !== LEGACY_SANDBOX_UID && stat.gid !== LEGACY_SANDBOX_UID)) return;
      await fsp.lchown(where, stat.uid === LEGACY_SANDBOX_UID ? owner.uid : stat.uid, stat.gid === LEGACY_SANDBOX_UID ? owner.gid : stat.gid);
      changed++;
    },
    { maxEntries: 200_000 },
  );
  return changed;
}
