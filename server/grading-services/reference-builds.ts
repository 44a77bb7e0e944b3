/**
 * The builds the class-wide layer cache is seeded with (../sandbox/layer-cache-seed.ts): every build
 * check of every lesson that has a reference solution, built from that solution as a Check builds a
 * student's folder, and every service that a compose-up check with --build builds from the
 * solution's compose file (as the grader's compose build names them, ../sandbox/compose-up.ts).
 * Lessons without a solution, and --no-cache builds (which use no cache), give none.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Lesson } from "../lessons/load-lessons";
import type { ReferenceBuild } from "../sandbox/layer-cache-seed";
import type { LayerCacheBuild } from "../sandbox/layer-cache-ref";
import { composeBuildServices } from "../sandbox/compose-build-services";

/** The services the reference compose file builds, as `docker-compose up --build` in the step folder builds them. */
function referenceComposeServices(solutionDir: string, folder: string, file: string, project: string) {
  const stepDir = `/${folder}`;
  const composeFile = path.join(solutionDir, folder, file);
  if (!existsSync(composeFile)) return [];
  return composeBuildServices(readFileSync(composeFile, "utf8"), { folder, stepDir, fileDir: path.posix.dirname(path.posix.join(stepDir, file)), project });
}

export function referenceBuilds(course: Pick<Lesson, "step" | "folder" | "solutionDir" | "checks">[]): ReferenceBuild[] {
  const builds: ReferenceBuild[] = [];
  for (const lesson of course) {
    if (!lesson.solutionDir) continue;
    const solutionDir = lesson.solutionDir;
    const add = (build: LayerCacheBuild) => {
      if (!existsSync(path.join(solutionDir, build.folder, build.context, build.dockerfile))) return;
      if (builds.some((b) => b.folder === build.folder && b.context === build.context && b.dockerfile === build.dockerfile)) return;
      builds.push({ step: lesson.step, solutionDir, ...build });
    };
    for (const check of lesson.checks.checks) {
      if (check.kind === "build" && !check.noCache) add({ folder: lesson.folder, context: check.context, dockerfile: check.dockerfile });
      if (check.kind === "compose-up" && check.build) for (const service of referenceComposeServices(solutionDir, lesson.folder, check.file, check.project)) add(service.build);
    }
  }
  return builds;
}
