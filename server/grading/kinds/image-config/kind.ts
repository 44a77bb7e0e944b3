import type { DynamicKindEntry } from "../kind-entry";
import { STEP_BUILD, STEP_FOLDER } from "../needs";
import { judgeImageConfig } from "./judge";
import { probeImageConfig } from "./probe";
import { imageConfigSpec } from "./spec";

export const imageConfigKind: DynamicKindEntry<"image-config", "image-config"> = {
  kind: "image-config",
  summary: "The built image's Env, User, exposed ports and volumes",
  phase: "dynamic",
  spec: imageConfigSpec,
  evidence: "image-config",
  probe: probeImageConfig,
  judge: judgeImageConfig,
  retries: false,
  needs: [STEP_FOLDER, STEP_BUILD],
};
