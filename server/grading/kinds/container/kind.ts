import type { DynamicKindEntry } from "../kind-entry";
import { STEP_BUILD, STEP_FOLDER } from "../needs";
import { judgeContainer } from "./judge";
import { probeContainer } from "./probe";
import { containerSpec } from "./spec";

export const containerKind: DynamicKindEntry<"container", "container"> = {
  kind: "container",
  summary: "The grader runs the step's image and the container stays up",
  phase: "dynamic",
  spec: containerSpec,
  evidence: "container",
  probe: probeContainer,
  judge: judgeContainer,
  retries: false,
  // Its services started when it did (it then stayed up for stableSeconds).
  servicesStartedAt: (spec, outcome, now) => (outcome.started ? now - spec.stableSeconds * 1000 : undefined),
  needs: [STEP_FOLDER, STEP_BUILD],
};
