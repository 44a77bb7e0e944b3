/**
 * `npm run doctor`'s word on the server's own user: which uid the server runs as (or will, once
 * started), and, when it drops root, that the sandbox user reaches Docker through the socket's
 * group (tried for real, as that user, with setpriv) and can reach the checkout, the course and
 * DATA_DIR, or will once the server opens the folders above them (passage.ts).
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import type { Config } from "../config";
import { SANDBOX_GID, SANDBOX_UID } from "../workspace/workspace-path";
import { dockerSocketGroup, dockerSocketPath } from "./docker-socket-group";
import { blockedFolders } from "./passage";
import { neededPlaces } from "./take-server-user";

const run = promisify(execFile);

/** Asks Docker's /_ping through the socket (the folders are tried by passage.ts's blockedFolders). */
const PROBE = `
const http = require("node:http");
const socketPath = process.argv[1];
if (!socketPath) process.exit(0);
http.get({ socketPath, path: "/_ping", timeout: 5000 }, (res) => process.exit(res.statusCode === 200 ? 0 : 3)).on("error", (e) => { console.error(e.message); process.exit(4); });
`;

export async function checkServerUser(config: Pick<Config, "WB_SERVER_USER" | "DATA_DIR">): Promise<{ ok: boolean; detail: string; fix?: string }> {
  const uid = process.getuid?.();
  if (uid !== 0) return { ok: true, detail: `the server will run as uid ${uid} (this user: it is not started as root), with no root helper` };
  if (config.WB_SERVER_USER === "root") return { ok: true, detail: "the server will run as root (WB_SERVER_USER=root): not advised, see docs/security.md" };
  const socket = dockerSocketPath();
  const group = socket === undefined ? undefined : dockerSocketGroup(socket);
  if (group && "problem" in group) return { ok: false, detail: group.problem, fix: "give the Docker socket a group of its own (Debian's docker group), or set WB_SERVER_USER=root" };
  // Every folder that stops the sandbox user on its way to the checkout, the course or DATA_DIR (a clone under /root), each judged as the start
  // would find it after opening those above: the start gives it search there with setfacl. Nothing is changed here.
  const places = neededPlaces(config.DATA_DIR);
  const blocked = blockedFolders({ uid: SANDBOX_UID, gid: SANDBOX_GID }, places);
  // A place itself it cannot read is not opened at start (openPassage): the server would keep root.
  const unreadable = places.filter((place, i) => blocked[i]!.includes(path.resolve(place.path))).map((place) => path.resolve(place.path));
  const toOpen = [...new Set(blocked.flat())].filter((folder) => !unreadable.includes(folder));
  const alsoToOpen = toOpen.length ? `; it also cannot pass ${toOpen.join(", ")}, which the start opens (ACL search) once that is fixed` : "";
  if (unreadable.length) {
    return {
      ok: false,
      detail: `uid ${SANDBOX_UID} cannot read ${unreadable.join(", ")}, so the server would keep root${alsoToOpen}`,
      fix: "let others read it (chmod -R o+rX), or move the checkout out of /root (e.g. /opt)",
    };
  }
  if (toOpen.length && !(await hasSetfacl())) {
    return {
      ok: false,
      detail: `uid ${SANDBOX_UID} cannot pass ${toOpen.join(", ")} and setfacl is missing, so the server would keep root`,
      fix: "install Debian's acl package (bash scripts/setup.sh does), or move the checkout out of /root (e.g. /opt), or let others pass those folders (chmod o+x)",
    };
  }
  const groups = group ? ["--groups", String(group.gid)] : ["--clear-groups"];
  try {
    await run("setpriv", ["--reuid", String(SANDBOX_UID), "--regid", String(SANDBOX_GID), ...groups, process.execPath, "-e", PROBE, socket ?? ""], { timeout: 15_000 });
  } catch (error) {
    const e = error as { stderr?: string; message?: string };
    return {
      ok: false,
      detail: `as uid ${SANDBOX_UID}${group ? ` with group ${group.gid}` : ""}, Docker cannot be reached: ${(e.stderr?.trim() || e.message || "").slice(0, 200)}`,
      fix: "give the Docker socket's group read and write",
    };
  }
  return {
    ok: true,
    detail: `the server will run as uid ${SANDBOX_UID} (workbench-learner) with the Docker socket's group${group ? ` (${group.gid})` : ""}, which reaches Docker; a root helper keeps the disks and mounts${toOpen.length ? `; at start it gives that uid search (ACL) on ${toOpen.join(", ")}` : ""}`,
  };
}

const hasSetfacl = () =>
  run("setfacl", ["--version"], { timeout: 5_000 }).then(
    () => true,
    () => false,
  );
