/**
 * Step 9 where the operator has not enabled three-node clusters (WB_CLUSTER_MODE=off): the swarm
 * is a one-node swarm in a single engine (rootless engines can init one). Everything the engine
 * sandbox does, plus the `swarm` evidence read from that engine, marked "single-engine" so that
 * the checks needing more nodes say they are not judged here instead of failing. The student's
 * Check reads the swarm they made in their own engine; a grade that counts (Submit, npm run grade)
 * calls prepareSwarm on its fresh engine to form it and deploy the stack first.
 */
import type { SwarmRequest, SwarmSetupRequest } from "../grading/grading-sandbox";
import type { SwarmOutcome } from "../grading/evidence";
import type { SwarmActionFacts } from "../grading/swarm/swarm-evidence";
import type { LearnerEngine } from "./engine-manager";
import type { BuildGate } from "./build-slots";
import { detectIpvs, type IpvsSupport } from "./cluster-manager";
import { EngineGradingSandbox } from "./engine-grading-sandbox";
import { gatherSwarmEvidence } from "./swarm-evidence";
import { setUpSwarmForGrading } from "./swarm-setup";

/** How the messages name the one node. */
export const SINGLE_ENGINE_NODE = "your engine";

export class SingleEngineSwarmSandbox extends EngineGradingSandbox {
  private actions: SwarmActionFacts[] | undefined;
  private ipvs: Promise<IpvsSupport> | undefined;

  constructor(
    private readonly swarmEngine: LearnerEngine,
    workspaceHostPath: string,
    /** Awaited before each image build, as in EngineGradingSandbox. */
    buildGate?: BuildGate,
  ) {
    super(swarmEngine, workspaceHostPath, buildGate);
  }

  async inspectSwarm(request: SwarmRequest): Promise<SwarmOutcome> {
    this.ipvs ??= detectIpvs(this.swarmEngine.container);
    return gatherSwarmEvidence(
      {
        inner: this.swarmEngine.inner,
        ipvs: await this.ipvs,
        place: "single-engine",
        // A rootless engine's swarm address is inside its own network namespace: its published
        // ports answer on the engine container's address, as every other check of the course asks them.
        addressOf: () => this.swarmEngine.ip,
        ...(this.actions ? { actions: this.actions } : {}),
      },
      request,
    );
  }

  async prepareSwarm(request: SwarmSetupRequest): Promise<void> {
    this.actions = await setUpSwarmForGrading({ manager: { name: SINGLE_ENGINE_NODE, container: this.swarmEngine.container, inner: this.swarmEngine.inner }, workers: [] }, request);
  }
}
