/**
 * Fields of the `stack-file` (static) and `wordpress-journey` (dynamic) check kinds, spread into
 * their specs (kinds/stack-file/spec.ts, kinds/wordpress-journey/spec.ts). Kept here, beside the
 * stack readers that use the service requirements.
 */
import { z } from "zod";

/** "service.VARIABLE", e.g. "wordpress.WORDPRESS_DB_USER". */
const serviceVariable = z
  .string()
  .regex(/^[\w.-]+\.\w+$/)
  .describe("A service's environment variable, written service.VARIABLE");

export const stackServiceRequirementSchema = z.object({
  name: z.string().describe("Exact service name under services:"),
  image: z.string().optional().describe("Image the service runs, e.g. 'wordpress' or 'mysql:5.7'; no tag means latest; docker.io/library/ forms of official images count"),
  restart: z.string().optional().describe("Required restart policy, e.g. 'always'"),
  ports: z.array(z.string()).default([]).describe("Required 'published:target' mappings, e.g. '8080:80' (short or long syntax count)"),
  environment: z.array(z.string()).default([]).describe("Variables that must be set to a non-empty value (list or map form)"),
  values: z.record(z.string(), z.string()).default({}).describe("Variables that must hold exactly this value"),
  binds: z
    .array(
      z.object({
        target: z.string().describe("Path in the container, e.g. /var/lib/mysql"),
        homeFolder: z.string().describe("Folder directly in the user's home the source must name (~/X, $HOME/X, /home/$USER/X…)"),
      }),
    )
    .default([])
    .describe("Bind mounts from a folder of the user's home"),
  deploy: z
    .object({
      mode: z.enum(["replicated", "global"]).optional().describe("deploy.mode the service must run in; a file without deploy.mode is replicated"),
      replicas: z.number().int().min(1).optional().describe("deploy.replicas the file must give, when it gives one"),
      replicasRequired: z.boolean().default(false).describe("true: the file must set deploy.replicas; false: leaving it out passes (the student may scale with docker service scale)"),
    })
    .optional()
    .describe("What the service's deploy: section (docker stack deploy) must say"),
});
export type StackServiceRequirement = z.infer<typeof stackServiceRequirementSchema>;

export const stackFileFields = {
  file: z.string().describe("Compose / stack file in the step folder, e.g. stack_wordpress.yml"),
  minVersion: z
    .string()
    .regex(/^\d+(\.\d+)?$/)
    .optional()
    .describe("Lowest accepted `version:`; later minor versions of the same major count (3.1 accepts 3.1–3.9)"),
  services: z.array(stackServiceRequirementSchema).default([]).describe("Services that must exist, with what each must declare"),
  sameValues: z
    .array(z.object({ from: serviceVariable, equals: serviceVariable }))
    .default([])
    .describe("Pairs of variables that must hold the same value, e.g. a client's password and the server's"),
  hostOf: z
    .array(
      z.object({
        variable: serviceVariable,
        service: z.string().describe("Service whose name the variable must give"),
        port: z.number().int().optional().describe("Port also accepted after the name (db:3306)"),
      }),
    )
    .default([])
    .describe("Variables that must name another service as their host"),
};

export const wordpressJourneyFields = {
  port: z.number().int().min(1).max(65535).describe("Host port of the WordPress site in the student's engine"),
  path: z.string().startsWith("/").endsWith("/").default("/").describe("Where WordPress is served on that port, e.g. /wordpress/ (its home page; the installer is under it)"),
  siteTitle: z.string().min(1).describe("Site title the grader installs WordPress with, then looks for on the home page"),
  adminUser: z.string().default("wbadmin").describe("Administrator account the grader creates when it installs WordPress"),
  adminPassword: z.string().default("Workbench-grader-1").describe("That administrator's password"),
  adminEmail: z.string().default("grader@example.com").describe("That administrator's e-mail address, asked by the installer"),
  timeoutSeconds: z.number().positive().default(180).describe("How long the site may take to answer (the database initialises first)"),
  recreate: z
    .object({
      script: z.string().describe("Bash script run in the student's engine (cwd = step folder) that removes and recreates the stack"),
      homeFolders: z.array(z.string()).default([]).describe("Folders of the user's home that must hold files afterwards"),
      timeoutSeconds: z.number().positive().default(240).describe("Longest the recreate script may take"),
    })
    .optional()
    .describe("After installing: remove and recreate the stack, then the site must still show the same title"),
};
