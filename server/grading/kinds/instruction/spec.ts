/** `instruction` (static): how many times a Dockerfile instruction appears, optionally with matching arguments. */
import { z } from "zod";
import { baseFields, dockerfileField } from "../spec-fields";

export const instructionSpec = z.object({
  ...baseFields,
  kind: z.literal("instruction"),
  file: dockerfileField,
  instruction: z.string().describe("Dockerfile instruction, e.g. CMD"),
  min: z.number().int().min(0).default(1).describe("Fewest such instructions accepted (0: none is fine)"),
  max: z.number().int().min(0).optional().describe("Most such instructions accepted; no limit when absent"),
  argsPattern: z.string().optional().describe("Regex one matching instruction's arguments must match"),
  stage: z.enum(["final", "any"]).default("final").describe("Where instructions are counted: final (the final image's stage and the stages it is built on) or any (the whole file)"),
});
