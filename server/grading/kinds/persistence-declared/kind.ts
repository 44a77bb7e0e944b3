import type { StaticKindEntry } from "../kind-entry";
import { STEP_FOLDER } from "../needs";
import { judgePersistenceDeclared } from "./judge";
import { persistenceDeclaredSpec } from "./spec";

export const persistenceDeclaredKind: StaticKindEntry<"persistence-declared"> = {
  kind: "persistence-declared",
  summary: "The paths asked persist: a VOLUME, or a named volume in the documented docker run",
  phase: "static",
  spec: persistenceDeclaredSpec,
  judge: judgePersistenceDeclared,
  needs: [STEP_FOLDER],
};
