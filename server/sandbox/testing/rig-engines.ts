/**
 * An EngineManager whose engines Swarm places on the rig's workers (the real SwarmPlacement), each
 * student's workspace a folder of the rig's shared folder owned by the learner, as NFS would hold it.
 * Sized so a 2-core worker takes several engines: each node sees all of this machine's cores, and
 * with a whole CPU reserved per engine Swarm rightly refuses a third engine on a node.
 */
import { chownSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { SwarmRig } from "./swarm-rig";
import { createTestEngines } from "./test-engines";
import { ENGINE_IMAGE, LEARNER_GID, LEARNER_UID } from "../engine-options";
import { getHostDocker } from "../host-docker";
import type { EngineManager, EngineManagerOptions } from "../engine-manager";
import { SwarmPlacement } from "../placement/swarm-placement";
import type { Logger } from "../../logger";

export function createRigEngines(rig: SwarmRig, log: Logger, overrides: Partial<EngineManagerOptions> = {}): EngineManager {
  const placement = new SwarmPlacement({ manager: rig.manager.docker, nodeApi: rig.nodeApi, hostDocker: getHostDocker(), image: ENGINE_IMAGE, log, placeTimeoutMs: 120_000 });
  return createTestEngines(rig.sharedDir, {
    placement,
    memoryBytes: 1024 ** 3,
    nanoCpus: 0.25e9,
    readyTimeoutMs: 180_000,
    workspaceHostPath: async (studentId) => {
      const dir = path.join(rig.sharedDir, studentId);
      mkdirSync(dir, { recursive: true });
      chownSync(dir, LEARNER_UID, LEARNER_GID);
      return dir;
    },
    ...overrides,
  });
}
