/**
 * The root helper: the only part of the workbench that keeps root once the server has dropped to
 * the sandbox user (docs/security.md, "The server's own user"). It owns the learners' capped disks
 * (CappedStorage) and the pool's workspace mounts, and answers the server's requests over the IPC
 * channel it was forked with, and nothing else: every request is validated (./helper-requests.ts)
 * and a refused one is logged. A workspace hold (withWorkspace) keeps the student's workspace lock
 * until the server says its body ended; if the channel closes, every hold is released and the
 * helper exits once the requests under way are done.
 */
import fsp from "node:fs/promises";
import path from "node:path";
import { isAppError } from "../../app-error";
import type { Logger } from "../../logger";
import type { CappedStorage } from "../capped-storage";
import type { PoolMounts } from "../workspace-mounts";
import { parseHelperRequest, type HelperPaths, type HelperRequest } from "./helper-requests";

/** The helper's side of the IPC channel (the forked process's `process`, or a test's fake). */
export interface HelperChannel {
  send(message: HelperReply): void;
  onMessage(listener: (message: unknown) => void): void;
  onClose(listener: () => void): void;
}

export type HelperReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: HelperErrorBody };
/** An error as it crosses the channel: an AppError keeps its code and user message. */
export interface HelperErrorBody {
  message: string;
  code?: string;
  userMessage?: string;
}

export interface RootHelperParts {
  /** Undefined when the disks are not capped (then every disk request is refused). */
  storage: CappedStorage | undefined;
  mounts: PoolMounts;
  paths: HelperPaths;
  log: Logger;
}

/** Serves requests until the channel closes; resolves once every hold is released and every request under way has finished. */
export function serveRootHelper(channel: HelperChannel, parts: RootHelperParts): Promise<void> {
  const { log } = parts;
  const holds = new Map<number, () => void>();
  const offers = new Map<number, () => Promise<boolean>>();
  const underWay = new Set<Promise<unknown>>();
  let nextTicket = 1;
  let closed = false;
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));

  const settle = (id: number, work: Promise<unknown>) => {
    const reply = work.then(
      (value) => channel.send({ id, ok: true, value: value ?? null }),
      (error: unknown) => channel.send({ id, ok: false, error: errorBody(error) }),
    );
    const tracked = reply
      .catch(() => undefined)
      .finally(() => {
        underWay.delete(tracked);
        if (closed && underWay.size === 0) finished();
      });
    underWay.add(tracked);
  };

  const storageOrRefuse = (op: string): CappedStorage => {
    if (!parts.storage) throw new Error(`${op}: the learners' disks are not capped on this host`);
    return parts.storage;
  };

  const carryOut = async (request: HelperRequest): Promise<unknown> => {
    switch (request.op) {
      case "workspace.hold": {
        const storage = storageOrRefuse(request.op);
        const root = path.join(parts.paths.workspacesDir, request.studentId);
        await assertRealFolder(parts.paths.workspacesDir);
        await assertRealFolder(root);
        const holdId = nextTicket++;
        // The answer is sent from inside the hold (mounted, lock taken); the hold ends at workspace.endHold or when the channel closes.
        await new Promise<void>((held, failed) => {
          storage
            .withWorkspace(request.studentId, root, async () => {
              const ended = new Promise<void>((end) => holds.set(holdId, end));
              held();
              if (closed) holds.get(holdId)?.();
              await ended;
            })
            .catch(failed)
            .finally(() => holds.delete(holdId));
        });
        return { holdId };
      }
      case "workspace.endHold":
        holds.get(request.holdId)?.();
        return null;
      case "workspace.release":
        return storageOrRefuse(request.op).releaseWorkspace(request.studentId);
      case "spare.prepare":
        await assertRealFolder(request.at);
        return storageOrRefuse(request.op).prepareSpareWorkspace(request.engineName, request.at);
      case "spare.offer": {
        const withdraw = await storageOrRefuse(request.op).offerSpareWorkspace(request.studentId, request.engineName);
        const offerId = nextTicket++;
        offers.set(offerId, withdraw);
        return { offerId };
      }
      case "spare.withdraw": {
        const withdraw = offers.get(request.offerId);
        offers.delete(request.offerId);
        return withdraw ? withdraw() : false;
      }
      case "spare.release":
        return storageOrRefuse(request.op).releaseSpareWorkspace(request.engineName);
      case "kept.has":
        return storageOrRefuse(request.op).hasKeptEngineData(request.studentId);
      case "kept.students":
        return storageOrRefuse(request.op).keptStudents();
      case "kept.remove":
        return storageOrRefuse(request.op).removeKeptEngineData(request.studentId);
      case "engineDisk.mount":
        return storageOrRefuse(request.op).mountEngineDisk(request.engineName, request.folders, request.keep);
      case "engineDisk.release":
        return storageOrRefuse(request.op).releaseEngineDisk(request.engineName);
      case "disks.releaseAll":
        return storageOrRefuse(request.op).releaseAll(request.enginePrefix);
      case "pool.prepare":
        return parts.mounts.prepare();
      case "pool.createSlot":
        return parts.mounts.createSlot(request.slot, request.uid, request.gid);
      case "pool.attach":
        await assertRealFolder(request.workspace);
        return parts.mounts.attach(request.slot, request.workspace);
      case "pool.releaseSlot":
        return parts.mounts.releaseSlot(request.slot);
      case "pool.releaseAll":
        return parts.mounts.releaseAll();
      case "pool.dispose":
        return parts.mounts.dispose();
    }
  };

  channel.onMessage((message) => {
    const id = (message as { id?: unknown } | null)?.id;
    if (typeof id !== "number" || !Number.isSafeInteger(id)) {
      log.error("root helper: a message without a request id was refused", { message: JSON.stringify(message)?.slice(0, 200) });
      return;
    }
    const parsed = parseHelperRequest(message, parts.paths);
    if (!parsed.ok) {
      log.error("root helper: a request was refused", { reason: parsed.reason });
      channel.send({ id, ok: false, error: { message: `refused by the root helper: ${parsed.reason}` } });
      return;
    }
    settle(id, carryOut(parsed.request));
  });

  channel.onClose(() => {
    closed = true;
    for (const end of holds.values()) end();
    holds.clear();
    offers.clear();
    if (underWay.size === 0) finished();
  });
  return done;
}

/** A folder that is itself a folder (not a link to one): the helper mounts over it as root. */
async function assertRealFolder(dir: string): Promise<void> {
  const stat = await fsp.lstat(dir).catch(() => undefined);
  if (!stat?.isDirectory()) throw new Error(`${dir} is not a folder (a link or missing): refused`);
}

function errorBody(error: unknown): HelperErrorBody {
  if (isAppError(error)) return { message: error.message, code: error.code, userMessage: error.userMessage };
  const e = error as { stderr?: string; message?: string };
  return { message: (e?.stderr?.trim() || e?.message || String(error)).slice(0, 500) };
}
