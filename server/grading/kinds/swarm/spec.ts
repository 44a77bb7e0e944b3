/** `swarm` (dynamic): the student's cluster (step 9), judged on its manager. */
import { z } from "zod";
import { swarmFields } from "../../swarm/swarm-spec-fields";
import { baseFields } from "../spec-fields";

export const swarmSpec = z
  .object({ ...baseFields, kind: z.literal("swarm"), ...swarmFields })
  .refine((spec) => spec.service !== undefined || (spec.replicas === undefined && spec.probe === undefined), {
    message: "replicas and probe need the service they are about",
    path: ["service"],
  })
  .refine((spec) => !spec.scale || (spec.service !== undefined && spec.replicas !== undefined), {
    message: "scale needs the service and its replicas",
    path: ["scale"],
  });
