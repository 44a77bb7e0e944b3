/**
 * The server's engines as graders use them (Submit's GraderEngines), for code that runs in Next's
 * route bundles: the composition root (server/index.ts) provides them once; a route that grades
 * (the teacher's preview runs) takes them from here, so its sandboxes count under the same engine
 * limit and wait in the same queue as every other engine. Kept on globalThis: each bundle loads
 * its own copy of this module.
 */
import { AppError } from "../app-error";
import type { GraderEngines } from "./submit-service";

const HOLDER = Symbol.for("docker-workbench.grader-engines");
type Holder = { [HOLDER]?: GraderEngines };

export function provideGraderEngines(engines: GraderEngines | undefined): void {
  (globalThis as Holder)[HOLDER] = engines;
}

/** The server's engines; a 503 that says so in a process that has none (a build, a test without them). */
export function serverGraderEngines(): GraderEngines {
  const engines = (globalThis as Holder)[HOLDER];
  if (!engines) throw new AppError("engine_unavailable", "This process has no Docker engines to grade with: run the workbench server (npm start).");
  return engines;
}
