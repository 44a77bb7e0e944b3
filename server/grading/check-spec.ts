/**
 * Declarative check specifications: what a lesson's checks.yaml holds. A union on `kind`, so a
 * teacher writes data, never code. The `.describe()` texts document every field.
 *
 * Phases: static kinds judge the student's files only (they also run while the student types);
 * dynamic kinds need evidence the grader gathers in the student's sandbox (build, run, probe).
 */
import { z } from "zod";
import { LINT_RULE_IDS } from "./lint/rule-ids";
import { stackFileFields, wordpressJourneyFields } from "./stack/stack-spec-fields";
import { swarmFields } from "./swarm/swarm-spec-fields";

const base = {
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/).describe("Stable identifier, shown in JSON output"),
  title: z.string().describe("What the constraint is, in one short sentence for the student"),
  hint: z.string().optional().describe("What to try when the check fails: the answer (give this or hints, not both)"),
  hints: z
    .array(z.string().min(1))
    .min(1)
    .max(3)
    .optional()
    .describe("Hint levels from vague to the answer (nudge, concrete hint, answer), revealed one at a time; instead of hint"),
  requires: z.array(z.string()).default([]).describe("Checks that must pass first; otherwise this one is skipped"),
  weight: z.number().positive().default(1).describe("Share of the score"),
};

/** A check's hint levels, from the vaguest to the answer: its `hints`, else its lone `hint`, else none. */
export const hintLevels = (spec: { hint?: string; hints?: string[] }): string[] => spec.hints ?? (spec.hint ? [spec.hint] : []);

/** File the static kinds read, relative to the step folder. */
const fileField = z.string().default("Dockerfile").describe("File in the step folder this check reads");

/** A package requirement met by any of the names; `*` is a wildcard (`php*-mysql`). */
export const packageAlternativesSchema = z.object({
  anyOf: z.array(z.string()).min(1),
  describe: z.string().describe("Human name, e.g. 'PHP's MySQL extension'"),
});

/** A variable identified by its value (names are the student's choice) and optionally a key pattern. */
export const variableSpecSchema = z.object({
  describe: z.string().describe("Human name, e.g. 'the MySQL password'"),
  value: z.string().optional().describe("Exact value the variable must hold"),
  keyPattern: z.string().optional().describe("Case-insensitive regex the variable name must match"),
});

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

export const checkSpecSchema = z.discriminatedUnion("kind", [
  // ---- static kinds -------------------------------------------------------------------------
  z.object({
    ...base,
    kind: z.literal("folder"),
    files: z.array(z.string()).default(["Dockerfile"]).describe("Files that must exist in the step folder"),
    absent: z
      .array(z.object({ file: z.string(), because: z.string().describe("Why it must go, in the student's words, e.g. 'docker-compose.yml replaces it'") }))
      .default([])
      .describe("Files that must no longer be in the step folder: what this step replaces"),
  }),
  z.object({
    ...base,
    kind: z.literal("base-image"),
    file: fileField,
    image: z.string().describe("Repository of the final stage's FROM, e.g. 'debian' (official library image)"),
    tag: z.string().default("latest").describe("Required tag; an omitted tag counts as 'latest'"),
  }),
  z.object({
    ...base,
    kind: z.literal("instruction"),
    file: fileField,
    instruction: z.string().describe("Dockerfile instruction, e.g. CMD"),
    min: z.number().int().min(0).default(1),
    max: z.number().int().min(0).optional(),
    argsPattern: z.string().optional().describe("Regex one matching instruction's arguments must match"),
    stage: z.enum(["final", "any"]).default("final"),
  }),
  z.object({
    ...base,
    kind: z.literal("env-in-one-instruction"),
    file: fileField,
    variables: z.array(variableSpecSchema).min(1).describe("All must be defined by the same ENV instruction"),
  }),
  z.object({
    ...base,
    kind: z.literal("archive-download"),
    file: fileField,
    format: z.enum(["zip", "tar.gz"]).describe("Archive format the download must use"),
    urlPattern: z.string().optional().describe("Regex the archive URL must match, e.g. 'wordpress'"),
  }),
  z.object({
    ...base,
    kind: z.literal("trailing-comments"),
    file: fileField,
    commands: z
      .array(
        z.object({
          describe: z.string(),
          command: z.enum(["build", "run"]).describe("docker sub-command the comment must show"),
          tag: z.string().optional().describe("build: the image tag given with -t/--tag"),
          name: z.string().optional().describe("run: the container name given with --name"),
          image: z.string().optional().describe("run: the image started"),
          publish: z.array(z.string()).optional().describe("run: required -p mappings, e.g. '80:80'"),
        }),
      )
      .min(1)
      .describe("Commands the closing comment block of the file must give"),
  }),
  z
    .object({
      ...base,
      kind: z.literal("dockerfile-lint"),
      file: fileField,
      required: z.array(z.enum(LINT_RULE_IDS)).describe("Best-practice rules that must pass for the check to pass (ids in server/grading/lint/rule-ids.ts)"),
      advisory: z.array(z.enum(LINT_RULE_IDS)).default([]).describe("Rules reported as advice, never failing the check; rules in neither list do not run"),
      minScore: z.number().min(0).max(100).optional().describe("The check also fails when the best-practice score (0–100) is below this"),
    })
    .refine((spec) => !spec.required.some((id) => spec.advisory.includes(id)), {
      message: "a rule cannot be both required and advisory",
      path: ["advisory"],
    }),
  z.object({
    ...base,
    kind: z.literal("persistence-declared"),
    file: fileField,
    paths: z
      .array(z.string().startsWith("/"))
      .min(1)
      .describe("Container paths that must persist: a VOLUME instruction, or a named volume in the docker run command of the closing comments"),
  }),
  z.object({ ...base, kind: z.literal("stack-file"), ...stackFileFields }),
  // dynamic: the student's three-node cluster (step 9), judged on its manager
  z
    .object({ ...base, kind: z.literal("swarm"), ...swarmFields })
    .refine((spec) => spec.service !== undefined || (spec.replicas === undefined && spec.probe === undefined), {
      message: "replicas and probe need the service they are about",
      path: ["service"],
    })
    .refine((spec) => !spec.scale || (spec.service !== undefined && spec.replicas !== undefined), {
      message: "scale needs the service and its replicas",
      path: ["scale"],
    }),
  z.object({
    ...base,
    kind: z.literal("compose-file"),
    file: z.string().default("docker-compose.yml").describe("Compose file in the step folder"),
    version: z.string().regex(/^\d+$/).optional().describe("Required major format version: the file's version must be this or this.x, e.g. '3'"),
    services: z.array(z.string()).default([]).describe("Services the file must declare, exactly so named"),
    onlyServices: z.boolean().default(false).describe("When true, no other service may be declared"),
    expect: z.record(z.string(), composeServiceExpectationSchema).default({}).describe("What given services must (not) hold"),
  }),
  // ---- dynamic kinds (static fallback where noted) -------------------------------------------
  z.object({
    ...base,
    kind: z.literal("packages"),
    file: fileField,
    installed: z.array(packageAlternativesSchema).default([]),
    notInstalled: z.array(z.string()).default([]).describe("Packages that must not be installed"),
  }),
  z.object({
    ...base,
    kind: z.literal("build"),
    tag: z.string().describe("Tag the grader gives the image (the one the lesson asks for)"),
    context: z.string().default(".").describe("Build context, relative to the step folder"),
    dockerfile: z.string().default("Dockerfile"),
    timeoutSeconds: z.number().int().positive().default(900),
    noCache: z.boolean().default(false),
  }),
  z.object({
    ...base,
    kind: z.literal("container"),
    name: z.string().describe("Container name the grader uses"),
    image: z.string().describe("Image tag to run (built by a build check)"),
    publish: z.array(z.string()).default([]).describe("Port mappings 'host:container'"),
    stableSeconds: z.number().min(0).default(5).describe("How long it must stay up"),
  }),
  z.object({
    ...base,
    kind: z.literal("image-config"),
    image: z.string(),
    env: z.array(variableSpecSchema).default([]).describe("Variables the image config's Env must hold"),
    user: z.string().optional(),
    exposedPorts: z.array(z.string()).default([]).describe("e.g. '80/tcp'"),
    volumes: z.array(z.string()).default([]),
  }),
  z.object({
    ...base,
    kind: z.literal("processes"),
    container: z.string(),
    running: z
      .array(z.object({ anyOf: z.array(z.string()).min(1), describe: z.string() }))
      .default([])
      .describe("Groups of process names; a process of each group must run"),
    mainProcessUser: z
      .string()
      .optional()
      .describe("User (name or numeric uid) that must own PID 1, the container's command; its real uid, so a setuid program counts as its caller"),
    timeoutSeconds: z.number().positive().default(30),
  }).refine((spec) => spec.running.length > 0 || spec.mainProcessUser !== undefined, {
    message: "give running, mainProcessUser or both",
    path: ["running"],
  }),
  z.object({
    ...base,
    kind: z.literal("http"),
    port: z.number().int().min(1).max(65535).describe("Port published on the sandbox host"),
    path: z.string().default("/"),
    followRedirects: z.number().int().min(0).default(5),
    expectStatus: z.array(z.number().int()).default([200]).describe("Accepted final status codes"),
    bodyPattern: z.string().optional().describe("Regex the final body must match"),
    rejectBodyPattern: z.string().optional().describe("Regex the final body must not match"),
    timeoutSeconds: z.number().positive().default(30).describe("Retries until then"),
  }),
  z.object({
    ...base,
    kind: z.literal("exec"),
    container: z.string().describe("Running container to exec into; in a step with a compose-up check, a service name of that project (its container is used)"),
    script: z.string().describe("Shell script run with sh -c inside the container"),
    tools: z
      .enum(["container", "grader"])
      .default("container")
      .describe(
        "Whose programs run the script: the container's own (container), or the grader's (grader: BusyBox sh and the mariadb client, beside the container in its process and network namespaces, with its files under $ROOT), so nothing the student's image provides decides the result",
      ),
    user: z.string().optional(),
    expectExitCode: z.number().int().default(0),
    expectOutput: z.string().optional().describe("Regex stdout+stderr must match"),
    rejectOutput: z.string().optional().describe("Regex stdout+stderr must not match"),
    timeoutSeconds: z.number().positive().default(30).describe("Retries until it passes or this runs out"),
    failMessage: z.string().optional().describe("Message shown when it fails (the output is appended)"),
  }).refine((spec) => spec.tools === "container" || spec.user === undefined, {
    message: "the grader's tools run as the engine's root: give no user with tools: grader",
    path: ["user"],
  }),
  z.object({
    ...base,
    kind: z.literal("script"),
    file: z.string().describe("Script in the step folder, run with bash as the student (cwd = step folder)"),
    cleanup: z.array(z.string()).default([]).describe("Container names removed before the script runs"),
    removeAllContainers: z.boolean().default(false).describe("Remove every container of the student's engine first (volumes and images stay)"),
    timeoutSeconds: z.number().int().positive().default(900),
  }),
  z.object({
    ...base,
    kind: z.literal("containers"),
    count: z.number().int().min(0).optional().describe("Exact number of containers (running or not) the engine must hold"),
    expect: z.array(containerExpectationSchema).default([]).describe("Containers that must exist, each found by name, image or what it runs"),
    timeoutSeconds: z.number().positive().default(20).describe("Retries until then (services may still be starting)"),
  }),
  z.object({
    ...base,
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
  }),
  z.object({
    ...base,
    kind: z.literal("persistence"),
    image: z.string().describe("Image to run (built by a build check)"),
    container: z.string().describe("Name of the grader's own container for this check (replaced if it exists, removed afterwards)"),
    publish: z.array(z.string()).default([]).describe("Port mappings 'host:container'; usually none, so the step's own container keeps its ports"),
    mounts: z
      .array(
        z.object({
          source: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]+$/).describe("Named volume, created fresh by the grader and removed afterwards"),
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
  }),
  z.object({
    ...base,
    kind: z.literal("shell"),
    script: z.string().describe("Escape hatch: bash script run in the student's engine (docker CLI available), cwd = step folder"),
    expectExitCode: z.number().int().default(0),
    expectOutput: z.string().optional(),
    rejectOutput: z.string().optional(),
    timeoutSeconds: z.number().positive().default(60),
    failMessage: z.string().optional(),
  }),
  z.object({ ...base, kind: z.literal("wordpress-journey"), ...wordpressJourneyFields }),
]);
export type CheckSpec = z.infer<typeof checkSpecSchema>;
export type CheckKind = CheckSpec["kind"];
export type CheckSpecOf<K extends CheckKind> = Extract<CheckSpec, { kind: K }>;

export const STATIC_KINDS = [
  "folder",
  "base-image",
  "instruction",
  "env-in-one-instruction",
  "archive-download",
  "trailing-comments",
  "dockerfile-lint",
  "compose-file",
  "stack-file",
  "persistence-declared",
] as const satisfies readonly CheckKind[];

export const isStaticKind = (kind: CheckKind): boolean => (STATIC_KINDS as readonly string[]).includes(kind);

export const checksFileSchema = z.object({
  step: z.number().int().min(1),
  folder: z.string().describe("Exact name of the step folder in the workspace"),
  alsoAccepted: z
    .array(z.string().regex(/^[A-Za-z0-9._-]+$/))
    .default([])
    .describe(
      "Other names the step folder may have (e.g. the lab's own: step 9 deploys step 8's folder), tried in this order when `folder` holds none of the student's files; `folder` stays the name the workbench creates",
    ),
  checks: z.array(checkSpecSchema).min(1),
  keeps: z
    .array(
      z.object({
        step: z.number().int().min(1).describe("An earlier step"),
        checks: z.array(z.string()).min(1).describe("Ids of checks in that step's checks.yaml this step keeps unchanged"),
        files: z
          .array(z.string())
          .min(1)
          .optional()
          .describe("Files of this step the kept checks read instead of theirs (one copy per file), e.g. [apache_wordpress/Dockerfile]; default: the same file"),
      }),
    )
    .default([])
    .describe("Earlier steps' rules this step does not change: the lessons loader adds them as checks named stepN-ID, whose failure names step N"),
}).refine((file) => !file.alsoAccepted.includes(file.folder) && new Set(file.alsoAccepted).size === file.alsoAccepted.length, {
  message: "alsoAccepted names other folders than `folder`, each once",
  path: ["alsoAccepted"],
});
export type ChecksFile = z.infer<typeof checksFileSchema>;
