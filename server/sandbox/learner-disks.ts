/**
 * What the server asks of the learners' capped disks, whoever does the mounting: CappedStorage in
 * a process that runs as root (tests, CLIs, a server kept as root), or the root helper's proxy in
 * the server that gave up root (./root-helper/helper-disks.ts). The engine manager, the workspace
 * and the Check only see this.
 */
import type { DiskLimits } from "../grading/disk-full";

export interface LearnerDisks {
  /** The sizes, for messages. */
  readonly limits: DiskLimits;
  /** Whether students' engine data is kept between sessions at all. */
  readonly keepsEngineData: boolean;
  /** Mounts the student's capped workspace at `root` (unless mounted), then runs `body` before any unmount can happen. */
  withWorkspace<T>(studentId: string, root: string, body: () => Promise<T>): Promise<T>;
  /** A blank workspace disk for the pool engine `engineName`, mounted at `at` (its slot). */
  prepareSpareWorkspace(engineName: string, at: string): Promise<void>;
  /** Until the returned function is called, the student's new workspace is that engine's spare disk; the function tells whether it was taken. */
  offerSpareWorkspace(studentId: string, engineName: string): Promise<() => Promise<boolean>>;
  releaseSpareWorkspace(engineName: string): Promise<void>;
  releaseWorkspace(studentId: string): Promise<void>;
  hasKeptEngineData(studentId: string): Promise<boolean>;
  /** A capped disk for an engine, with these folders; returns where it is mounted. */
  mountEngineDisk(engineName: string, folders: readonly string[], keep?: { studentId: string; folders: readonly string[] }): Promise<string>;
  releaseEngineDisk(engineName: string): Promise<void>;
  /** What an earlier process left or this one still holds, for engines whose names start with `enginePrefix`. */
  releaseAll(enginePrefix: string): Promise<void>;
  /** Deletes the kept engine data of students `isKnown` denies. Returns how many. */
  removeKeptEngineDataOfUnknown(isKnown: (studentId: string) => Promise<boolean>): Promise<number>;
}

/** Process-wide, so the Next.js route bundles (which load their own copy of this module) use the server's. */
const ACTIVE = Symbol.for("docker-workbench.capped-storage");
type Registry = { [ACTIVE]?: LearnerDisks };

/** The disks every workspace access in this process goes through, if the server activated any. */
export function activeLearnerDisks(): LearnerDisks | undefined {
  return (globalThis as Registry)[ACTIVE];
}

/** Makes `disks` the active ones (undefined: none). */
export function activateLearnerDisks(disks: LearnerDisks | undefined): void {
  if (disks) (globalThis as Registry)[ACTIVE] = disks;
  else delete (globalThis as Registry)[ACTIVE];
}
