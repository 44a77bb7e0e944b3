/**
 * A full disk during a Check, told as such: a build, script or write that failed with "No space
 * left on device" gets a message naming the disk that is full and what to do, instead of the
 * engine's raw error.
 */
import type { CheckResult } from "../../lib/protocol/messages";
import type { ProbeOutcome } from "./evidence";
import { formatMiB } from "../../lib/format-mib";

/** The learner's capped disks (config WORKSPACE_DISK_MB, ENGINE_DISK_MB), when caps are on. */
export interface DiskLimits {
  workspaceMiB: number;
  engineMiB: number;
}

const DISK_FULL = /no space left on device|\bENOSPC\b|disk quota exceeded|\bEDQUOT\b/i;
const WORKSPACE_PATH = /\/home\/learner\/workspace\b|~\/workspace\b/;
/** Kinds whose writes go to the engine's own disk (images, layers, containers, volumes). */
const ENGINE_KINDS = new Set(["build", "container", "compose-up", "persistence", "packages", "image-config", "wordpress-journey"]);

export function mentionsDiskFull(text: string): boolean {
  return DISK_FULL.test(text);
}

/** Which disk a full-disk error concerns: the workspace when its path shows, the engine for image work. */
export function fullDiskOf(kind: string, text: string): "workspace" | "engine" | "either" {
  if (WORKSPACE_PATH.test(text)) return "workspace";
  return ENGINE_KINDS.has(kind) ? "engine" : "either";
}

export function diskFullMessage(disk: "workspace" | "engine" | "either", limits?: DiskLimits): string {
  const size = (mib: number | undefined) => (mib ? ` (${formatMiB(mib)})` : "");
  const pruneEngine = "remove images, containers and volumes you no longer need (docker system prune -a, docker volume prune)";
  const pruneWorkspace = "delete files you no longer need in ~/workspace";
  if (disk === "engine") return `Your engine's disk${size(limits?.engineMiB)} is full: ${pruneEngine} and try again.`;
  if (disk === "workspace") return `Your workspace${size(limits?.workspaceMiB)} is full: ${pruneWorkspace} and try again.`;
  return `A disk of yours is full (your workspace${size(limits?.workspaceMiB)} or your engine's disk${size(limits?.engineMiB)}): ${pruneWorkspace}, or ${pruneEngine}, and try again.`;
}

/** The result, with its message replaced when the failure came from a full disk; otherwise unchanged. */
export function explainDiskFull(result: CheckResult, outcome: ProbeOutcome | undefined, limits?: DiskLimits): CheckResult {
  if (result.status === "pass" || result.status === "skip" || !outcome) return result;
  const evidence = JSON.stringify(outcome);
  if (!mentionsDiskFull(evidence)) return result;
  return { ...result, message: diskFullMessage(fullDiskOf(outcome.kind, evidence), limits) };
}
