import type { StaticKindEntry } from "../kind-entry";
import { STEP_FOLDER } from "../needs";
import { judgeStackFile } from "./judge";
import { stackFileSpec } from "./spec";

export const stackFileKind: StaticKindEntry<"stack-file"> = {
  kind: "stack-file",
  summary: "A stack file declares the services, values and deploy settings asked",
  phase: "static",
  spec: stackFileSpec,
  judge: judgeStackFile,
  needs: [STEP_FOLDER],
};
