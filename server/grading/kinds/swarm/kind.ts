import type { DynamicKindEntry } from "../kind-entry";
import { STEP_BUILD, STEP_FOLDER } from "../needs";
import { judgeSwarm } from "./judge";
import { probeSwarm } from "./probe";
import { swarmSpec } from "./spec";

export const swarmKind: DynamicKindEntry<"swarm", "swarm"> = {
  kind: "swarm",
  summary: "The student's swarm: its nodes, the deployed stack, replicas, and every task answering",
  phase: "dynamic",
  spec: swarmSpec,
  evidence: "swarm",
  probe: probeSwarm,
  judge: judgeSwarm,
  retries: true,
  needs: [STEP_FOLDER, STEP_BUILD],
};
