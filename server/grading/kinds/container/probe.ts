/** `container`: the grader runs the step's image under its name and watches it stay up. */
import type { CheckSpecOf } from "../../check-spec";
import type { ContainerOutcome } from "../../evidence";
import type { ProbeContext } from "../kind-entry";

export function probeContainer(spec: CheckSpecOf<"container">, { sandbox, log }: ProbeContext): Promise<ContainerOutcome> {
  return sandbox.runContainer({ name: spec.name, image: spec.image, publish: spec.publish, stableSeconds: spec.stableSeconds, onLog: log });
}
