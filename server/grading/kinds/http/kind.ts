import type { DynamicKindEntry } from "../kind-entry";
import { STEP_BUILD, STEP_COMPOSE_UP, STEP_CONTAINER, STEP_FOLDER, STEP_SCRIPT } from "../needs";
import { judgeHttp } from "./judge";
import { probeHttp } from "./probe";
import { httpSpec } from "./spec";

export const httpKind: DynamicKindEntry<"http", "http"> = {
  kind: "http",
  summary: "A published port answers over HTTP with the status and body asked",
  phase: "dynamic",
  spec: httpSpec,
  evidence: "http",
  probe: probeHttp,
  judge: judgeHttp,
  retries: true,
  // Whatever started the site: the step's container, its compose project or its script.
  needs: [STEP_FOLDER, STEP_BUILD, STEP_CONTAINER, STEP_COMPOSE_UP, STEP_SCRIPT],
};
