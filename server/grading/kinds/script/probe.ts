/** `script`: the step's launch script, run with bash as the student in the step folder. */
import type { CheckSpecOf } from "../../check-spec";
import type { ExecOutcome } from "../../evidence";
import type { ProbeContext } from "../kind-entry";

export function probeScript(spec: CheckSpecOf<"script">, { workspace, sandbox, log, options }: ProbeContext): Promise<ExecOutcome> {
  return sandbox.runScript({
    folder: workspace.folder,
    file: spec.file,
    cleanup: spec.cleanup,
    removeAllContainers: spec.removeAllContainers,
    builds: spec.builds,
    timeoutMs: Math.min(spec.timeoutSeconds * 1000, options.buildTimeoutMs ?? Infinity),
    onLog: log,
  });
}
