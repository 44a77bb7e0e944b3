/** For unit tests of a lesson's static checks: its checks file, its solution, and a static run. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import type { CheckResult } from "../../../lib/protocol/messages";
import { checksFileSchema, type ChecksFile } from "../check-spec";
import { isStaticKind } from "../kinds/registry";
import type { WorkspaceSnapshot } from "../evidence";
import { judgeStatic } from "../judge";

const LESSONS = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../../lessons");

export function loadLessonChecks(lessonSlug: string): ChecksFile {
  return checksFileSchema.parse(parseYaml(readFileSync(path.join(LESSONS, lessonSlug, "checks.yaml"), "utf8")));
}

/** A file of the lesson folder, e.g. ("03-not-root", "solution/3_…/Dockerfile"). */
export function readLessonFile(lessonSlug: string, relativePath: string): string {
  return readFileSync(path.join(LESSONS, lessonSlug, relativePath), "utf8");
}

/** Judges the static checks in file order; a check whose `requires` did not pass is skipped. */
export function judgeStaticChecks(checksFile: ChecksFile, workspace: WorkspaceSnapshot): Map<string, CheckResult> {
  const results = new Map<string, CheckResult>();
  for (const spec of checksFile.checks.filter((c) => isStaticKind(c.kind))) {
    const blocked = spec.requires.some((id) => results.has(id) && results.get(id)!.status !== "pass");
    results.set(spec.id, blocked ? { id: spec.id, title: spec.title, status: "skip", message: "blocked", phase: "static" } : judgeStatic(spec, workspace)!);
  }
  return results;
}

export const staticStatuses = (results: Map<string, CheckResult>): Record<string, string> =>
  Object.fromEntries([...results].map(([id, r]) => [id, r.status]));
