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
import path from "node:path";
import type { ServerOwner } from "./hand-data-to-server";

/** A place the server needs, and what it needs there. */
export interface NeededPlace {
  path: string;
  /** "read": list and read it (the checkout, the course); "pass": reach it (DATA_DIR, whose own mode the server sets). */
  need: "read" | "pass";
}

/**
 * Tried as the sandbox user (a child process with its uid and gid, no extra groups): prints, per
 * place, the first folder that stops it, or "" (a folder that does not exist yet stops nothing:
 * root makes DATA_DIR's, with modes the server can use).
 */
const PROBE = `
const fs = require("node:fs"), path = require("node:path");
const places = JSON.parse(process.argv[1]);
const out = places.map(({ path: target, need }) => {
  const parts = target.split(path.sep).filter(Boolean);
  let at = path.sep;
  for (const part of parts) {
    try { fs.accessSync(at, fs.constants.X_OK); } catch (e) { return e.code === "ENOENT" ? "" : at; }
    at = path.join(at, part);
  }
  try { fs.accessSync(at, need === "read" ? fs.constants.R_OK | fs.constants.X_OK : fs.constants.X_OK); } catch (e) { return need === "read" && e.code !== "ENOENT" ? at : ""; }
  return "";
});
process.stdout.write(JSON.stringify(out));
`;

/** Per place, the first folder the sandbox user cannot pass (or read, for the place itself); "" when reachable. */
export function blockedFolders(owner: ServerOwner, places: readonly NeededPlace[]): string[] {
  const result = spawnSync(process.execPath, ["-e", PROBE, JSON.stringify(places.map((p) => ({ path: path.resolve(p.path), need: p.need })))], {
    uid: owner.uid,
    gid: owner.gid,
    encoding: "utf8",
    timeout: 15_000,
    // The probe's cwd must be one it can stand in, whatever the server's is; and no NODE_OPTIONS
    // (a loader it could not reach) from the server's environment.
    cwd: "/",
    env: { ...process.env, NODE_OPTIONS: "" },
  });
  if (result.status !== 0) throw new Error(`could not try the folders as uid ${owner.uid}: ${(result.stderr || result.error?.message || `exit ${result.status}`).trim().slice(0, 200)}`);
  return JSON.parse(result.stdout) as string[];
}

export type Passage = { ok: true; granted: string[] } | { ok: false; granted: string[]; blocked: string; reason: string };

/**
 * Makes every place reachable by the sandbox user, granting search on the folders above them that
 * stop it (one ACL entry each, for this uid only). A place itself that it cannot read is not
 * changed (its files are the operator's): said as the reason.
 */
export function openPassage(
  owner: ServerOwner,
  places: readonly NeededPlace[],
  setfacl: (folder: string, uid: number) => void = setSearchAcl,
  probe: (owner: ServerOwner, places: readonly NeededPlace[]) => string[] = blockedFolders,
): Passage {
  const granted: string[] = [];
  const targets = places.map((p) => path.resolve(p.path));
  // Each round grants one folder per blocked place; a path has a bounded number of folders.
  for (let round = 0; round < 64; round++) {
    let blocked: string[];
    try {
      blocked = probe(owner, places);
    } catch (error) {
      return { ok: false, granted, blocked: "", reason: errorText(error) };
    }
    const stuck = blocked.findIndex((folder) => folder !== "");
    if (stuck === -1) return { ok: true, granted };
    const folder = blocked[stuck]!;
    if (folder === targets[stuck] || granted.includes(folder)) {
      return { ok: false, granted, blocked: folder, reason: `uid ${owner.uid} cannot ${places[stuck]!.need === "read" ? "read" : "pass"} ${folder}` };
    }
    try {
      setfacl(folder, owner.uid);
    } catch (error) {
      return { ok: false, granted, blocked: folder, reason: `uid ${owner.uid} cannot pass ${folder}, and search could not be given to it: ${errorText(error)}` };
    }
    granted.push(folder);
  }
  return { ok: false, granted, blocked: "", reason: "too many folders to open" };
}

function setSearchAcl(folder: string, uid: number): void {
  execFileSync("setfacl", ["-m", `u:${uid}:x`, "--", folder], { stdio: ["ignore", "ignore", "pipe"], timeout: 10_000 });
}

function errorText(error: unknown): string {
  const e = error as { code?: string; stderr?: Buffer | string; message?: string };
  if (e.code === "ENOENT") return "setfacl is not installed (Debian's acl package)";
  return (e.stderr?.toString().trim() || e.message || String(error)).slice(0, 200);
}
