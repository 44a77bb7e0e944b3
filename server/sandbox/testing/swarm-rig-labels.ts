/** Labels of the swarm test rig's containers, networks and volumes (./swarm-rig.ts): sandbox labels (role and owner "test") plus the rig's id. */
import { sandboxLabels } from "../labels";

/** Which rig an object belongs to (its id); `removeSwarmRigs` finds them by it. */
export const LABEL_SWARM_RIG = "org.dockerworkbench.swarm-rig";
/** On the rig's network: the host folder shared by its nodes, removed with the rig. */
export const LABEL_SWARM_RIG_SHARED_DIR = "org.dockerworkbench.swarm-rig-shared-dir";

export function swarmRigLabels(rigId: string): Record<string, string> {
  return { ...sandboxLabels("test", "test"), [LABEL_SWARM_RIG]: rigId };
}

/** A filter for listContainers / listNetworks / listVolumes: one rig, or every rig. */
export function swarmRigFilter(rigId?: string): { label: string[] } {
  return { label: ["org.dockerworkbench.managed=true", rigId ? `${LABEL_SWARM_RIG}=${rigId}` : LABEL_SWARM_RIG] };
}
