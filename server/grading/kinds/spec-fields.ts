/**
 * Fields every check kind shares (id, title, hints, requires, weight), and the few sub-schemas
 * several kinds use. Each kind's spec (kinds/<kind>/spec.ts) spreads `baseFields` into its own.
 */
import { z } from "zod";

export const baseFields = {
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/)
    .describe("Stable identifier, shown in JSON output"),
  title: z.string().describe("What the constraint is, in one short sentence for the student"),
  hint: z.string().optional().describe("What to try when the check fails: the answer (give this or hints, not both)"),
  hints: z.array(z.string().min(1)).min(1).max(3).optional().describe("Hint levels from vague to the answer (nudge, concrete hint, answer), revealed one at a time; instead of hint"),
  requires: z.array(z.string()).default([]).describe("Checks that must pass first; otherwise this one is skipped"),
  weight: z.number().positive().default(1).describe("Share of the score"),
};

/** A check's hint levels, from the vaguest to the answer: its `hints`, else its lone `hint`, else none. */
export const hintLevels = (spec: { hint?: string; hints?: string[] }): string[] => spec.hints ?? (spec.hint ? [spec.hint] : []);

/** File the Dockerfile kinds read, relative to the step folder. */
export const dockerfileField = z.string().default("Dockerfile").describe("File in the step folder this check reads");

/** A variable identified by its value (names are the student's choice) and optionally a key pattern. */
export const variableSpecSchema = z.object({
  describe: z.string().describe("Human name, e.g. 'the MySQL password'"),
  value: z.string().optional().describe("Exact value the variable must hold"),
  keyPattern: z.string().optional().describe("Case-insensitive regex the variable name must match"),
});
