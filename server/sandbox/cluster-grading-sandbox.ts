/**
 * The grader's view of a three-node cluster (step 9): everything the engine sandbox does, on the
 * manager node1 (where the workspace is mounted), plus the `swarm` evidence. On the student's own
 * cluster (their Check) it reads what they built; on a cluster the grader started for a grade
 * that counts, prepareSwarm first forms the swarm and deploys the student's stack itself.
 */
import type { SwarmRequest, SwarmSetupRequest } from "../grading/grading-sandbox";
import type { SwarmOutcome } from "../grading/evidence";
import type { SwarmActionFacts } from "../grading/swarm/swarm-evidence";
import type { LearnerCluster } from "./cluster-manager";
import type { BuildGate } from "./build-slots";
import { EngineGradingSandbox } from "./engine-grading-sandbox";
import { clusterSwarmTarget, gatherSwarmEvidence } from "./swarm-evidence";
import { clusterSetupTarget, setUpSwarmForGrading } from "./swarm-setup";

export class ClusterGradingSandbox extends EngineGradingSandbox {
  private actions: SwarmActionFacts[] | undefined;

  constructor(
    private readonly cluster: LearnerCluster,
    workspaceHostPath: string,
    /** Awaited before each image build on the manager node (a slot of the machine node1 runs on), as a single engine's builds are. */
    buildGate?: BuildGate,
  ) {
    super({ ...cluster.manager, studentId: cluster.studentId, fromPool: false }, workspaceHostPath, buildGate);
  }

  inspectSwarm(request: SwarmRequest): Promise<SwarmOutcome> {
    return gatherSwarmEvidence(clusterSwarmTarget(this.cluster, this.actions), request);
  }

  async prepareSwarm(request: SwarmSetupRequest): Promise<void> {
    this.actions = await setUpSwarmForGrading(clusterSetupTarget(this.cluster), request);
  }
}
