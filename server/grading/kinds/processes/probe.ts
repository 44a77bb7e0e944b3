/** `processes`: the processes of a running container, with their owners. */
import type { CheckSpecOf } from "../../check-spec";
import type { ProcessesOutcome } from "../../evidence";
import type { ProbeContext } from "../kind-entry";

export const probeProcesses = (spec: CheckSpecOf<"processes">, { sandbox }: ProbeContext): Promise<ProcessesOutcome> => sandbox.listProcesses(spec.container);
