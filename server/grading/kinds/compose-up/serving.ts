/** Which compose project a probe that names a container is about. */
import type { CheckSpec, CheckSpecOf } from "../../check-spec";

/**
 * The step's compose-up check, when `container` (if given) is not the name of one of the step's
 * own container checks: the name then designates a service of that compose project.
 */
export function composeUpServing(container: string | undefined, all: readonly CheckSpec[]): CheckSpecOf<"compose-up"> | undefined {
  if (container !== undefined && all.some((c) => c.kind === "container" && c.name === container)) return undefined;
  return all.find((c): c is CheckSpecOf<"compose-up"> => c.kind === "compose-up");
}
