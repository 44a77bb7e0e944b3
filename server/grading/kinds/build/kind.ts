import type { DynamicKindEntry } from "../kind-entry";
import { STEP_FOLDER } from "../needs";
import { judgeBuild, refuseBuild } from "./judge";
import { probeBuild } from "./probe";
import { buildSpec } from "./spec";

export const buildKind: DynamicKindEntry<"build", "build"> = {
  kind: "build",
  summary: "The grader builds the step's image; a failure names the instruction at fault",
  phase: "dynamic",
  spec: buildSpec,
  evidence: "build",
  // A fork bomb in a RUN is refused from the files, before any build starts.
  refuse: refuseBuild,
  probe: probeBuild,
  judge: judgeBuild,
  retries: false,
  needs: [STEP_FOLDER],
};
