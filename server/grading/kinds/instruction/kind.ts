import type { StaticKindEntry } from "../kind-entry";
import { STEP_FOLDER } from "../needs";
import { judgeInstruction } from "./judge";
import { instructionSpec } from "./spec";

export const instructionKind: StaticKindEntry<"instruction"> = {
  kind: "instruction",
  summary: "How many times a Dockerfile instruction appears, optionally with arguments matching a regex",
  phase: "static",
  spec: instructionSpec,
  judge: judgeInstruction,
  needs: [STEP_FOLDER],
};
