/**
 * The builds the class-wide layer cache is seeded with (../sandbox/layer-cache-seed.ts): every build
 * check of every lesson that has a reference solution, built from that solution as a Check builds a
 * student's folder. Lessons without a solution, and --no-cache builds (which use no cache), give none.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import type { Lesson } from "../lessons/load-lessons";
import type { ReferenceBuild } from "../sandbox/layer-cache-seed";

export function referenceBuilds(course: Pick<Lesson, "step" | "folder" | "solutionDir" | "checks">[]): ReferenceBuild[] {
  const builds: ReferenceBuild[] = [];
  for (const lesson of course) {
    if (!lesson.solutionDir) continue;
    for (const check of lesson.checks.checks) {
      if (check.kind !== "build" || check.noCache) continue;
      const build = { step: lesson.step, solutionDir: lesson.solutionDir, folder: lesson.folder, context: check.context, dockerfile: check.dockerfile };
      if (!existsSync(path.join(build.solutionDir, build.folder, build.context, build.dockerfile))) continue;
      if (builds.some((b) => b.folder === build.folder && b.context === build.context && b.dockerfile === build.dockerfile)) continue;
      builds.push(build);
    }
  }
  return builds;
}
