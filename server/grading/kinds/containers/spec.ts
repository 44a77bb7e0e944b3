/** `containers` (dynamic): the containers of the student's engine, found by what they are rather than by name. */
import { z } from "zod";
import { baseFields } from "../spec-fields";

/** One container a `containers` check looks for, found by what it is rather than by its name. */
export const containerExpectationSchema = z.object({
  role: z.string().describe("Short id of this expectation, used by linksTo"),
  describe: z.string().describe("Human name, e.g. 'the Apache container'"),
  name: z.string().optional().describe("Exact container name, when the lesson imposes one"),
  image: z.string().optional().describe("Regex the container's image name must match"),
  runs: z.array(z.string()).optional().describe("Process names (comm); the container must run one of them, e.g. [mariadbd, mysqld]"),
  running: z.boolean().default(true).describe("It must be running"),
  linksTo: z.string().optional().describe("Role of a container this one must be linked to with the legacy --link"),
  publishes: z.array(z.string()).default([]).describe("Container ports that must be published on the host, e.g. '80'"),
  mustNotPublish: z.array(z.string()).default([]).describe("Container ports that must not be published on the host, e.g. '3306'"),
  mounts: z.array(z.string()).default([]).describe("Container paths that must be a volume or a bind mount, e.g. '/var/lib/mysql'"),
});

export const containersSpec = z.object({
  ...baseFields,
  kind: z.literal("containers"),
  count: z.number().int().min(0).optional().describe("Exact number of containers (running or not) the engine must hold"),
  expect: z.array(containerExpectationSchema).default([]).describe("Containers that must exist, each found by name, image or what it runs"),
  timeoutSeconds: z.number().positive().default(20).describe("Retries until then (services may still be starting)"),
});
