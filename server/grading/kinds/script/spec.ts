/** `script` (dynamic): the step's own launch script, run as the student. */
import { z } from "zod";
import { baseFields } from "../spec-fields";

export const scriptSpec = z.object({
  ...baseFields,
  kind: z.literal("script"),
  file: z.string().describe("Script in the step folder, run with bash as the student (cwd = step folder)"),
  cleanup: z.array(z.string()).default([]).describe("Container names removed before the script runs"),
  removeAllContainers: z.boolean().default(false).describe("Remove every container of the student's engine first (volumes and images stay)"),
  builds: z.boolean().default(true).describe("The script may build images: it waits for a build slot of the engine's machine first, as a build check does (false: a script that only runs containers)"),
  timeoutSeconds: z.number().int().positive().default(900).describe("Longest the script may take"),
});
