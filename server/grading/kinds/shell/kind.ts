import type { DynamicKindEntry } from "../kind-entry";
import { STEP_FOLDER } from "../needs";
import { judgeShell } from "./judge";
import { probeShell } from "./probe";
import { shellSpec } from "./spec";

export const shellKind: DynamicKindEntry<"shell", "exec"> = {
  kind: "shell",
  summary: "Escape hatch: a bash script in the student's engine exits and prints as asked",
  phase: "dynamic",
  spec: shellSpec,
  evidence: "exec",
  probe: probeShell,
  judge: judgeShell,
  retries: false,
  needs: [STEP_FOLDER],
};
