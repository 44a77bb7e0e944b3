/** `persistence` (dynamic): data written by one container is read by a new one on the same named volumes. */
import { z } from "zod";
import { baseFields } from "../spec-fields";

export const persistenceSpec = z.object({
  ...baseFields,
  kind: z.literal("persistence"),
  image: z.string().describe("Image to run (built by a build check)"),
  container: z.string().describe("Name of the grader's own container for this check (replaced if it exists, removed afterwards)"),
  publish: z.array(z.string()).default([]).describe("Port mappings 'host:container'; usually none, so the step's own container keeps its ports"),
  mounts: z
    .array(
      z.object({
        source: z
          .string()
          .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]+$/)
          .describe("Named volume, created fresh by the grader and removed afterwards"),
        target: z.string().startsWith("/").describe("Path in the container"),
      }),
    )
    .min(1)
    .describe("Named volumes mounted in both containers"),
  write: z.string().describe("sh script exec'd in the first container; retried until it exits 0 (services may still be starting), so make it idempotent"),
  read: z.string().describe("sh script exec'd in the second container, started on the same volumes; retried until it exits 0"),
  expectOutput: z.string().describe("Regex the read script's output must match"),
  user: z.string().optional().describe("User the scripts run as (default: the image's)"),
  timeoutSeconds: z.number().positive().default(90).describe("How long write, then read, may be retried"),
});
