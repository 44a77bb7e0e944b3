/** `folder` (static): the step folder exists under its name and holds the files the step needs. */
import { z } from "zod";
import { baseFields } from "../spec-fields";

export const folderSpec = z.object({
  ...baseFields,
  kind: z.literal("folder"),
  files: z.array(z.string()).default(["Dockerfile"]).describe("Files that must exist in the step folder"),
  absent: z
    .array(
      z.object({
        file: z.string().describe("File of the step folder, relative to it, that must be gone"),
        because: z.string().describe("Why it must go, in the student's words, e.g. 'docker-compose.yml replaces it'"),
      }),
    )
    .default([])
    .describe("Files that must no longer be in the step folder: what this step replaces"),
});
