/**
 * The grader's view of a student's three-node cluster (step 9): everything the engine sandbox
 * does, on the manager node1 (where the workspace is mounted), plus the `swarm` evidence.
 */
import type { SwarmRequest } from "../grading/grading-sandbox";
import type { SwarmOutcome } from "../grading/evidence";
import type { LearnerCluster } from "./cluster-manager";
import { EngineGradingSandbox } from "./engine-grading-sandbox";
import { gatherSwarmEvidence } from "./swarm-evidence";

export class ClusterGradingSandbox extends EngineGradingSandbox {
  constructor(
    private readonly cluster: LearnerCluster,
    workspaceHostPath: string,
  ) {
    super({ ...cluster.manager, studentId: cluster.studentId, fromPool: false }, workspaceHostPath);
  }

  inspectSwarm(request: SwarmRequest): Promise<SwarmOutcome> {
    return gatherSwarmEvidence(this.cluster, request);
  }
}
