/**
 * The server gives up root for good: its supplementary groups become the Docker socket's group
 * alone, then its group and user become the sandbox user's (workbench-learner). Nothing of root's
 * is readable afterwards; the root helper (forked before) keeps what needs root.
 */
import type { ServerOwner } from "./hand-data-to-server";

export function dropRoot(owner: ServerOwner, dockerGid: number | undefined): void {
  if (!process.setuid || !process.setgid || !process.setgroups) throw new Error("this platform cannot change the process's user");
  process.setgroups(dockerGid === undefined ? [] : [dockerGid]);
  process.setgid(owner.gid);
  process.setuid(owner.uid);
  // setuid from root to another uid sets the real, effective and saved uids: there is no way back.
  let regained = false;
  try {
    process.setuid(0);
    regained = true;
  } catch {
    // expected: EPERM
  }
  if (regained || process.getuid?.() !== owner.uid || process.geteuid?.() !== owner.uid) throw new Error("the server could not give up root");
}
