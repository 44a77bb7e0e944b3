import type { StaticKindEntry } from "../kind-entry";
import { STEP_FOLDER } from "../needs";
import { judgeBaseImage } from "./judge";
import { baseImageSpec } from "./spec";

export const baseImageKind: StaticKindEntry<"base-image"> = {
  kind: "base-image",
  summary: "The final stage's FROM names the official image and tag asked",
  phase: "static",
  spec: baseImageSpec,
  judge: judgeBaseImage,
  needs: [STEP_FOLDER],
};
