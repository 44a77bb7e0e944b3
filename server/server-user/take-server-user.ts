/**
 * Who the server runs as (docs/security.md, "The server's own user"). Started as root (the
 * default of scripts/start.sh and the tests), it forks the root helper, hands its own files in
 * DATA_DIR to the sandbox user, and becomes that user with the Docker socket's group alone; the
 * learners' disks and the pool's mounts are then requests to the helper. Started as another user,
 * it stays that user (disk caps then follow DISK_CAPS's probe). WB_SERVER_USER=root keeps today's
 * root server, with a warning.
 */
import fs from "node:fs";
import path from "node:path";
import type { Config } from "../config";
import type { Logger } from "../logger";
import { CappedStorage } from "../sandbox/capped-storage";
import type { LearnerDisks } from "../sandbox/learner-disks";
import type { PoolMounts } from "../sandbox/workspace-mounts";
import { HelperDisks } from "../sandbox/root-helper/helper-disks";
import { HelperPoolMounts } from "../sandbox/root-helper/helper-pool-mounts";
import { RootHelper } from "../sandbox/root-helper/start-root-helper";
import { SANDBOX_GID, SANDBOX_UID } from "../workspace/workspace-path";
import { dockerSocketGroup, dockerSocketPath } from "./docker-socket-group";
import { dropRoot } from "./drop-root";
import { handDataToServer } from "./hand-data-to-server";
import { handOverLegacyWorkspaces } from "./hand-over-legacy-workspaces";
import { stopRootChildren } from "./root-children";
import { openPassage, type NeededPlace } from "./passage";
import { LESSONS_DIR } from "../lessons/load-lessons";

/** The checkout: the built pages and node_modules the server reads after the drop. */
const APP_ROOT = path.resolve(__dirname, "../..");

/** What the server reads or writes once it is the sandbox user. */
export function neededPlaces(dataDir: string): NeededPlace[] {
  return [
    { path: APP_ROOT, need: "read" },
    { path: LESSONS_DIR, need: "read" },
    { path: dataDir, need: "pass" },
  ];
}

export interface ServerUser {
  /** The learners' capped disks, activated (undefined: not capped). */
  disks: LearnerDisks | undefined;
  /** Who mounts the pool's slots; undefined: this process (root, or the pool stays off). */
  poolMounts: PoolMounts | undefined;
  /** The root helper, when the server dropped root. */
  helper: RootHelper | undefined;
}

type ServerUserConfig = Pick<Config, "DATA_DIR" | "DATABASE_URL" | "WB_SERVER_USER" | "DISK_CAPS" | "WORKSPACE_DISK_MB" | "ENGINE_DISK_MB" | "WB_KEPT_ENGINE_DATA_MAX_GB" | "WB_KEPT_ENGINE_DATA_DAYS">;

export async function takeServerUser(config: ServerUserConfig, log: Logger, disksLog: Logger): Promise<ServerUser> {
  const uid = process.getuid?.();
  const owner = { uid: SANDBOX_UID, gid: SANDBOX_GID };
  // Root gives the sandbox user passage (search only) to the checkout, the course and DATA_DIR where a folder above stops it (a clone under /root).
  const passage = uid === 0 && config.WB_SERVER_USER !== "root" ? openPassage(owner, neededPlaces(config.DATA_DIR)) : undefined;
  if (passage?.granted.length) log.info("the sandbox user may now pass these folders (an ACL entry: search only, for its uid alone), to reach what the server reads", { folders: passage.granted });
  if (uid !== 0 || config.WB_SERVER_USER === "root" || (passage && !passage.ok)) {
    if (uid !== 0) log.info("the server runs as this user (it was not started as root): it keeps it", { uid, gid: process.getgid?.() });
    else if (passage && !passage.ok)
      log.warn(
        "the server keeps root: the sandbox user cannot reach what the server reads; move the checkout out of /root (e.g. /opt), let others pass the folders above it (chmod o+x), or install Debian's acl package",
        {
          reason: passage.reason,
        },
      );
    else log.warn("WB_SERVER_USER=root: the whole server runs as root, so a slip in it can read anything on the host; the default (sandbox) keeps only a small helper as root");
    const disks = (await CappedStorage.fromConfig(config, disksLog))?.activate();
    return { disks, poolMounts: undefined, helper: undefined };
  }
  const socket = dockerSocketPath();
  const group = socket === undefined ? undefined : dockerSocketGroup(socket);
  if (group && "problem" in group) throw new Error(`the server cannot give up root and still reach Docker: ${group.problem} (or set WB_SERVER_USER=root)`);
  const helper = await RootHelper.start(log);
  const capped = helper.ready.capped;
  const disks = capped ? new HelperDisks(helper, capped.limits, capped.keepsEngineData).activate() : undefined;
  const databaseFile = config.DATABASE_URL.startsWith("file:") ? config.DATABASE_URL.slice("file:".length) : undefined;
  const legacy = await handOverLegacyWorkspaces(path.join(config.DATA_DIR, "workspaces"), owner);
  if (legacy.length) log.info("workspaces of the legacy learner uid handed over to the sandbox user (as root, before the drop)", { count: legacy.length });
  const handedOver = handDataToServer(config.DATA_DIR, owner, databaseFile);
  await stopRootChildren(helper.pid);
  dropRoot(owner, group?.gid);
  // Every folder above DATA_DIR must let the server through: said now, not as a failing request later.
  try {
    fs.accessSync(config.DATA_DIR, fs.constants.R_OK | fs.constants.W_OK | fs.constants.X_OK);
  } catch (error) {
    throw new Error(`the server (uid ${owner.uid}) cannot use DATA_DIR ${config.DATA_DIR}: ${(error as Error).message}; every folder above it must be searchable by others (chmod o+x)`, {
      cause: error,
    });
  }
  log.info("the server runs as the sandbox user with the Docker socket's group; only the root helper keeps root", {
    uid: process.getuid?.(),
    gid: process.getgid?.(),
    groups: process.getgroups?.(),
    dockerSocket: socket,
    rootHelper: helper.pid,
    handedOver,
  });
  return { disks, poolMounts: new HelperPoolMounts(helper), helper };
}
