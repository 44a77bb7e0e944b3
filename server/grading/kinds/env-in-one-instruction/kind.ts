import type { StaticKindEntry } from "../kind-entry";
import { STEP_FOLDER } from "../needs";
import { judgeEnvInOneInstruction } from "./judge";
import { envInOneInstructionSpec } from "./spec";

export const envInOneInstructionKind: StaticKindEntry<"env-in-one-instruction"> = {
  kind: "env-in-one-instruction",
  summary: "The variables asked are all set by one ENV instruction",
  phase: "static",
  spec: envInOneInstructionSpec,
  judge: judgeEnvInOneInstruction,
  needs: [STEP_FOLDER],
};
