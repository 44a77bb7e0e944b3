import type { DynamicKindEntry } from "../kind-entry";
import { STEP_FOLDER } from "../needs";
import { judgeScript } from "./judge";
import { probeScript } from "./probe";
import { scriptSpec } from "./spec";

export const scriptKind: DynamicKindEntry<"script", "exec"> = {
  kind: "script",
  summary: "The step's own launch script runs to the end as the student",
  phase: "dynamic",
  spec: scriptSpec,
  evidence: "exec",
  probe: probeScript,
  judge: judgeScript,
  retries: false,
  // What the script started is up once it returned.
  servicesStartedAt: (_spec, outcome, now) => (outcome.exitCode === 0 ? now : undefined),
  needs: [STEP_FOLDER],
};
