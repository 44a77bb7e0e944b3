/** `dockerfile-lint` (static): the Dockerfile follows the best-practice rules the step requires. */
import { z } from "zod";
import { LINT_RULE_IDS } from "../../lint/rule-ids";
import { baseFields, dockerfileField } from "../spec-fields";

export const dockerfileLintSpec = z
  .object({
    ...baseFields,
    kind: z.literal("dockerfile-lint"),
    file: dockerfileField,
    required: z.array(z.enum(LINT_RULE_IDS)).describe("Best-practice rules that must pass for the check to pass (ids in server/grading/lint/rule-ids.ts)"),
    advisory: z.array(z.enum(LINT_RULE_IDS)).default([]).describe("Rules reported as advice, never failing the check; rules in neither list do not run"),
    minScore: z.number().min(0).max(100).optional().describe("The check also fails when the best-practice score (0–100) is below this"),
  })
  .refine((spec) => !spec.required.some((id) => spec.advisory.includes(id)), {
    message: "a rule cannot be both required and advisory",
    path: ["advisory"],
  });
