/** `build` (dynamic): the grader builds the step's image in the student's engine. */
import { z } from "zod";
import { baseFields } from "../spec-fields";

export const buildSpec = z.object({
  ...baseFields,
  kind: z.literal("build"),
  tag: z.string().describe("Tag the grader gives the image (the one the lesson asks for)"),
  context: z.string().default(".").describe("Build context, relative to the step folder"),
  dockerfile: z.string().default("Dockerfile").describe("Dockerfile to build, relative to the build context"),
  timeoutSeconds: z.number().int().positive().default(900).describe("Longest the build may take"),
  noCache: z.boolean().default(false).describe("Build without the engine's cache (--no-cache)"),
});
