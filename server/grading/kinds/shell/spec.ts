/** `shell` (dynamic): the escape hatch, a bash script in the student's engine with the docker CLI. */
import { z } from "zod";
import { baseFields } from "../spec-fields";

export const shellSpec = z.object({
  ...baseFields,
  kind: z.literal("shell"),
  script: z.string().describe("Escape hatch: bash script run in the student's engine (docker CLI available), cwd = step folder"),
  expectExitCode: z.number().int().default(0).describe("Exit code the script must end with"),
  expectOutput: z.string().optional().describe("Regex stdout+stderr must match"),
  rejectOutput: z.string().optional().describe("Regex stdout+stderr must not match"),
  timeoutSeconds: z.number().positive().default(60).describe("Longest the script may take"),
  failMessage: z.string().optional().describe("Message shown when it fails (the output is appended)"),
});
