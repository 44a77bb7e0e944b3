/** `persistence`: two containers of the image in a row on the same fresh named volumes. */
import type { CheckSpecOf } from "../../check-spec";
import type { PersistenceOutcome } from "../../evidence";
import type { ProbeContext } from "../kind-entry";

export function probePersistence(spec: CheckSpecOf<"persistence">, { sandbox, log }: ProbeContext): Promise<PersistenceOutcome> {
  return sandbox.checkPersistence({
    image: spec.image,
    container: spec.container,
    publish: spec.publish,
    mounts: spec.mounts,
    write: spec.write,
    read: spec.read,
    user: spec.user,
    timeoutMs: spec.timeoutSeconds * 1000,
    onLog: log,
  });
}
