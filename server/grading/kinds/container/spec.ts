/** `container` (dynamic): the grader runs the step's image and the container stays up. */
import { z } from "zod";
import { baseFields } from "../spec-fields";

export const containerSpec = z.object({
  ...baseFields,
  kind: z.literal("container"),
  name: z.string().describe("Container name the grader uses"),
  image: z.string().describe("Image tag to run (built by a build check)"),
  publish: z.array(z.string()).default([]).describe("Port mappings 'host:container'"),
  stableSeconds: z.number().min(0).default(5).describe("How long it must stay up"),
});
