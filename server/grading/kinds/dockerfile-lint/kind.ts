import type { StaticKindEntry } from "../kind-entry";
import { STEP_FOLDER } from "../needs";
import { judgeDockerfileLint } from "./judge";
import { dockerfileLintSpec } from "./spec";

export const dockerfileLintKind: StaticKindEntry<"dockerfile-lint"> = {
  kind: "dockerfile-lint",
  summary: "The Dockerfile follows the best-practice rules the step requires, with a score",
  phase: "static",
  spec: dockerfileLintSpec,
  judge: judgeDockerfileLint,
  needs: [STEP_FOLDER],
};
