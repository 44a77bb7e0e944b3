/** `trailing-comments` (static): the Dockerfile ends with comments giving the docker commands that build and run it. */
import { z } from "zod";
import { baseFields, dockerfileField } from "../spec-fields";

export const trailingCommentsSpec = z.object({
  ...baseFields,
  kind: z.literal("trailing-comments"),
  file: dockerfileField,
  commands: z
    .array(
      z.object({
        describe: z.string().describe("Human name of the command, e.g. 'the docker run command'"),
        command: z.enum(["build", "run"]).describe("docker sub-command the comment must show"),
        tag: z.string().optional().describe("build: the image tag given with -t/--tag"),
        name: z.string().optional().describe("run: the container name given with --name"),
        image: z.string().optional().describe("run: the image started"),
        publish: z.array(z.string()).optional().describe("run: required -p mappings, e.g. '80:80'"),
      }),
    )
    .min(1)
    .describe("Commands the closing comment block of the file must give"),
});
