/**
 * Bind mounts that hand a student's workspace to an engine started before the student came (the
 * pool). Pool engines mount an empty slot folder with rslave propagation from a shared parent;
 * claiming a slot bind-mounts the student's folder onto it, which appears inside the running
 * engine (and, through rootlesskit's rslave propagation, in the inner engine too).
 */
import { execFile } from "node:child_process";
import { chown, mkdir, readFile, readdir, rmdir } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

async function isMountPoint(dir: string): Promise<boolean> {
  const mountinfo = await readFile("/proc/self/mountinfo", "utf8");
  return mountinfo.split("\n").some((line) => line.split(" ")[4] === dir);
}

/** What the engine manager asks of the pool's slots (this class, or the root helper's proxy for a server that gave up root). */
export interface PoolMounts {
  prepare(): Promise<void>;
  /** Creates the slot folder, owned by uid:gid; returns its path. */
  createSlot(slot: string, uid: number, gid: number): Promise<string>;
  attach(slot: string, workspace: string): Promise<void>;
  releaseSlot(slot: string): Promise<void>;
  releaseAll(): Promise<void>;
  dispose(): Promise<void>;
}

export class WorkspaceMounts implements PoolMounts {
  constructor(private readonly parent: string) {}

  /** Makes the parent a shared mount point. Throws if this process cannot mount (not root). */
  async prepare(): Promise<void> {
    await mkdir(this.parent, { recursive: true });
    if (!(await isMountPoint(this.parent))) await run("mount", ["--bind", this.parent, this.parent]);
    await run("mount", ["--make-rshared", this.parent]);
  }

  slotPath(slot: string): string {
    return path.join(this.parent, slot);
  }

  async createSlot(slot: string, uid: number, gid: number): Promise<string> {
    const dir = this.slotPath(slot);
    await mkdir(dir, { recursive: true });
    await chown(dir, uid, gid);
    return dir;
  }

  async attach(slot: string, workspace: string): Promise<void> {
    await run("mount", ["--bind", workspace, this.slotPath(slot)]);
  }

  /** Unmounts (if mounted) and removes a slot. Repeatable. */
  async releaseSlot(slot: string): Promise<void> {
    const dir = this.slotPath(slot);
    while (await isMountPoint(dir)) await run("umount", ["-l", dir]);
    await rmdir(dir).catch(() => undefined);
  }

  /** Releases every slot and the shared parent mount itself. */
  async dispose(): Promise<void> {
    await this.releaseAll();
    while (await isMountPoint(this.parent)) await run("umount", ["-l", this.parent]);
  }

  /** Removes every slot left by an earlier process. */
  async releaseAll(): Promise<void> {
    const slots = await readdir(this.parent).catch(() => [] as string[]);
    await Promise.all(slots.map((slot) => this.releaseSlot(slot)));
  }
}
