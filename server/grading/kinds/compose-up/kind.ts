import type { DynamicKindEntry } from "../kind-entry";
import { STEP_FOLDER } from "../needs";
import { judgeComposeUp } from "./judge";
import { probeComposeUp } from "./probe";
import { composeUpSpec } from "./spec";

export const composeUpKind: DynamicKindEntry<"compose-up", "compose-up"> = {
  kind: "compose-up",
  summary: "docker-compose up of the step's compose file, every service's container staying up",
  phase: "dynamic",
  spec: composeUpSpec,
  evidence: "compose-up",
  probe: probeComposeUp,
  judge: judgeComposeUp,
  retries: false,
  // The project's services started when up returned, then stayed up for stableSeconds.
  servicesStartedAt: (spec, outcome, now) => (outcome.exitCode === 0 ? now - spec.stableSeconds * 1000 : undefined),
  needs: [STEP_FOLDER],
};
