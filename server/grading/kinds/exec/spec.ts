/** `exec` (dynamic): a script run inside a running container exits and prints as asked. */
import { z } from "zod";
import { baseFields } from "../spec-fields";

export const execSpec = z
  .object({
    ...baseFields,
    kind: z.literal("exec"),
    container: z.string().describe("Running container to exec into; in a step with a compose-up check, a service name of that project (its container is used)"),
    script: z.string().describe("Shell script run with sh -c inside the container"),
    tools: z
      .enum(["container", "grader"])
      .default("container")
      .describe(
        "Whose programs run the script: the container's own (container), or the grader's (grader: BusyBox sh and the mariadb client, beside the container in its process and network namespaces, with its files under $ROOT), so nothing the student's image provides decides the result",
      ),
    user: z.string().optional().describe("User the script runs as (docker exec --user); default: the container's"),
    expectExitCode: z.number().int().default(0).describe("Exit code the script must end with"),
    expectOutput: z.string().optional().describe("Regex stdout+stderr must match"),
    rejectOutput: z.string().optional().describe("Regex stdout+stderr must not match"),
    timeoutSeconds: z.number().positive().default(30).describe("Retries until it passes or this runs out"),
    failMessage: z.string().optional().describe("Message shown when it fails (the output is appended)"),
  })
  .refine((spec) => spec.tools === "container" || spec.user === undefined, {
    message: "the grader's tools run as the engine's root: give no user with tools: grader",
    path: ["user"],
  });
