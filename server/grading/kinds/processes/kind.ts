import type { DynamicKindEntry } from "../kind-entry";
import { COMPOSE_UP_SERVING, NAMED_CONTAINER, STEP_BUILD, STEP_FOLDER } from "../needs";
import { judgeProcesses } from "./judge";
import { probeProcesses } from "./probe";
import { processesSpec } from "./spec";

export const processesKind: DynamicKindEntry<"processes", "processes"> = {
  kind: "processes",
  summary: "What runs in a container (by program, not by name alone), and as which user",
  phase: "dynamic",
  spec: processesSpec,
  evidence: "processes",
  probe: probeProcesses,
  judge: judgeProcesses,
  retries: true,
  needs: [STEP_FOLDER, STEP_BUILD, NAMED_CONTAINER, COMPOSE_UP_SERVING],
};
