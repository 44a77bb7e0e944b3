/**
 * Entry point of the root helper process, forked by the server while it is still root
 * (./start-root-helper.ts): sets up the capped disks and the pool's mounts as the server would,
 * makes the root-owned folders it works in, says it is ready, then serves the server's requests
 * (./root-helper.ts) until the IPC channel closes.
 */
import fsp from "node:fs/promises";
import path from "node:path";
import { getConfig } from "../../config";
import { logger } from "../../logger";
import { CappedStorage } from "../capped-storage";
import { WorkspaceMounts } from "../workspace-mounts";
import { helperPathsOf } from "./helper-requests";
import { serveRootHelper, type HelperChannel, type HelperReply } from "./root-helper";
import type { HelperReady } from "./start-root-helper";

async function main(): Promise<void> {
  // A terminal's Ctrl+C reaches the whole process group: the helper waits for the server's clean-up, then for the channel to close.
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => undefined);
  const send = (message: HelperReply | HelperReady) => {
    if (process.connected) process.send?.(message);
  };
  const config = getConfig();
  const log = logger.child({ area: "root-helper" });
  const paths = helperPathsOf(config.DATA_DIR);
  // Made by root before the server drops: the server (which may write in DATA_DIR) cannot put a link in their place.
  for (const dir of ["disks", "engine-disks", "engine-mounts"]) await fsp.mkdir(path.join(config.DATA_DIR, dir), { recursive: true, mode: dir === "disks" ? 0o700 : 0o755 });
  const storage = await CappedStorage.fromConfig(config, logger.child({ area: "disks" }));
  const channel: HelperChannel = {
    send,
    onMessage: (listener) => process.on("message", listener),
    onClose: (listener) => process.once("disconnect", listener),
  };
  if (!process.connected) process.exit(0); // the server went while the disks were being set up
  const served = serveRootHelper(channel, { storage, mounts: new WorkspaceMounts(paths.poolMountsDir), paths, log });
  send({ type: "ready", capped: storage ? { limits: storage.limits, keepsEngineData: storage.keepsEngineData } : null });
  log.info("root helper ready", { pid: process.pid, capped: storage !== undefined });
  await served;
  log.info("root helper: the server is gone, every hold released; exiting");
  process.exit(0);
}

main().catch((error: unknown) => {
  logger.error("the root helper could not start", { error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
