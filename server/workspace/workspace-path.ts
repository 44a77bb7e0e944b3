/** Where workspaces live and which relative paths the server accepts inside them. */
import path from "node:path";
import { AppError } from "../app-error";
import { say, type TextRef } from "../../lib/i18n/text-ref";
import { getConfig } from "../config";

/**
 * The sandbox's learner user owns what the server writes into a workspace: uid and gid 99000, the
 * host's system user workbench-learner (scripts/ensure-host.sh; WB_LEARNER_UID in scripts/lib.sh).
 */
export const SANDBOX_UID = 99000;
export const SANDBOX_GID = 99000;
/** Before workbench-learner, learners were uid/gid 1000, often a real user of the host: such workspaces are handed over. */
export const LEGACY_SANDBOX_UID = 1000;

const STUDENT_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** Whether `id` has the shape of a student id (what workspaceRoot accepts). */
export const isStudentId = (id: string): boolean => STUDENT_ID.test(id);
export const MAX_PATH_LENGTH = 512;
const MAX_NAME_BYTES = 255;

/** `${DATA_DIR}/workspaces`, or with WB_PLACEMENT=swarm the shared folder every engine node mounts at the same path. */
export function workspacesDir(): string {
  const config = getConfig();
  if (config.WB_PLACEMENT === "swarm" && config.WB_SHARED_WORKSPACES) return config.WB_SHARED_WORKSPACES;
  return path.join(config.DATA_DIR, "workspaces");
}

/** `${DATA_DIR}/workspaces/<studentId>`: the folder bind-mounted into the student's sandbox. */
export function workspaceRoot(studentId: string): string {
  if (!STUDENT_ID.test(studentId)) throw new AppError("bad_request", "Invalid student id.");
  return path.join(workspacesDir(), studentId);
}

/**
 * Splits a path relative to the workspace ("a/b/c") into its names. Refused: absolute paths, "."
 * and ".." segments, empty segments, backslashes, NUL and other control characters, over-long
 * paths or names. `allowRoot` accepts "" (and "/"-free ".") as the workspace itself.
 */
export function splitRelativePath(relPath: string, options: { allowRoot?: boolean } = {}): string[] {
  if (typeof relPath !== "string") throw invalid("(not text)", say("files.why.notText"));
  if (options.allowRoot && (relPath === "" || relPath === ".")) return [];
  if (relPath === "") throw invalid(relPath, say("files.why.empty"));
  if (relPath.length > MAX_PATH_LENGTH) throw invalid(relPath.slice(0, 40) + "…", say("files.why.longerThan", { count: MAX_PATH_LENGTH }));
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(relPath)) throw invalid(relPath, say("files.why.control"));
  if (relPath.includes("\\")) throw invalid(relPath, say("files.why.backslash"));
  if (relPath.startsWith("/")) throw invalid(relPath, say("files.why.absolute"));
  const names = relPath.endsWith("/") ? relPath.slice(0, -1).split("/") : relPath.split("/");
  for (const name of names) {
    if (name === "") throw invalid(relPath, say("files.why.emptyName"));
    if (name === "." || name === "..") throw invalid(relPath, say("files.why.dots"));
    if (Buffer.byteLength(name) > MAX_NAME_BYTES) throw invalid(relPath, say("files.why.nameTooLong"));
  }
  return names;
}

function invalid(relPath: string, why: TextRef): AppError {
  return new AppError("bad_request", say("files.pathNotAllowed", { path: relPath, why }));
}
