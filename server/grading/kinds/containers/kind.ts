import type { DynamicKindEntry } from "../kind-entry";
import { STEP_BUILD, STEP_FOLDER, STEP_SCRIPT } from "../needs";
import { judgeContainers } from "./judge";
import { probeContainers } from "./probe";
import { containersSpec } from "./spec";

export const containersKind: DynamicKindEntry<"containers", "containers"> = {
  kind: "containers",
  summary: "The containers of the student's engine, found by what they are rather than by name",
  phase: "dynamic",
  spec: containersSpec,
  evidence: "containers",
  probe: probeContainers,
  judge: judgeContainers,
  retries: true,
  needs: [STEP_FOLDER, STEP_BUILD, STEP_SCRIPT],
};
