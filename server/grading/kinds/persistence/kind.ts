import type { CheckSpecOf } from "../../check-spec";
import type { DynamicKindEntry, Need } from "../kind-entry";
import { STEP_BUILD, STEP_FOLDER } from "../needs";
import { judgePersistence } from "./judge";
import { probePersistence } from "./probe";
import { persistenceSpec } from "./spec";

/** Persistence runs its own containers of the image: only worth it once the step's container of that image stays up. */
const CONTAINER_OF_THE_IMAGE: Need<CheckSpecOf<"persistence">> = {
  kinds: ["container"],
  where: (spec, candidate) => candidate.kind === "container" && candidate.image === spec.image,
  otherwise: "first",
};

export const persistenceKind: DynamicKindEntry<"persistence", "persistence"> = {
  kind: "persistence",
  summary: "Data written by one container is read by a new one on the same named volumes",
  phase: "dynamic",
  spec: persistenceSpec,
  evidence: "persistence",
  probe: probePersistence,
  judge: judgePersistence,
  retries: false,
  needs: [STEP_FOLDER, STEP_BUILD, CONTAINER_OF_THE_IMAGE],
};
