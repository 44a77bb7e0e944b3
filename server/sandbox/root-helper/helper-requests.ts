/**
 * The fixed set of requests the server may send to its root helper (./root-helper.ts), and their
 * validation. The server gave up root, so the helper trusts none of it: student ids and engine
 * names must have the shapes the server itself makes, paths must be the folders of DATA_DIR the
 * helper would have chosen itself, owners the sandbox user's; anything else is refused.
 */
import path from "node:path";
import { z } from "zod";
import { ENGINE_DISK_FOLDERS } from "../engine-options";
import { SANDBOX_GID, SANDBOX_UID, isStudentId } from "../../workspace/workspace-path";

/** Docker's container names (and ids): no slash, no leading dot, so a file name in DATA_DIR/disks. */
const ENGINE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
/** What the engine manager passes to releaseAll: `wb-<owner>-`. */
const ENGINE_PREFIX = /^wb-[A-Za-z0-9_-]{1,64}-$/;
/** The engine manager's pool slots (base-36 time and counter). */
const SLOT = /^[a-z0-9]{1,32}$/;
const KNOWN_FOLDERS = new Set<string>(Object.values(ENGINE_DISK_FOLDERS).flatMap((folders) => Object.keys(folders)));

const studentId = z.string().refine(isStudentId, "not a student id");
const engineName = z.string().regex(ENGINE_NAME, "not an engine name");
const slot = z.string().regex(SLOT, "not a pool slot");
const folders = z.array(z.string().refine((f) => KNOWN_FOLDERS.has(f), "not an engine disk folder")).max(KNOWN_FOLDERS.size);
const ticket = z.number().int().positive();

const requestSchema = z.discriminatedUnion("op", [
  z.object({ op: z.literal("workspace.hold"), studentId }),
  z.object({ op: z.literal("workspace.endHold"), holdId: ticket }),
  z.object({ op: z.literal("workspace.release"), studentId }),
  z.object({ op: z.literal("spare.prepare"), engineName, at: z.string() }),
  z.object({ op: z.literal("spare.offer"), studentId, engineName }),
  z.object({ op: z.literal("spare.withdraw"), offerId: ticket }),
  z.object({ op: z.literal("spare.release"), engineName }),
  z.object({ op: z.literal("kept.has"), studentId }),
  z.object({ op: z.literal("kept.students") }),
  z.object({ op: z.literal("kept.remove"), studentId }),
  z.object({ op: z.literal("engineDisk.mount"), engineName, folders, keep: z.object({ studentId, folders }).optional() }),
  z.object({ op: z.literal("engineDisk.release"), engineName }),
  z.object({ op: z.literal("disks.releaseAll"), enginePrefix: z.string().regex(ENGINE_PREFIX, "not an engine prefix") }),
  z.object({ op: z.literal("pool.prepare") }),
  z.object({
    op: z.literal("pool.createSlot"),
    slot,
    uid: z.number().refine((uid): boolean => uid === SANDBOX_UID, "not the sandbox user"),
    gid: z.number().refine((gid): boolean => gid === SANDBOX_GID, "not the sandbox group"),
  }),
  z.object({ op: z.literal("pool.attach"), slot, workspace: z.string() }),
  z.object({ op: z.literal("pool.releaseSlot"), slot }),
  z.object({ op: z.literal("pool.releaseAll") }),
  z.object({ op: z.literal("pool.dispose") }),
]);

export type HelperRequest = z.infer<typeof requestSchema>;
export type HelperOp = HelperRequest["op"];
/** A request's arguments, by operation (what the server's proxies send). */
export type HelperArgs<O extends HelperOp> = Omit<Extract<HelperRequest, { op: O }>, "op">;

/** The folders of DATA_DIR the helper works in (the same the server's CappedStorage and pool would use). */
export interface HelperPaths {
  workspacesDir: string;
  poolMountsDir: string;
}

export function helperPathsOf(dataDir: string): HelperPaths {
  return { workspacesDir: path.join(dataDir, "workspaces"), poolMountsDir: path.join(dataDir, "engine-mounts") };
}

/** A request as the helper may carry it out, or why it is refused. */
export function parseHelperRequest(raw: unknown, paths: HelperPaths): { ok: true; request: HelperRequest } | { ok: false; reason: string } {
  const parsed = requestSchema.safeParse(raw);
  if (!parsed.success) {
    const op = raw && typeof raw === "object" && "op" in raw ? String((raw as { op: unknown }).op).slice(0, 40) : "(none)";
    return { ok: false, reason: `${op}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "request"} ${i.message}`).join("; ")}` };
  }
  const request = parsed.data;
  // A path must be exactly the one the helper would make: a pool slot, or a student's workspace folder.
  if (request.op === "spare.prepare" && !isChildOf(request.at, paths.poolMountsDir, SLOT)) return { ok: false, reason: `spare.prepare: ${JSON.stringify(request.at)} is not a pool slot` };
  if (request.op === "pool.attach" && !isChildOf(request.workspace, paths.workspacesDir, { test: isStudentId })) {
    return { ok: false, reason: `pool.attach: ${JSON.stringify(request.workspace)} is not a student's workspace` };
  }
  return { ok: true, request };
}

function isChildOf(candidate: string, parent: string, name: { test(name: string): boolean }): boolean {
  return path.isAbsolute(candidate) && path.dirname(candidate) === parent && path.normalize(candidate) === candidate && name.test(path.basename(candidate));
}
