/** `stack-file` (static): a compose / stack file declares the services, values and deploy settings asked. */
import { z } from "zod";
import { stackFileFields } from "../../stack/stack-spec-fields";
import { baseFields } from "../spec-fields";

export const stackFileSpec = z.object({ ...baseFields, kind: z.literal("stack-file"), ...stackFileFields });
