/**
 * Whether the sandbox user can reach what the server reads once it has given up root: the
 * checkout (the built pages, node_modules), the course folder and DATA_DIR. A checkout under
 * /root (mode 0700, the usual place for root's clones) cannot be passed by any other user, so
 * before dropping, root gives the sandbox user alone search permission (an ACL entry `u:99000:x`,
 * never read) on each folder above those that stops it. Where that cannot be done (no `setfacl`,
 * a filesystem without ACLs), the caller keeps the server as root and says why: a workbench that
 * starts as root is better than one that does not start.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { ServerOwner } from "./hand-data-to-server";

/** A place the server needs, and what it needs there. */
export interface NeededPlace {
  path: string;
  /** "read": list and read it (the checkout, the course); "pass": reach it (DATA_DIR, whose own mode the server sets). */
  need: "read" | "pass";
}

/**
 * Run as the sandbox user (its uid and gid, no extra groups), with each folder to judge handed to
 * it as an open descriptor (fd 3 onwards, opened by root): it tries each through /proc/self/fd,
 * which reaches the folder without passing the ones above it, so a folder behind another that
 * stops it is judged too, by the kernel (mode bits and ACLs alike), as the start would find it
 * after opening the first. Prints, per folder, whether the sandbox user may do what it must there.
 */
const PROBE = `
const fs = require("node:fs");
const modes = JSON.parse(process.argv[1]);
const out = modes.map((mode, i) => {
  try { fs.accessSync("/proc/self/fd/" + (3 + i), mode); return true; } catch { return false; }
});
process.stdout.write(JSON.stringify(out));
`;

/** One folder to judge and what the server needs of it (an access(2) mode). */
type FolderNeed = { folder: string; mode: number };

const SEARCH = fs.constants.X_OK;
const READ = fs.constants.R_OK | fs.constants.X_OK;

/**
 * The folders from / down to `target` with what the server needs of each: search on those above,
 * and read on the target when it reads it (a place it only passes, DATA_DIR, gets its own mode
 * from the server). The walk ends at the first that does not exist yet (root makes DATA_DIR's).
 */
function foldersOnTheWay(target: string, need: NeededPlace["need"]): FolderNeed[] {
  const parts = target.split(path.sep).filter(Boolean);
  const above = parts.slice(0, -1).map((_, i) => path.sep + parts.slice(0, i + 1).join(path.sep));
  const way = [path.sep, ...above].map((folder) => ({ folder, mode: SEARCH }));
  if (parts.length && need === "read") way.push({ folder: target, mode: READ });
  const missing = way.findIndex(({ folder }) => !fs.existsSync(folder));
  return missing === -1 ? way : way.slice(0, missing);
}

/**
 * Per place, every folder that stops the sandbox user on its way there, from / down, the place
 * itself last when it is one to read and the sandbox user cannot; [] when nothing does. Nothing on disk is changed: this is what the start would have to open.
 */
export function blockedFolders(owner: ServerOwner, places: readonly NeededPlace[]): string[][] {
  const ways = places.map((place) => foldersOnTheWay(path.resolve(place.path), place.need));
  const needs = [...new Map(ways.flat().map((need) => [`${need.mode}:${need.folder}`, need])).values()];
  const fds: number[] = [];
  try {
    for (const { folder } of needs) fds.push(fs.openSync(folder, fs.constants.O_RDONLY | fs.constants.O_DIRECTORY));
    const result = spawnSync(process.execPath, ["-e", PROBE, JSON.stringify(needs.map((need) => need.mode))], {
      uid: owner.uid,
      gid: owner.gid,
      encoding: "utf8",
      timeout: 15_000,
      stdio: ["ignore", "pipe", "pipe", ...fds],
      // The probe's cwd must be one it can stand in, whatever the server's is; and no NODE_OPTIONS
      // (a loader it could not reach) from the server's environment.
      cwd: "/",
      env: { ...process.env, NODE_OPTIONS: "" },
    });
    if (result.status !== 0) throw new Error(`could not try the folders as uid ${owner.uid}: ${(result.stderr || result.error?.message || `exit ${result.status}`).trim().slice(0, 200)}`);
    const allowed = JSON.parse(result.stdout) as boolean[];
    const stops = new Set(needs.filter((_, i) => !allowed[i]).map((need) => `${need.mode}:${need.folder}`));
    return ways.map((way) => way.filter((need) => stops.has(`${need.mode}:${need.folder}`)).map((need) => need.folder));
  } finally {
    for (const fd of fds) fs.closeSync(fd);
  }
}

export type Passage = { ok: true; granted: string[] } | { ok: false; granted: string[]; blocked: string; reason: string };

/**
 * Makes every place reachable by the sandbox user, granting search on the folders above them that
 * stop it (one ACL entry each, for this uid only). A place itself that it cannot read is not
 * changed (its files are the operator's): said as the reason, before anything is granted. The
 * folders are tried again after the grants: the passage is claimed only once they let it through.
 */
export function openPassage(
  owner: ServerOwner,
  places: readonly NeededPlace[],
  setfacl: (folder: string, uid: number) => void = setSearchAcl,
  probe: (owner: ServerOwner, places: readonly NeededPlace[]) => string[][] = blockedFolders,
): Passage {
  const granted: string[] = [];
  const targets = places.map((p) => path.resolve(p.path));
  // A grant that the probe does not then see (a filesystem that ignores ACLs) ends it on the next round.
  for (let round = 0; round < 3; round++) {
    let blocked: string[][];
    try {
      blocked = probe(owner, places);
    } catch (error) {
      return { ok: false, granted, blocked: "", reason: errorText(error) };
    }
    const unreachable = places.findIndex((place, i) => blocked[i]!.includes(targets[i]!));
    if (unreachable !== -1) {
      return { ok: false, granted, blocked: targets[unreachable]!, reason: `uid ${owner.uid} cannot ${places[unreachable]!.need === "read" ? "read" : "pass"} ${targets[unreachable]}` };
    }
    const toOpen = [...new Set(blocked.flat())];
    if (toOpen.length === 0) return { ok: true, granted };
    const again = toOpen.find((folder) => granted.includes(folder));
    if (again) return { ok: false, granted, blocked: again, reason: `uid ${owner.uid} still cannot pass ${again} after it was given search` };
    for (const folder of toOpen) {
      try {
        setfacl(folder, owner.uid);
      } catch (error) {
        return { ok: false, granted, blocked: folder, reason: `uid ${owner.uid} cannot pass ${folder}, and search could not be given to it: ${errorText(error)}` };
      }
      granted.push(folder);
    }
  }
  return { ok: false, granted, blocked: "", reason: "the folders still stop the sandbox user after they were given search" };
}

function setSearchAcl(folder: string, uid: number): void {
  execFileSync("setfacl", ["-m", `u:${uid}:x`, "--", folder], { stdio: ["ignore", "ignore", "pipe"], timeout: 10_000 });
}

function errorText(error: unknown): string {
  const e = error as { code?: string; stderr?: Buffer | string; message?: string };
  if (e.code === "ENOENT") return "setfacl is not installed (Debian's acl package)";
  return (e.stderr?.toString().trim() || e.message || String(error)).slice(0, 200);
}
