/** `shell`: a bash script in the student's engine, in the step folder, with the docker CLI. */
import type { CheckSpecOf } from "../../check-spec";
import type { ExecOutcome } from "../../evidence";
import type { ProbeContext } from "../kind-entry";

export const probeShell = (spec: CheckSpecOf<"shell">, { workspace, sandbox }: ProbeContext): Promise<ExecOutcome> =>
  sandbox.runShell({ folder: workspace.folder, script: spec.script, timeoutMs: spec.timeoutSeconds * 1000 });
