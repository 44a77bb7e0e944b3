/** `exec`: a script run in a running container (a compose service's, in a compose step). */
import type { CheckSpecOf } from "../../check-spec";
import type { ExecOutcome } from "../../evidence";
import { composeUpServing } from "../compose-up/serving";
import type { ProbeContext } from "../kind-entry";

export function probeExec(spec: CheckSpecOf<"exec">, { all, sandbox }: ProbeContext): Promise<ExecOutcome> {
  return sandbox.execInContainer({
    container: spec.container,
    script: spec.script,
    user: spec.user,
    tools: spec.tools,
    timeoutMs: spec.timeoutSeconds * 1000,
    composeProject: composeUpServing(spec.container, all)?.project,
  });
}
