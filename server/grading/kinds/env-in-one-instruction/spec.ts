/** `env-in-one-instruction` (static): the variables asked are all set by one ENV instruction. */
import { z } from "zod";
import { baseFields, dockerfileField, variableSpecSchema } from "../spec-fields";

export const envInOneInstructionSpec = z.object({
  ...baseFields,
  kind: z.literal("env-in-one-instruction"),
  file: dockerfileField,
  variables: z.array(variableSpecSchema).min(1).describe("All must be defined by the same ENV instruction"),
});
