import type { StaticKindEntry } from "../kind-entry";
import { STEP_FOLDER } from "../needs";
import { judgeTrailingComments } from "./judge";
import { trailingCommentsSpec } from "./spec";

export const trailingCommentsKind: StaticKindEntry<"trailing-comments"> = {
  kind: "trailing-comments",
  summary: "The Dockerfile ends with comments giving the docker build and run commands",
  phase: "static",
  spec: trailingCommentsSpec,
  judge: judgeTrailingComments,
  needs: [STEP_FOLDER],
};
