/** `image-config`: the built image's configuration, as the engine reports it. */
import type { CheckSpecOf } from "../../check-spec";
import type { ImageConfigOutcome } from "../../evidence";
import type { ProbeContext } from "../kind-entry";

export const probeImageConfig = (spec: CheckSpecOf<"image-config">, { sandbox }: ProbeContext): Promise<ImageConfigOutcome> => sandbox.inspectImage(spec.image);
