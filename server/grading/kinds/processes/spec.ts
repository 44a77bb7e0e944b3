/** `processes` (dynamic): what runs in a container, and as whom. */
import { z } from "zod";
import { baseFields } from "../spec-fields";

export const processesSpec = z
  .object({
    ...baseFields,
    kind: z.literal("processes"),
    container: z.string().describe("Running container whose processes are read"),
    running: z
      .array(
        z.object({
          anyOf: z.array(z.string()).min(1).describe("Process names (comm), any one of which counts"),
          describe: z.string().describe("Human name, e.g. 'the MariaDB server'"),
        }),
      )
      .default([])
      .describe("Groups of process names; a process of each group must run"),
    mainProcessUser: z.string().optional().describe("User (name or numeric uid) that must own PID 1, the container's command; its real uid, so a setuid program counts as its caller"),
    timeoutSeconds: z.number().positive().default(30).describe("Retries until then (services may still be starting)"),
  })
  .refine((spec) => spec.running.length > 0 || spec.mainProcessUser !== undefined, {
    message: "give running, mainProcessUser or both",
    path: ["running"],
  });
