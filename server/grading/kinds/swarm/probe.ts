/** `swarm`: the student's cluster as its manager sees it; without a cluster, an outcome that says so. */
import type { CheckSpecOf } from "../../check-spec";
import type { SwarmOutcome } from "../../evidence";
import type { ProbeContext } from "../kind-entry";

/** Evidence for a `swarm` check graded where there is no cluster (a single engine). */
function noClusterOutcome(): SwarmOutcome {
  return {
    kind: "swarm",
    localState: "",
    isManager: false,
    nodes: [],
    services: [],
    probes: [],
    ipvs: { available: false, evidence: "not asked" },
    error: "The grader had no Docker engine to look at a swarm in, so this check could not run. Press Check again; if it keeps saying this, tell your teacher.",
  };
}

export async function probeSwarm(spec: CheckSpecOf<"swarm">, { sandbox }: ProbeContext): Promise<SwarmOutcome> {
  return sandbox.inspectSwarm ? sandbox.inspectSwarm({ probePath: spec.probe?.path, timeoutMs: spec.timeoutSeconds * 1000 }) : noClusterOutcome();
}
