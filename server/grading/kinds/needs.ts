/** The needs several kinds declare (kind.ts files); dependencies.ts resolves them on a step's checks. */
import type { CheckSpec } from "../check-spec";
import { composeUpServing } from "./compose-up/serving";
import type { Need } from "./kind-entry";

/** The step's first folder check: nothing is worth judging in a folder that is not there. */
export const STEP_FOLDER: Need<CheckSpec> = { kinds: ["folder"] };

/** The step's first build check: what runs or inspects the image needs it built. */
export const STEP_BUILD: Need<CheckSpec> = { kinds: ["build"] };

/** The step's first container check. */
export const STEP_CONTAINER: Need<CheckSpec> = { kinds: ["container"] };

/** The step's own launch script: what it starts needs it to succeed. */
export const STEP_SCRIPT: Need<CheckSpec> = { kinds: ["script"] };

/** The container check whose name is the check's `container`. */
export const NAMED_CONTAINER: Need<{ container: string }> = {
  kinds: ["container"],
  where: (spec, candidate) => candidate.kind === "container" && candidate.name === spec.container,
};

/** The step's compose-up check, unless `container` names one of the step's container checks. */
export const COMPOSE_UP_SERVING: Need<{ container: string }> = {
  kinds: ["compose-up"],
  unless: (spec, step) => composeUpServing(spec.container, step) === undefined,
};

/** The step's compose-up check, whatever the check probes (a published port). */
export const STEP_COMPOSE_UP: Need<CheckSpec> = { kinds: ["compose-up"] };
