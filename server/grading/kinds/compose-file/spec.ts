/** `compose-file` (static): the compose file's version, services and what each service holds. */
import { z } from "zod";
import { baseFields } from "../spec-fields";

/** What one compose service must (not) hold; every field is optional. */
export const composeServiceExpectationSchema = z.object({
  build: z.string().optional().describe("Build context the service must use, e.g. 'apache_wordpress' ('./apache_wordpress' counts)"),
  image: z.string().optional().describe("Regex the service's image must match, e.g. '^mysql:5\\.7$'"),
  publishes: z.array(z.string()).default([]).describe("Container ports that must be published on the host: '80' or '80:80' (host:container)"),
  mustNotPublish: z.array(z.string()).default([]).describe("Container ports that must not be published on the host, e.g. '3306'"),
  environment: z.record(z.string(), z.string().nullable()).default({}).describe("Variables the service must set; null accepts any value"),
  restart: z.string().optional().describe("Required restart policy, e.g. 'always'"),
  volumes: z.array(z.string()).default([]).describe("Container paths that must be mounted (a volume or a bind mount), e.g. '/var/lib/mysql'"),
});

export const composeFileSpec = z.object({
  ...baseFields,
  kind: z.literal("compose-file"),
  file: z.string().default("docker-compose.yml").describe("Compose file in the step folder"),
  version: z.string().regex(/^\d+$/).optional().describe("Required major format version: the file's version must be this or this.x, e.g. '3'"),
  services: z.array(z.string()).default([]).describe("Services the file must declare, exactly so named"),
  onlyServices: z.boolean().default(false).describe("When true, no other service may be declared"),
  expect: z.record(z.string(), composeServiceExpectationSchema).default({}).describe("What given services must (not) hold"),
});
