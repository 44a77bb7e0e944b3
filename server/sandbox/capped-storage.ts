/**
 * Capped disks for learners: each learner's workspace and each engine's own disk (its home with
 * the inner engine's data root, and its temporary folders) are ext4 filesystems in sparse image
 * files, loop-mounted by the server (root). A full disk is the learner's own "No space left on
 * device"; the host's disk and other learners are untouched. This is the only code that runs
 * mkfs, mount, umount and losetup.
 *
 * - Workspace: DATA_DIR/disks/<student>-workspace.img, mounted over DATA_DIR/workspaces/<student>
 *   from its first use (the editor's or the engine's) and unmounted when the student's engine is
 *   removed, at shutdown and by the start-up reaper; it persists. A plain (uncapped) workspace
 *   from before is moved into its new image on the first mount, and so is anything written into
 *   the folder while it was not mounted (so nothing is ever hidden under the mount).
 * - Spare workspace: DATA_DIR/disks/<pool engine container>-spare.img, a blank workspace disk made
 *   for a pool engine while it waits and mounted where that engine has its workspace. A new student
 *   handed the engine takes it (renamed to their workspace image, see offerSpareWorkspace), so the
 *   hand-over formats nothing; one not taken is deleted with its engine, at shutdown and by the
 *   start-up reaper.
 * - Engine disk: DATA_DIR/disks/<engine container>-engine.img, made fresh for each engine
 *   (like the data volume before it: build cache and images) and deleted with the engine.
 * - Kept engine data (when keptEngineData is set): a student's own engine (never a pool engine
 *   or a cluster node) gets DATA_DIR/disks/kept-engines/<student>.img instead, kept when the
 *   engine goes and mounted again for their next one, so their images and build cache survive
 *   the session (its temporary folders are emptied). Each is capped like any engine disk; the
 *   areas together are held to a total, least recently used deleted first, and those unused
 *   for longer than a time to live go (./kept-engine-data.ts). An area mounted anywhere is in
 *   use: a second engine never gets it (it gets a fresh disk). Its contents are the learner's:
 *   the host only mounts it (nodev,nosuid), and makes, empties or deletes the folders at its
 *   root (root-owned, out of the learner's reach) without following links.
 *
 * Never two loop devices on one image (that corrupts it): an image still attached (e.g. held by a
 * container of a crashed server) is mounted again through its device, which shares the one
 * filesystem. Workspaces are unmounted without force only: while the server has a file open in
 * one, it stays mounted.
 */
import { execFile } from "node:child_process";
import fsp from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { AppError } from "../app-error";
import type { Config } from "../config";
import type { Logger } from "../logger";
import type { DiskLimits } from "../grading/disk-full";
import { ext4ImageMiB, ext4JournalMiB, formatMiB, workspaceUsableMiB } from "./disk-size";
import { parseLosetupJson, parseMountInfo, type LoopDevice, type MountEntry } from "./mount-table";
import { chooseEvictions, type KeptArea, type KeptDataPolicy } from "./kept-engine-data";
import { activateLearnerDisks, activeLearnerDisks, type LearnerDisks } from "./learner-disks";
// Not ./engine-options: the route handlers' bundle loads this module (through the workspace), and only needs the ids.
import { SANDBOX_GID, SANDBOX_UID } from "../workspace/workspace-path";

const execFileAsync = promisify(execFile);
const MiB = 1024 * 1024;
/** discard: blocks freed in the filesystem are freed in the sparse image too, so the host gets them back. */
const MOUNT_OPTIONS = "nodev,nosuid,discard";

async function run(command: string, args: string[]): Promise<string> {
  const { stdout } = await execFileAsync(command, args, { maxBuffer: 16 * MiB });
  return stdout;
}

export interface CappedStorageOptions {
  /** Image files (root only, 0700). */
  disksDir: string;
  /** Mount points of the engines' disks, one folder per engine container. */
  engineMountsDir: string;
  workspaceMiB: number;
  engineMiB: number;
  /** Owner of a new workspace filesystem's root (the sandbox user). */
  workspaceOwner: { uid: number; gid: number };
  log: Logger;
  /** Students' engine data kept between sessions, within these bounds; none (or maxBytes 0): every engine disk is deleted with its engine. */
  keptEngineData?: KeptDataPolicy;
}

/** A student id that is safe as a file name (the cookie's ids are 16 lower-case letters and digits). */
const KEPT_ID = /^[a-z0-9_-]{1,64}$/;
const KEPT_SUFFIX = ".img";
const SPARE_SUFFIX = "-spare.img";

/** A spare workspace disk offered to a student (see offerSpareWorkspace). */
interface SpareOffer {
  engineName: string;
  taken: boolean;
}

export class CappedStorage implements LearnerDisks {
  private readonly locks = new Map<string, Promise<unknown>>();
  /** Students whose kept area an engine of this process holds (mounting, mounted or being released). */
  private readonly keptInUse = new Set<string>();
  /** The spare workspace disk each student's new workspace takes instead of a new image, while offered. */
  private readonly spareOffers = new Map<string, SpareOffer>();

  constructor(readonly options: CappedStorageOptions) {}

  /**
   * Caps on when `mode` is auto or on and this process can create and loop-mount an ext4 image
   * (root, loop devices, mkfs.ext4); otherwise undefined, with a log line that says why and what it
   * means, or (mode on) an error: the server must not start uncapped.
   */
  static async detect(mode: "auto" | "on" | "off", options: CappedStorageOptions): Promise<CappedStorage | undefined> {
    const { log } = options;
    if (mode === "off") {
      log.warn("learner disks are not capped (DISK_CAPS=off): a learner can fill the host's disk from the workspace or the engine");
      const images = (await fsp.readdir(options.disksDir).catch(() => [] as string[])).filter((f) => f.endsWith("-workspace.img"));
      if (images.length) {
        log.error("workspaces made with disk caps on are in their images and stay invisible while DISK_CAPS=off: turn the caps back on", { count: images.length, disksDir: options.disksDir });
      }
      return undefined;
    }
    const storage = new CappedStorage(options);
    const problem = await storage.probe();
    if (problem && mode === "on") {
      throw new Error(`DISK_CAPS=on, but this host cannot loop-mount ext4 images for the learners' disks: ${problem}`);
    }
    if (problem) {
      log.warn("learner disks are not capped: this host cannot loop-mount ext4 images, so a learner can fill the host's disk (set DISK_CAPS=off to accept this)", {
        problem,
      });
      return undefined;
    }
    const free = await fsp.statfs(options.disksDir).then(
      (s) => Math.floor((s.bavail * s.bsize) / MiB),
      () => undefined,
    );
    log.info("learner disks capped", { workspace: formatMiB(options.workspaceMiB), engine: formatMiB(options.engineMiB), disksDir: options.disksDir, hostFreeMiB: free });
    // Images are sparse: the caps are promises the host's disk must be able to keep.
    if (free !== undefined && free < options.engineMiB + options.workspaceMiB) {
      log.warn("the host's free disk space is smaller than one learner's caps: a learner can still fill it", { hostFreeMiB: free });
    }
    return storage;
  }

  /**
   * The server's caps from its configuration (DISK_CAPS, WORKSPACE_DISK_MB, ENGINE_DISK_MB,
   * WB_KEPT_ENGINE_DATA_MAX_GB: unset = a quarter of the size of DATA_DIR's filesystem,
   * WB_KEPT_ENGINE_DATA_DAYS), detected as above.
   */
  static async fromConfig(
    config: Pick<Config, "DATA_DIR" | "DISK_CAPS" | "WORKSPACE_DISK_MB" | "ENGINE_DISK_MB" | "WB_KEPT_ENGINE_DATA_MAX_GB" | "WB_KEPT_ENGINE_DATA_DAYS">,
    log: Logger,
  ): Promise<CappedStorage | undefined> {
    const maxBytes =
      config.WB_KEPT_ENGINE_DATA_MAX_GB !== undefined
        ? Math.floor(config.WB_KEPT_ENGINE_DATA_MAX_GB * 1024 * MiB)
        : await fsp.mkdir(config.DATA_DIR, { recursive: true }).then(
            () => fsp.statfs(config.DATA_DIR).then((s) => Math.floor((s.blocks * s.bsize) / 4)),
            () => 0,
          );
    return CappedStorage.detect(config.DISK_CAPS, {
      disksDir: path.join(config.DATA_DIR, "disks"),
      engineMountsDir: path.join(config.DATA_DIR, "engine-disks"),
      workspaceMiB: config.WORKSPACE_DISK_MB,
      engineMiB: config.ENGINE_DISK_MB,
      workspaceOwner: { uid: SANDBOX_UID, gid: SANDBOX_GID },
      log,
      keptEngineData: { maxBytes, ttlMs: config.WB_KEPT_ENGINE_DATA_DAYS * 24 * 3600_000 },
    });
  }

  /** The sizes, for messages. */
  get limits(): DiskLimits {
    return { workspaceMiB: this.options.workspaceMiB, engineMiB: this.options.engineMiB };
  }

  /** The disks the server activated, if any (this class's, or the root helper's proxy: see ./learner-disks.ts). */
  static active(): LearnerDisks | undefined {
    return activeLearnerDisks();
  }

  /** Makes this instance the one every workspace access in this process goes through. */
  activate(): this {
    activateLearnerDisks(this);
    return this;
  }

  deactivate(): void {
    if (activeLearnerDisks() === this) activateLearnerDisks(undefined);
  }

  /** Creates, mounts, writes and removes a small image. Returns what failed, or undefined. */
  async probe(): Promise<string | undefined> {
    if (process.getuid?.() !== 0) return "the server does not run as root";
    const name = `.probe-${process.pid}`;
    const image = path.join(this.options.disksDir, `${name}.img`);
    const target = path.join(this.options.disksDir, name);
    try {
      await this.prepareDirs();
      await this.createImage(image, 16, { uid: 0, gid: 0 });
      await fsp.mkdir(target, { recursive: true });
      await this.mountImage(image, target);
      await fsp.writeFile(path.join(target, "probe"), "ok");
      await this.unmount(target, { lazy: true });
      return undefined;
    } catch (error) {
      return errorText(error);
    } finally {
      await this.unmount(target, { lazy: true }).catch(() => undefined);
      await fsp.rm(image, { force: true }).catch(() => undefined);
      await fsp.rmdir(target).catch(() => undefined);
    }
  }

  workspaceImage(studentId: string): string {
    return path.join(this.options.disksDir, `${studentId}-workspace.img`);
  }

  spareWorkspaceImage(engineName: string): string {
    return path.join(this.options.disksDir, `${engineName}${SPARE_SUFFIX}`);
  }

  engineImage(engineName: string): string {
    return path.join(this.options.disksDir, `${engineName}-engine.img`);
  }

  engineMountPoint(engineName: string): string {
    return path.join(this.options.engineMountsDir, engineName);
  }

  /** Whether students' engine data is kept between sessions at all. */
  get keepsEngineData(): boolean {
    return (this.options.keptEngineData?.maxBytes ?? 0) > 0;
  }

  private get keptDir(): string {
    return path.join(this.options.disksDir, "kept-engines");
  }

  /** The image of the student's kept engine data; undefined for an id that is not a safe file name. */
  keptEngineImage(studentId: string): string | undefined {
    return KEPT_ID.test(studentId) ? path.join(this.keptDir, `${studentId}${KEPT_SUFFIX}`) : undefined;
  }

  /** Whether the student has engine data kept from an earlier session. */
  async hasKeptEngineData(studentId: string): Promise<boolean> {
    const image = this.keptEngineImage(studentId);
    return this.keepsEngineData && image !== undefined && (await isRegularFile(image));
  }

  /**
   * Mounts the student's capped workspace at `root` (a folder that exists) unless it is mounted,
   * creating its image (and moving a plain workspace's files in) the first time, then runs
   * `body` before any unmount can happen (open the folder there: an open file keeps it mounted).
   */
  async withWorkspace<T>(studentId: string, root: string, body: () => Promise<T>): Promise<T> {
    return this.locked(`workspace:${studentId}`, async () => {
      await this.mountWorkspace(studentId, root);
      return body();
    });
  }

  /**
   * A blank workspace disk for the pool engine `engineName`, made while the engine waits for a
   * student: formatted as a new student's (same size, owner and mode) and mounted at `at`, the
   * folder that engine mounts as its workspace. Replaces a leftover of the same name.
   */
  prepareSpareWorkspace(engineName: string, at: string): Promise<void> {
    return this.locked(`spare:${engineName}`, async () => {
      const began = Date.now();
      const image = this.spareWorkspaceImage(engineName);
      try {
        await this.releaseSpareWorkspaceUnlocked(engineName);
        await this.prepareDirs();
        await this.createImage(image, this.options.workspaceMiB, this.options.workspaceOwner);
        await this.mountImage(image, at);
        await fsp.rm(path.join(at, "lost+found"), { recursive: true, force: true });
        await fsp.chmod(at, 0o700);
      } catch (error) {
        this.options.log.error("could not make a spare workspace disk for a pool engine", { engine: engineName, error: errorText(error) });
        await this.releaseSpareWorkspaceUnlocked(engineName).catch(() => undefined);
        throw error;
      }
      this.options.log.info("spare workspace disk ready", { engine: engineName, size: formatMiB(this.options.workspaceMiB), ms: Date.now() - began });
    });
  }

  /**
   * Until the returned function is called, the student's workspace, if it has to be made, is the
   * spare disk of `engineName` (see prepareSpareWorkspace) instead of a new image: renamed to
   * theirs, so it is already formatted and already mounted in that engine. A workspace that exists
   * stays theirs. The function withdraws the offer and tells whether the spare was taken.
   */
  async offerSpareWorkspace(studentId: string, engineName: string): Promise<() => Promise<boolean>> {
    const offer: SpareOffer = { engineName, taken: false };
    this.spareOffers.set(studentId, offer);
    return async () => {
      if (this.spareOffers.get(studentId) === offer) this.spareOffers.delete(studentId);
      return offer.taken;
    };
  }

  /** Unmounts and deletes a pool engine's spare workspace disk if nobody took it (after its container is gone). Repeatable. */
  releaseSpareWorkspace(engineName: string): Promise<void> {
    return this.locked(`spare:${engineName}`, () => this.releaseSpareWorkspaceUnlocked(engineName));
  }

  private async releaseSpareWorkspaceUnlocked(engineName: string): Promise<void> {
    const image = this.spareWorkspaceImage(engineName);
    // A spare a student took has their image's name now: nothing here matches it.
    const [mounts, loops] = await Promise.all([readMounts(), listLoopDevices()]);
    for (const mountPoint of new Set(
      mountsOfImage(image, mounts, loops)
        .map((m) => m.mountPoint)
        .reverse(),
    )) {
      await this.unmount(mountPoint, { lazy: false }).catch(() => this.unmount(mountPoint, { lazy: true }));
    }
    const held = await waitForDetach(image, 3_000);
    for (const device of held) await run("losetup", ["-d", device]).catch(() => undefined);
    const existed = await fsp.rm(image).then(
      () => true,
      () => false,
    );
    if (existed) this.options.log.info("spare workspace disk removed", { engine: engineName });
  }

  /** Renames the spare disk offered to the student to their workspace image (under the student's workspace lock); false when none is offered or it is gone. */
  private async takeOfferedSpare(studentId: string, image: string): Promise<boolean> {
    const offer = this.spareOffers.get(studentId);
    if (!offer) return false;
    this.spareOffers.delete(studentId);
    return this.locked(`spare:${offer.engineName}`, async () => {
      const spare = this.spareWorkspaceImage(offer.engineName);
      // The student's image does not exist (checked under their lock): the rename replaces nothing. Its loop device follows the new name.
      offer.taken = await fsp.rename(spare, image).then(
        () => true,
        () => false,
      );
      return offer.taken;
    });
  }

  /** Unmounts the student's workspace wherever it is mounted, unless in use (then it stays). Repeatable. */
  releaseWorkspace(studentId: string): Promise<void> {
    return this.locked(`workspace:${studentId}`, async () => {
      try {
        const image = this.workspaceImage(studentId);
        const [mounts, loops] = await Promise.all([readMounts(), listLoopDevices()]);
        for (const mount of mountsOfImage(image, mounts, loops).reverse()) {
          try {
            await this.unmount(mount.mountPoint, { lazy: false });
          } catch (error) {
            this.options.log.info("workspace still in use: it stays mounted", { studentId, mountPoint: mount.mountPoint, error: errorText(error) });
          }
        }
      } catch (error) {
        this.options.log.error("could not release a workspace's disk", { studentId, error: errorText(error) });
      }
    });
  }

  /**
   * A capped disk for an engine container with the given folders, mounted at
   * engineMountPoint(name), which it returns; replaces a leftover of the same name. Fresh and
   * deleted with the engine, unless `keep` names the student whose engine this is and kept
   * engine data is on: then the student's kept area, made the first time and mounted again
   * later with only `keep.folders` kept (the others emptied); a fresh disk when their area is
   * in use elsewhere or cannot be mounted.
   */
  mountEngineDisk(engineName: string, folders: readonly string[], keep?: { studentId: string; folders: readonly string[] }): Promise<string> {
    return this.locked(`engine:${engineName}`, async () => {
      const began = Date.now();
      const target = this.engineMountPoint(engineName);
      let kept: { studentId: string; image: string } | undefined;
      try {
        await this.releaseEngineDiskUnlocked(engineName);
        await this.prepareDirs();
        kept = keep && (await this.claimKeptArea(keep.studentId, engineName));
        const image = kept?.image ?? this.engineImage(engineName);
        await fsp.mkdir(target, { recursive: true, mode: 0o755 });
        const reused = kept !== undefined && (await this.mountKeptImage(image, target, engineName));
        if (!reused) {
          await this.createImage(image, this.options.engineMiB, { uid: 0, gid: 0 });
          await this.mountImage(image, target);
        }
        await fsp.rm(path.join(target, "lost+found"), { recursive: true, force: true });
        for (const folder of folders) {
          const at = path.join(target, folder);
          // Never followed: fs.rm removes a link itself, not what it points to.
          if (reused && !(keep?.folders.includes(folder) && (await isDirectory(at)))) await fsp.rm(at, { recursive: true, force: true });
          if (!(await isDirectory(at))) await fsp.mkdir(at, { mode: 0o755 });
        }
        if (kept) this.options.log.info(reused ? "kept engine data mounted again" : "kept engine data created", { engine: engineName, studentId: kept.studentId });
      } catch (error) {
        this.options.log.error("could not create an engine's disk", { engine: engineName, error: errorText(error) });
        await this.releaseEngineDiskUnlocked(engineName).catch(() => undefined);
        if (kept) this.keptInUse.delete(kept.studentId);
        throw new AppError("engine_unavailable", "Your engine's disk could not be prepared. Try again in a moment; if it persists, tell your teacher.", { cause: error });
      }
      this.options.log.info("engine disk ready", { engine: engineName, size: formatMiB(this.options.engineMiB), kept: kept !== undefined, ms: Date.now() - began });
      return target;
    });
  }

  /** The student's kept area for this engine, marked in use; undefined when keeping is off, the id unsafe, or the area busy. */
  private async claimKeptArea(studentId: string, engineName: string): Promise<{ studentId: string; image: string } | undefined> {
    const image = this.keptEngineImage(studentId);
    if (!this.keepsEngineData || !image) return undefined;
    // Under the area's lock, as eviction's check and delete: an area is either claimed or deleted.
    return this.locked(`kept:${studentId}`, async () => {
      const [mounts, loops] = await Promise.all([readMounts(), listLoopDevices()]);
      if (this.keptInUse.has(studentId) || mountsOfImage(image, mounts, loops).length) {
        this.options.log.warn("a student's kept engine data is in use by another engine: this one gets a fresh disk", { engine: engineName, studentId });
        return undefined;
      }
      this.keptInUse.add(studentId);
      await fsp.mkdir(this.keptDir, { recursive: true, mode: 0o700 });
      return { studentId, image };
    });
  }

  /** Mounts an existing kept image; false when there is none (or it is not a plain file, or is damaged: then it is deleted). */
  private async mountKeptImage(image: string, target: string, engineName: string): Promise<boolean> {
    const stat = await fsp.lstat(image).catch(() => undefined);
    if (!stat) return false;
    if (stat.isFile()) {
      try {
        await this.mountImage(image, target);
        return true;
      } catch (error) {
        this.options.log.error("a student's kept engine data could not be mounted: it is deleted and the engine starts with a fresh disk", { engine: engineName, error: errorText(error) });
      }
    }
    await fsp.rm(image, { force: true });
    return false;
  }

  /**
   * Deletes kept areas unused beyond the time to live, then the least recently used until their
   * total fits (never one in use), and anything else in their folder. Returns the students whose
   * data went.
   */
  async evictKeptEngineData(nowMs = Date.now()): Promise<string[]> {
    const policy = this.options.keptEngineData;
    const entries = await fsp.readdir(this.keptDir).catch(() => [] as string[]);
    if (!entries.length) return [];
    const [mounts, loops] = await Promise.all([readMounts(), listLoopDevices()]);
    const areas: KeptArea[] = [];
    for (const entry of entries) {
      const file = path.join(this.keptDir, entry);
      const studentId = entry.endsWith(KEPT_SUFFIX) ? entry.slice(0, -KEPT_SUFFIX.length) : "";
      const stat = await fsp.lstat(file).catch(() => undefined);
      if (!stat) continue;
      if (!stat.isFile() || !KEPT_ID.test(studentId)) {
        await fsp.rm(file, { recursive: true, force: true });
        continue;
      }
      const inUse = this.keptInUse.has(studentId) || mountsOfImage(file, mounts, loops).length > 0;
      areas.push({ studentId, lastUsedMs: stat.mtimeMs, bytes: stat.blocks * 512, inUse });
    }
    const evictions = chooseEvictions(areas, policy ?? { maxBytes: 0, ttlMs: 0 }, nowMs);
    const deleted: string[] = [];
    for (const { area, reason } of evictions) {
      const gone = await this.locked(`kept:${area.studentId}`, async () => {
        if (this.keptInUse.has(area.studentId)) return false; // claimed since it was listed
        await fsp.rm(path.join(this.keptDir, `${area.studentId}${KEPT_SUFFIX}`), { force: true });
        return true;
      });
      if (!gone) continue;
      deleted.push(area.studentId);
      this.options.log.info("kept engine data deleted", { studentId: area.studentId, reason, bytes: area.bytes, lastUsed: new Date(area.lastUsedMs).toISOString() });
    }
    return deleted;
  }

  /** Deletes the kept areas of students `isKnown` denies (deleted students). Returns how many. */
  async removeKeptEngineDataOfUnknown(isKnown: (studentId: string) => Promise<boolean>): Promise<number> {
    let removed = 0;
    for (const studentId of await this.keptStudents()) {
      if (!(await isKnown(studentId)) && (await this.removeKeptEngineData(studentId))) removed++;
    }
    return removed;
  }

  /** The students who have kept engine data (their ids, safe as file names). */
  async keptStudents(): Promise<string[]> {
    const entries = await fsp.readdir(this.keptDir).catch(() => [] as string[]);
    return entries.flatMap((entry) => {
      const studentId = entry.endsWith(KEPT_SUFFIX) ? entry.slice(0, -KEPT_SUFFIX.length) : "";
      return KEPT_ID.test(studentId) ? [studentId] : [];
    });
  }

  /** Deletes a student's kept engine data (their account is deleted); false while an engine holds it. */
  async removeKeptEngineData(studentId: string): Promise<boolean> {
    const image = this.keptEngineImage(studentId);
    if (!image) return false;
    return this.locked(`kept:${studentId}`, async () => {
      const [mounts, loops] = await Promise.all([readMounts(), listLoopDevices()]);
      if (this.keptInUse.has(studentId) || mountsOfImage(image, mounts, loops).length) return false;
      const existed = await isRegularFile(image);
      await fsp.rm(image, { force: true });
      if (existed) this.options.log.info("kept engine data deleted", { studentId, reason: "student deleted" });
      return true;
    });
  }

  /** Unmounts and deletes an engine's disk (after its container and volumes are gone). Repeatable. */
  releaseEngineDisk(engineName: string): Promise<void> {
    return this.locked(`engine:${engineName}`, () => this.releaseEngineDiskUnlocked(engineName));
  }

  /**
   * What an earlier process left (a crash) or this one still holds (shutdown): the disks of the
   * engines whose names start with `enginePrefix` (their containers must be gone; students' kept
   * areas are unmounted and kept, the others deleted), and every workspace mount that is not in use.
   */
  async releaseAll(enginePrefix: string): Promise<void> {
    const names = new Set<string>();
    for (const file of await fsp.readdir(this.options.disksDir).catch(() => [] as string[])) {
      if (file.endsWith("-engine.img") && file.startsWith(enginePrefix)) names.add(file.slice(0, -"-engine.img".length));
    }
    for (const dir of await fsp.readdir(this.options.engineMountsDir).catch(() => [] as string[])) {
      if (dir.startsWith(enginePrefix)) names.add(dir);
    }
    for (const name of names) await this.releaseEngineDisk(name).catch((error: unknown) => this.options.log.error("could not release an engine's disk", { engine: name, error: errorText(error) }));
    for (const file of await fsp.readdir(this.options.disksDir).catch(() => [] as string[])) {
      if (!file.endsWith(SPARE_SUFFIX) || !file.startsWith(enginePrefix)) continue;
      const name = file.slice(0, -SPARE_SUFFIX.length);
      await this.releaseSpareWorkspace(name).catch((error: unknown) => this.options.log.error("could not remove a spare workspace disk", { engine: name, error: errorText(error) }));
    }
    for (const file of await fsp.readdir(this.options.disksDir).catch(() => [] as string[])) {
      if (file.endsWith("-workspace.img")) await this.releaseWorkspace(file.slice(0, -"-workspace.img".length));
    }
    // Kept engine data stays (it is no engine's any more), within its bounds: the time to live counts while the server was down.
    await this.evictKeptEngineData().catch((error: unknown) => this.options.log.error("could not hold the kept engine data to its bounds", { error: errorText(error) }));
  }

  private async releaseEngineDiskUnlocked(engineName: string): Promise<void> {
    const image = this.engineImage(engineName);
    const target = this.engineMountPoint(engineName);
    const [mounts, loops] = await Promise.all([readMounts(), listLoopDevices()]);
    const atTarget = mounts.filter((m) => m.mountPoint === target);
    const keptImage = await keptImageOf(atTarget, this.keptDir);
    if (keptImage) {
      await this.releaseKeptImage(keptImage, mountsOfImage(keptImage, mounts, loops), engineName);
      return;
    }
    const mounted = [...mountsOfImage(image, mounts, loops), ...atTarget];
    for (const mountPoint of new Set(mounted.map((m) => m.mountPoint).reverse())) {
      // The engine is gone: nothing of it is worth keeping, so a busy mount is detached lazily.
      await this.unmount(mountPoint, { lazy: false }).catch(() => this.unmount(mountPoint, { lazy: true }));
    }
    // The loop device goes once nothing holds the filesystem (e.g. Docker's own mount of a volume, briefly).
    const held = await waitForDetach(image, 3_000);
    if (held.length) {
      this.options.log.warn("engine disk still held after unmounting: its loop device goes when the last user does", { engine: engineName, devices: held });
      for (const device of held) await run("losetup", ["-d", device]).catch(() => undefined);
    }
    const existed = await fsp.rm(image).then(
      () => true,
      () => false,
    );
    await fsp.rmdir(target).catch(() => undefined);
    if (existed) this.options.log.info("engine disk removed", { engine: engineName });
  }

  /** Unmounts a student's kept area and keeps it (its time of last use is now), then holds the kept areas to their bounds. */
  private async releaseKeptImage(image: string, mounted: MountEntry[], engineName: string): Promise<void> {
    const studentId = path.basename(image, KEPT_SUFFIX);
    const target = this.engineMountPoint(engineName);
    for (const mountPoint of new Set([...mounted.map((m) => m.mountPoint).reverse(), target])) {
      await this.unmount(mountPoint, { lazy: false }).catch(() => this.unmount(mountPoint, { lazy: true }));
    }
    const held = await waitForDetach(image, 3_000);
    for (const device of held) await run("losetup", ["-d", device]).catch(() => undefined);
    await fsp.rmdir(target).catch(() => undefined);
    const now = new Date();
    await fsp.utimes(image, now, now).catch(() => undefined);
    // Still attached (a lazy unmount): a next mount goes through the same device, so one filesystem is never opened twice.
    if (held.length) this.options.log.warn("kept engine data still held after unmounting: its loop device goes when the last user does", { engine: engineName, devices: held });
    this.keptInUse.delete(studentId);
    this.options.log.info("engine disk kept for the student's next session", { engine: engineName, studentId });
    await this.evictKeptEngineData().catch((error: unknown) => this.options.log.error("could not hold the kept engine data to its bounds", { error: errorText(error) }));
  }

  private async mountWorkspace(studentId: string, root: string): Promise<void> {
    const log = this.options.log.child({ studentId });
    const image = this.workspaceImage(studentId);
    // The usual case, on every file the editor opens: mounted already (read from /proc and /sys, no process started).
    const top = (await readMounts()).filter((m) => m.mountPoint === root).at(-1);
    if (top && (await loopBackingFile(top.source)) === image) return;
    const began = Date.now();
    await this.prepareDirs();
    const leftover = await fsp.readdir(root);
    let created = false;
    let spare = false;
    if (!(await exists(image))) spare = leftover.length === 0 && (await this.takeOfferedSpare(studentId, image));
    if (!spare && !(await exists(image))) {
      const existingBytes = leftover.length ? await allocatedBytes(root) : 0;
      const usableMiB = workspaceUsableMiB(this.options.workspaceMiB, existingBytes);
      if (usableMiB > this.options.workspaceMiB) log.warn("workspace holds more than its cap: its disk is made larger so nothing is lost", { existingBytes, usableMiB });
      await this.createImage(image, usableMiB, this.options.workspaceOwner);
      created = true;
    }
    if (created || leftover.length) {
      // Move what is in the plain folder (a workspace from before the caps, or written while unmounted) into the image.
      try {
        await this.moveIntoImage(image, root, studentId);
      } catch (error) {
        if (created) await fsp.rm(image, { force: true });
        log.error("could not move a workspace into its capped disk: it stays an uncapped folder", { error: errorText(error) });
        return;
      }
    }
    await this.mountImage(image, root);
    log.info("workspace mounted", { size: formatMiB(this.options.workspaceMiB), created, spare, moved: leftover.length, ms: Date.now() - began });
  }

  /** Mounts the image at a staging folder, copies the plain folder's entries in, then empties the folder. */
  private async moveIntoImage(image: string, root: string, studentId: string): Promise<void> {
    const staging = path.join(this.options.disksDir, ".staging", studentId);
    await fsp.mkdir(staging, { recursive: true, mode: 0o700 });
    try {
      await this.mountImage(image, staging);
      await fsp.rm(path.join(staging, "lost+found"), { recursive: true, force: true });
      const entries = await fsp.readdir(root);
      // As root, without following links (-a = -dR --preserve=all), the folder's own owner and mode
      // included; what was written while unmounted is newer than the image's copies.
      await run("cp", ["-a", "--", `${root}/.`, `${staging}/`]);
      for (const entry of entries) await fsp.rm(path.join(root, entry), { recursive: true, force: true });
    } finally {
      await this.unmount(staging, { lazy: false }).catch(() => this.unmount(staging, { lazy: true }));
      await fsp.rmdir(staging).catch(() => undefined);
    }
  }

  private async prepareDirs(): Promise<void> {
    await fsp.mkdir(this.options.disksDir, { recursive: true, mode: 0o700 });
    await fsp.chmod(this.options.disksDir, 0o700);
    await fsp.mkdir(this.options.engineMountsDir, { recursive: true, mode: 0o755 });
  }

  /** A sparse file with an empty ext4 filesystem offering about `usableMiB` (no reserved blocks), its root owned by `owner`. */
  private async createImage(image: string, usableMiB: number, owner: { uid: number; gid: number }): Promise<void> {
    const handle = await fsp.open(image, "wx", 0o600);
    try {
      await handle.truncate(ext4ImageMiB(usableMiB) * MiB);
    } finally {
      await handle.close();
    }
    try {
      const extended = `root_owner=${owner.uid}:${owner.gid},lazy_itable_init=1,lazy_journal_init=1`;
      await run("mkfs.ext4", ["-q", "-F", "-T", "default", "-m", "0", "-J", `size=${ext4JournalMiB(usableMiB)}`, "-E", extended, image]);
    } catch (error) {
      await fsp.rm(image, { force: true });
      throw error;
    }
    this.options.log.info("disk image created", { image: path.basename(image), size: formatMiB(usableMiB) });
  }

  /** Mounts the image at `target`; through its loop device when one is still attached (never a second one). */
  private async mountImage(image: string, target: string): Promise<void> {
    const attached = await attachedLoopDevice(image);
    if (attached) await run("mount", ["-t", "ext4", "-o", MOUNT_OPTIONS, attached.name, target]);
    else await run("mount", ["-t", "ext4", "-o", `loop,${MOUNT_OPTIONS}`, image, target]);
    this.options.log.info("disk mounted", { image: path.basename(image), target, device: attached?.name ?? "new loop device" });
  }

  private async unmount(target: string, { lazy }: { lazy: boolean }): Promise<void> {
    if (!(await readMounts()).some((m) => m.mountPoint === target)) return;
    await run("umount", lazy ? ["-l", target] : [target]);
    this.options.log.info("disk unmounted", { target, lazy });
  }

  /** Runs `body` after every earlier call with the same key has finished. */
  private locked<T>(key: string, body: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(body);
    const settled = next.catch(() => undefined);
    this.locks.set(key, settled);
    void settled.then(() => {
      if (this.locks.get(key) === settled) this.locks.delete(key);
    });
    return next;
  }
}

/** The mounts (host view) of the filesystem in `image`: those whose device is a loop device backed by it. */
function mountsOfImage(image: string, mounts: MountEntry[], loops: LoopDevice[]): MountEntry[] {
  const devices = new Set(loops.filter((d) => d.backingFile === image).map((d) => d.name));
  return mounts.filter((m) => devices.has(m.source));
}

async function readMounts(): Promise<MountEntry[]> {
  return parseMountInfo(await fsp.readFile("/proc/self/mountinfo", "utf8"));
}

/** The image behind a loop device (/dev/loopN), from sysfs; undefined for anything else. */
async function loopBackingFile(device: string): Promise<string | undefined> {
  const name = /^\/dev\/(loop\d+)$/.exec(device)?.[1];
  if (!name) return undefined;
  return fsp.readFile(`/sys/block/${name}/loop/backing_file`, "utf8").then(
    (text) => text.trim(),
    () => undefined,
  );
}

/**
 * The loop device attached to `image`, if any: from sysfs, with no process started (a pool
 * hand-over mounts a disk made ahead through it, under load); from losetup where sysfs cannot say.
 */
async function attachedLoopDevice(image: string): Promise<LoopDevice | undefined> {
  const names = await fsp.readdir("/sys/block").catch(() => undefined);
  if (!names) return (await listLoopDevices()).find((d) => d.backingFile === image);
  const loops = await Promise.all(names.filter((n) => /^loop\d+$/.test(n)).map(async (n) => ({ name: `/dev/${n}`, backingFile: (await loopBackingFile(`/dev/${n}`)) ?? "" })));
  return loops.find((d) => d.backingFile === image);
}

async function listLoopDevices(): Promise<LoopDevice[]> {
  return parseLosetupJson(await run("losetup", ["--list", "--json", "--output", "NAME,BACK-FILE"]));
}

/** Waits up to `timeoutMs` for every loop device backed by `image` to go; returns those still there. */
async function waitForDetach(image: string, timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const held = (await listLoopDevices()).filter((d) => d.backingFile === image || d.backingFile === `${image} (deleted)`).map((d) => d.name);
    if (!held.length || Date.now() > deadline) return held;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The kept image (in keptDir) behind one of these mounts, if any. */
async function keptImageOf(mounts: MountEntry[], keptDir: string): Promise<string | undefined> {
  for (const mount of mounts) {
    const backing = await loopBackingFile(mount.source);
    if (backing && path.dirname(backing) === keptDir) return backing;
  }
  return undefined;
}

const isRegularFile = (file: string) =>
  fsp.lstat(file).then(
    (s) => s.isFile(),
    () => false,
  );

const isDirectory = (file: string) =>
  fsp.lstat(file).then(
    (s) => s.isDirectory(),
    () => false,
  );

async function allocatedBytes(dir: string): Promise<number> {
  const out = await run("du", ["-s", "-x", "-B1", "--", dir]);
  return Number(out.split(/\s/)[0]) || 0;
}

const exists = (file: string) =>
  fsp.access(file).then(
    () => true,
    () => false,
  );

function errorText(error: unknown): string {
  const e = error as { stderr?: string; message?: string };
  return (e?.stderr?.trim() || e?.message || String(error)).slice(0, 500);
}
