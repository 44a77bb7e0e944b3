import type { StaticKindEntry } from "../kind-entry";
import { STEP_FOLDER } from "../needs";
import { judgeComposeFile } from "./judge";
import { composeFileSpec } from "./spec";

export const composeFileKind: StaticKindEntry<"compose-file"> = {
  kind: "compose-file",
  summary: "The compose file's version, services and what each service holds",
  phase: "static",
  spec: composeFileSpec,
  judge: judgeComposeFile,
  needs: [STEP_FOLDER],
};
