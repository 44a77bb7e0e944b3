/** `compose-up`: `docker-compose down` then `up -d` of the step's project, as the student. */
import type { CheckSpecOf } from "../../check-spec";
import type { ComposeUpOutcome } from "../../evidence";
import type { ProbeContext } from "../kind-entry";

export function probeComposeUp(spec: CheckSpecOf<"compose-up">, { workspace, sandbox, log, options }: ProbeContext): Promise<ComposeUpOutcome> {
  return sandbox.composeUp({
    folder: workspace.folder,
    file: spec.file,
    project: spec.project,
    build: spec.build,
    stableSeconds: spec.stableSeconds,
    timeoutMs: Math.min(spec.timeoutSeconds * 1000, options.buildTimeoutMs ?? Infinity),
    onLog: log,
  });
}
