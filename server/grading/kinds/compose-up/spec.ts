/** `compose-up` (dynamic): `docker-compose up` of the step's compose file, its containers staying up. */
import { z } from "zod";
import { baseFields } from "../spec-fields";

export const composeUpSpec = z.object({
  ...baseFields,
  kind: z.literal("compose-up"),
  file: z.string().default("docker-compose.yml").describe("Compose file, relative to the step folder"),
  project: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/)
    .describe("Compose project name (-p); compose v1 names containers <project>_<service>_1"),
  build: z.boolean().default(true).describe("Pass --build to up (rebuild the services that have a build section)"),
  services: z.array(z.string()).optional().describe("Services whose container must be running; default: every service of the file"),
  stableSeconds: z.number().min(0).default(5).describe("How long the containers must stay up after up returns"),
  timeoutSeconds: z.number().int().positive().default(900).describe("Time allowed for down + up (including builds)"),
});
