/** `build`: the grader builds the step's image in the student's engine. */
import type { CheckSpecOf } from "../../check-spec";
import type { BuildOutcome } from "../../evidence";
import type { ProbeContext } from "../kind-entry";

export function probeBuild(spec: CheckSpecOf<"build">, { workspace, sandbox, log, onProgress, options }: ProbeContext): Promise<BuildOutcome> {
  return sandbox.build({
    folder: workspace.folder,
    context: spec.context,
    dockerfile: spec.dockerfile,
    tag: spec.tag,
    noCache: spec.noCache,
    timeoutMs: Math.min(spec.timeoutSeconds * 1000, options.buildTimeoutMs ?? Infinity),
    onLog: log,
    onProgress: (message, fraction) => onProgress?.("build", message, fraction),
  });
}
