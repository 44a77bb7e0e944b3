/**
 * Before the server drops root: what it writes in DATA_DIR becomes the server user's. Only the
 * items the server itself writes, each by name, changed without following links (lchown); the
 * learners' trees are never walked. DATA_DIR itself stays root's (sticky, group-writable for the
 * server), so the folders the root helper works in (disks, engine-disks, engine-mounts) cannot be
 * moved or replaced by the server.
 */
import fs from "node:fs";
import path from "node:path";

export interface ServerOwner {
  uid: number;
  gid: number;
}

/** The server's own folders, whose whole content is the server's (walked, links not followed). */
const SERVER_TREES = ["submissions", "debian-md5sums"];
/** Top-level items only. */
const SERVER_FILES = ["session-secret", "workspaces"];
const SQLITE_SIDECARS = ["", "-wal", "-shm", "-journal"];

/** Hands DATA_DIR's server-written items (and a SQLite database elsewhere) to `owner`; returns how many items changed owner. */
export function handDataToServer(dataDir: string, owner: ServerOwner, databaseFile: string | undefined): number {
  fs.mkdirSync(dataDir, { recursive: true });
  // root:<server group>, sticky: the server creates its files here (the database's journal) but cannot remove or rename root's.
  fs.lchownSync(dataDir, 0, owner.gid);
  fs.chmodSync(dataDir, 0o1770);
  let changed = 0;
  for (const name of SERVER_FILES) changed += lchownIfThere(path.join(dataDir, name), owner);
  for (const name of SERVER_TREES) changed += lchownTree(path.join(dataDir, name), owner);
  if (databaseFile) {
    for (const suffix of SQLITE_SIDECARS) changed += lchownIfThere(databaseFile + suffix, owner);
    // A database outside DATA_DIR: its folder must let the server make its journal there.
    const folder = path.dirname(databaseFile);
    if (path.resolve(folder) !== path.resolve(dataDir)) changed += lchownIfThere(folder, owner);
  }
  return changed;
}

function lchownIfThere(file: string, owner: ServerOwner): number {
  const stat = fs.lstatSync(file, { throwIfNoEntry: false });
  if (!stat || (stat.uid === owner.uid && stat.gid === owner.gid)) return 0;
  fs.lchownSync(file, owner.uid, owner.gid);
  return 1;
}

function lchownTree(dir: string, owner: ServerOwner): number {
  const stat = fs.lstatSync(dir, { throwIfNoEntry: false });
  if (!stat) return 0;
  let changed = lchownIfThere(dir, owner);
  if (!stat.isDirectory()) return changed;
  for (const entry of fs.readdirSync(dir)) changed += lchownTree(path.join(dir, entry), owner);
  return changed;
}
