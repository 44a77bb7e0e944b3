import type { DynamicKindEntry } from "../kind-entry";
import { COMPOSE_UP_SERVING, NAMED_CONTAINER, STEP_BUILD, STEP_FOLDER } from "../needs";
import { judgeExec } from "./judge";
import { probeExec } from "./probe";
import { execSpec } from "./spec";

export const execKind: DynamicKindEntry<"exec", "exec"> = {
  kind: "exec",
  summary: "A script run inside a running container exits and prints as asked",
  phase: "dynamic",
  spec: execSpec,
  evidence: "exec",
  probe: probeExec,
  judge: judgeExec,
  retries: true,
  needs: [STEP_FOLDER, STEP_BUILD, NAMED_CONTAINER, COMPOSE_UP_SERVING],
};
