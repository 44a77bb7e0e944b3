/**
 * A full disk during a Check, told as such: a build, script or write that failed with "No space
 * left on device" gets a message naming the disk that is full and what to do, instead of the
 * engine's raw error.
 */
import type { CheckResult } from "../../lib/protocol/messages";
import type { ProbeOutcome } from "./evidence";
import { mibOf, say, type TextRef, type TextValue } from "../../lib/i18n/text-ref";
import { messageFields } from "./judges/check-result";

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

/** The message for a full disk, in the student's language (lib/i18n/texts/grader-texts.ts). */
export function diskFullText(disk: "workspace" | "engine" | "either", limits?: DiskLimits): TextRef {
  const size = (mib: number | undefined): TextValue => (mib ? say("disk.size", { size: mibOf(mib) }) : "");
  if (disk === "engine") return say("disk.engineFull", { size: size(limits?.engineMiB) });
  if (disk === "workspace") return say("disk.workspaceFull", { size: size(limits?.workspaceMiB) });
  return say("disk.eitherFull", { workspaceSize: size(limits?.workspaceMiB), engineSize: size(limits?.engineMiB) });
}

/** The result, with its message replaced when the failure came from a full disk; otherwise unchanged. */
export function explainDiskFull(result: CheckResult, outcome: ProbeOutcome | undefined, limits?: DiskLimits): CheckResult {
  if (result.status === "pass" || result.status === "skip" || !outcome) return result;
  const evidence = JSON.stringify(outcome);
  if (!mentionsDiskFull(evidence)) return result;
  return { ...result, ...messageFields(diskFullText(fullDiskOf(outcome.kind, evidence), limits)) };
}
