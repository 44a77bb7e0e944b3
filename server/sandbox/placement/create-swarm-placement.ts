/** The swarm placement the server uses with WB_PLACEMENT=swarm, from its configuration. */
import type { Config } from "../../config";
import type { Logger } from "../../logger";
import { getHostDocker } from "../host-docker";
import { ENGINE_IMAGE } from "../engine-options";
import { dockerForUrl } from "./node-docker";
import { SwarmPlacement } from "./swarm-placement";

export function createSwarmPlacement(config: Pick<Config, "WB_SWARM_MANAGER">, log: Logger): SwarmPlacement {
  if (!config.WB_SWARM_MANAGER) throw new Error("WB_PLACEMENT=swarm needs WB_SWARM_MANAGER");
  return new SwarmPlacement({ manager: dockerForUrl(config.WB_SWARM_MANAGER), hostDocker: getHostDocker(), image: ENGINE_IMAGE, log });
}
