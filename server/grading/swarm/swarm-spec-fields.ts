/**
 * Fields of the `swarm` check kind (step 9), spread into its spec (kinds/swarm/spec.ts). One check
 * usually asks one thing (nodes, the stack, replicas, answers), so that a broken cluster fails
 * exactly the matching check.
 */
import { z } from "zod";

/** A service found by its name in its stack and/or its image (names are partly the student's choice). */
export const swarmServiceMatchSchema = z
  .object({
    describe: z.string().describe("Human name, e.g. 'the WordPress service'"),
    name: z.string().optional().describe("Case-insensitive regex on the service's name within its stack, e.g. '^(wordpress|web)$'"),
    image: z.string().optional().describe("Case-insensitive regex on the service's image, e.g. 'wordpress'"),
  })
  .refine((m) => m.name !== undefined || m.image !== undefined, { message: "give name, image or both" });
export type SwarmServiceMatch = z.infer<typeof swarmServiceMatchSchema>;

export const swarmProbeSchema = z.object({
  path: z.string().startsWith("/").default("/").describe("Path asked of every running task's published port"),
  expectStatus: z.array(z.number().int()).default([200]).describe("Accepted status codes of each task's answer"),
  bodyPattern: z.string().optional().describe("Regex each answer's body must match"),
});
export type SwarmProbe = z.infer<typeof swarmProbeSchema>;

export const swarmFields = {
  nodes: z.number().int().min(1).optional().describe("Nodes that must be in the swarm, Ready and active"),
  managers: z.number().int().min(1).optional().describe("How many of them must be managers"),
  stack: z.array(swarmServiceMatchSchema).optional().describe("Services one stack (docker stack deploy) must hold"),
  service: swarmServiceMatchSchema.optional().describe("The service the replicas and probe fields are about"),
  replicas: z.number().int().min(1).optional().describe("Tasks of `service` that must be wanted and running"),
  probe: swarmProbeSchema.optional().describe("Every running task of `service` must answer over HTTP on its published port"),
  deploy: z
    .object({
      file: z.string().describe("Stack file of the step folder, e.g. 'stack_wordpress.yml'"),
      stack: z
        .string()
        .regex(/^[a-z0-9][a-z0-9_-]*$/)
        .describe("Stack name given to docker stack deploy, e.g. 'wordpress'"),
    })
    .optional()
    .describe(
      "A grade that starts from the student's files alone (Submit, npm run grade) forms the swarm, then runs `docker stack deploy -c <file> <stack>` in the step folder before judging; the student's own Check judges what they deployed",
    ),
  scale: z.boolean().default(false).describe("A grade that starts fresh scales `service` to `replicas` after deploying (`docker service scale`), as the lab asks the student to"),
  timeoutSeconds: z.number().positive().default(15).describe("Retries a failing check until then (tasks may still be starting)"),
};
