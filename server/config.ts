/**
 * The server's configuration: process.env parsed once with zod at first use. Code reads the parsed
 * object only. Every variable is documented in .env.example. An invalid environment fails with one
 * error that lists every bad variable.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";

const MiB = 1024 * 1024;

/** A whole number from min to max; unset: undefined (the code decides). */
const optionalInt = (min: number, max: number) => {
  const error = `must be a whole number between ${min} and ${max}`;
  return z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error }).optional();
};
/** A whole number from min to max; unset: `fallback`. */
const int = (min: number, max: number, fallback: number) => optionalInt(min, max).default(fallback);

/** `scheme://host[:port]` in canonical form, or undefined when the text is not just an http(s) origin. */
function parseOrigin(text: string): string | undefined {
  try {
    const url = new URL(text);
    const bare = url.pathname === "/" && !url.search && !url.hash && !url.username && !url.password;
    return (url.protocol === "http:" || url.protocol === "https:") && bare ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/** The machine the engines run on: what the default ENGINE_MAX_RUNNING is derived from. */
export interface HostSize {
  totalMemoryBytes: number;
  cpus: number;
}

export const thisHost = (): HostSize => ({ totalMemoryBytes: os.totalmem(), cpus: os.availableParallelism() });

/** Memory kept for the host (the web server, the database, the mirrors): 2 GiB or 10 %, the larger. */
export const hostReserveBytes = (totalMemoryBytes: number) => Math.max(2 * 1024 * MiB, Math.round(totalMemoryBytes * 0.1));

/**
 * Default ENGINE_MAX_RUNNING: as many engines as can each use their whole memory allowance at
 * once after the host's reserve, and at most 4 per CPU core (learners mostly type and wait):
 * max(1, min(floor((memory − max(2 GiB, 10 %)) / ENGINE_MEMORY_MB), 4 × cores)).
 */
export function defaultMaxRunningEngines(host: HostSize, engineMemoryMb: number): number {
  const byMemory = Math.floor((host.totalMemoryBytes - hostReserveBytes(host.totalMemoryBytes)) / (engineMemoryMb * MiB));
  return Math.max(1, Math.min(byMemory, 4 * host.cpus));
}

/**
 * Default CHECK_BUILD_SLOTS: builds at once per machine. A build is CPU work (apt unpacking): more
 * builds than cores only slow each of them down. One per core, and no more than one per GiB of
 * memory left after the host's reserve: max(1, min(cores, floor((memory − max(2 GiB, 10 %)) / 1 GiB))).
 */
export function defaultBuildSlots(host: HostSize): number {
  const byMemory = Math.floor((host.totalMemoryBytes - hostReserveBytes(host.totalMemoryBytes)) / (1024 * MiB));
  return Math.max(1, Math.min(byMemory, host.cpus));
}

export const logLevels = ["debug", "info", "warn", "error", "silent"] as const;
export type LogLevel = (typeof logLevels)[number];

export const engineModes = ["rootless", "privileged-caps"] as const;
export type EngineMode = (typeof engineModes)[number];

export const envSchema = z.object({
  PORT: int(1, 65535, 3000).describe("TCP port the web server listens on"),
  HOST: z.string().min(1).default("0.0.0.0").describe("Address the web server binds"),
  WB_ALLOWED_ORIGINS: z
    .string()
    .transform((value, ctx) => {
      const origins: string[] = [];
      for (const item of value
        .split(",")
        .map((part) => part.trim())
        .filter(Boolean)) {
        const origin = parseOrigin(item);
        if (!origin) {
          ctx.addIssue({ code: "custom", message: `must be a comma-separated list of origins such as https://workbench.example.org (bad: ${item})` });
          return z.NEVER;
        }
        origins.push(origin);
      }
      return origins;
    })
    .optional()
    .describe("Origins allowed to open /ws and send writes; default: the origin of the request's Host, and http://localhost:PORT"),
  DATA_DIR: z.string().min(1).default("./data").describe("Folder for the database, workspaces and the session secret"),
  DATABASE_URL: z
    .string()
    .regex(/^(file:.+|postgres(ql)?:\/\/.+)$/, { error: "must start with file: (SQLite) or postgres:// (PostgreSQL)" })
    .optional()
    .describe("Database; default file:<DATA_DIR>/workbench.db"),
  SESSION_SECRET: z
    .string()
    .min(32, { error: "must be at least 32 characters (or unset it to have one generated)" })
    .optional()
    .describe("Key for session cookies; generated into <DATA_DIR>/session-secret when unset"),
  LOG_LEVEL: z.enum(logLevels, { error: `must be one of ${logLevels.join(", ")}` }).default("info"),
  ALLOW_ANONYMOUS: z
    .enum(["true", "false"], { error: "must be true or false" })
    .transform((value) => value === "true")
    .default(true)
    .describe("true: a browser without an account works on the course as an anonymous student; false: only signed-in accounts do"),
  LESSONS_WATCH: z
    .enum(["on", "off"], { error: "must be on or off" })
    .transform((value) => value === "on")
    .default(true)
    .describe("on: lessons reload when their files change (the teacher's preview follows them); off: lessons load once, at start"),
  ENGINE_IDLE_MINUTES: int(1, 24 * 60, 30).describe("Stop a student's Docker engine after this many idle minutes"),
  ENGINE_YIELD_IDLE_MINUTES: z.coerce
    .number({ error: "must be a number of minutes, e.g. 5 or 0.5; 0 turns it off" })
    .min(0, { error: "must be 0 (off) or more minutes" })
    .max(24 * 60, { error: "must be at most 1440" })
    .default(5)
    .describe("While students queue for an engine, an engine whose student did nothing (no terminal input or output, save or Check) for this many minutes gives its place up; 0: never"),
  ENGINE_YIELD_CLOSED_SECONDS: int(0, 24 * 3600, 60).describe(
    "While students queue for an engine, an engine whose pages all closed gives its place up after this many seconds instead of ENGINE_IDLE_MINUTES; 0: never",
  ),
  ENGINE_POOL_SIZE: int(0, 100, 0).describe("Engines kept started ahead of demand"),
  ENGINE_MAX_RUNNING: optionalInt(1, 10_000).describe("Engines running at once (students' engines, pool engines, cluster nodes); beyond it students queue. Default: from the host's memory and cores"),
  ENGINE_MODE: z
    .enum(engineModes, { error: `must be one of ${engineModes.join(", ")}` })
    .default("rootless")
    .describe("rootless, or privileged-caps (host-root-equivalent: dedicated sandbox hosts only)"),
  WB_CLUSTER_MODE: z
    .enum(["off", "privileged-caps"], { error: "must be off or privileged-caps" })
    .default("off")
    .describe("Three-node swarm clusters for step 9: off, or privileged-caps (host-root-equivalent: dedicated sandbox hosts only)"),
  WB_PLACEMENT: z
    .enum(["local", "swarm"], { error: "must be local or swarm" })
    .default("local")
    .describe("Where students' engines run: local (this host's Docker), or swarm (on the nodes of a Docker swarm labelled workbench.engines=true; see docs/scale-out.md)"),
  WB_SWARM_MANAGER: z
    .string()
    .regex(/^(tcp|http|https):\/\/[^/\s]+$/, { error: "must be a Docker API address such as tcp://10.0.0.1:2376" })
    .optional()
    .describe("WB_PLACEMENT=swarm: the Docker API of a swarm manager (on the nodes' private network; mutual TLS unless WB_NODE_API_INSECURE=1)"),
  WB_NODE_TLS_DIR: z
    .string()
    .regex(/^\//, { error: "must be an absolute path" })
    .default("/etc/docker-workbench/node-ca")
    .describe("WB_PLACEMENT=swarm: the node CA's folder (root only): the server's client certificate for the nodes' Docker APIs (server/sandbox/placement/node-ca-cli.ts)"),
  WB_NODE_API_INSECURE: z
    .enum(["0", "1"], { error: "must be 0 or 1" })
    .default("0")
    .transform((value) => value === "1")
    .describe("1: allow plain http (tcp://…:2375) to the swarm's Docker APIs, which are root on their hosts; for an isolated test network only"),
  WB_SHARED_WORKSPACES: z
    .string()
    .regex(/^\//, { error: "must be an absolute path" })
    .optional()
    .describe("WB_PLACEMENT=swarm: the students' workspaces folder, on a file system shared at this same path by this host and every engine node (NFS)"),
  WB_SWARM_NODE_CACHES_FROM: z
    .string()
    .regex(/^\d{1,3}(\.\d{1,3}){3}$/, { error: "must be an IPv4 address such as 10.0.0.1" })
    .optional()
    .describe(
      "WB_PLACEMENT=swarm: where the engine nodes reach this server's infra container (an IPv4 address of the private network; ports 80 and 5000): each node then gets its own copy of the class-wide caches, filling from it (docs/scale-out.md); unset: none",
    ),
  ENGINE_MEMORY_MB: int(256, 1024 * 1024, 2048).describe("Memory limit of each student's engine container"),
  ENGINE_PIDS: int(64, 1_000_000, 1024).describe("Process limit of each student's engine container"),
  ENGINE_CPUS: z.coerce
    .number({ error: "must be a number of CPUs, e.g. 1 or 0.5" })
    .positive({ error: "must be a number of CPUs greater than 0, e.g. 1 or 0.5" })
    .max(256, { error: "must be at most 256" })
    .default(1)
    .describe("CPU limit of each student's engine container"),
  ENGINE_NICE: int(0, 19, 10).describe(
    "Niceness of each engine's builds and containers (its dockerd and all it runs); the student's terminal runs at 0 and stays responsive while they build. 0: no difference",
  ),
  DISK_CAPS: z
    .enum(["auto", "on", "off"], { error: "must be auto, on or off" })
    .default("auto")
    .describe("Cap each learner's workspace and engine disk with loop-mounted ext4 images: auto (where the server, as root, can), on (or refuse to start), off"),
  WB_SERVER_USER: z
    .enum(["sandbox", "root"], { error: "must be sandbox or root" })
    .default("sandbox")
    .describe(
      "Started as root, the server keeps a small root helper for the learners' disks and mounts, then runs as the sandbox user (uid 99000) with the docker group: sandbox; root keeps the whole server root (not advised)",
    ),
  WORKSPACE_DISK_MB: int(16, 1024 * 1024, 200).describe("Size of each learner's workspace disk, in MiB (DISK_CAPS)"),
  ENGINE_DISK_MB: int(256, 16 * 1024 * 1024, 8192).describe("Size of each engine's own disk (home, images, build cache), in MiB (DISK_CAPS)"),
  WB_KEPT_ENGINE_DATA_MAX_GB: z.coerce
    .number({ error: "must be a number of GiB, e.g. 50 (0 keeps nothing)" })
    .min(0, { error: "must be 0 or more GiB" })
    .max(1024 * 1024, { error: "must be 1048576 or less (a number of GiB)" })
    .optional()
    .describe("Total host disk the students' kept engine data (images, build cache) may take, in GiB; 0: nothing kept. Default: a quarter of DATA_DIR's filesystem (DISK_CAPS)"),
  WB_KEPT_ENGINE_DATA_DAYS: int(1, 3650, 30).describe("A student's kept engine data is deleted after this many days unused (DISK_CAPS)"),
  BUILD_TIMEOUT_SECONDS: int(10, 24 * 3600, 900).describe("A check's docker build is stopped after this long"),
  CHECK_BUILD_SLOTS: optionalInt(1, 1000).describe(
    "Image builds of Checks and Submits running at once on one machine (the host, or each swarm node); beyond it builds wait in a first-come queue that tells the student their place. Default: from each machine's own cores and memory (a swarm node's from its Docker API info)",
  ),
  CHECK_BUILD_SLOT_WAIT_SECONDS: int(10, 24 * 3600, 1800).describe(
    "Longest wait of a Check's or Submit's build for a build slot before the run stops with a message (the build's own timeout starts after it)",
  ),
  WB_LAYER_CACHE: z
    .enum(["prefix", "full", "off"], { error: "must be prefix, full or off" })
    .default("prefix")
    .describe(
      "What the server seeds the class-wide layer cache with at start, where the infra registry runs: each reference build up to its first RUN (prefix), all of it (full: students can read the solutions from their engine), or nothing (off)",
    ),
  MAX_FILE_BYTES: int(1024, 1024 * MiB, 1 * MiB).describe("Largest file the editor reads or writes"),
  MAX_WORKSPACE_BYTES: int(64 * 1024, 1024 * 1024 * MiB, 20 * MiB).describe("Total size the server writes into a workspace up to"),
  BUILD_LOG_MAX_BYTES: int(1024, 64 * MiB, 256 * 1024).describe("Build output kept per check run (head and tail)"),
});

type ParsedEnv = z.infer<typeof envSchema>;

export type Config = Omit<ParsedEnv, "DATABASE_URL" | "SESSION_SECRET" | "ENGINE_MAX_RUNNING" | "CHECK_BUILD_SLOTS"> & {
  /** Set, or derived from the host (defaultMaxRunningEngines). */
  ENGINE_MAX_RUNNING: number;
  /** Set, or derived from the host (defaultBuildSlots). */
  CHECK_BUILD_SLOTS: number;
  /** The operator set CHECK_BUILD_SLOTS: it applies to every swarm node too (unset: each node's limit from its own size). */
  CHECK_BUILD_SLOTS_SET: boolean;
  /** Absolute. */
  DATA_DIR: string;
  DATABASE_URL: string;
  SESSION_SECRET: string;
};

/** Variables whose values must not appear in error messages. */
const SECRET_VARIABLES = new Set(["SESSION_SECRET", "DATABASE_URL"]);

export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(readonly problems: string[]) {
    super(`Invalid environment configuration (see .env.example):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/**
 * Parses an environment without side effects. Empty values count as unset. SESSION_SECRET stays
 * undefined when unset (getConfig fills it in). `host`: what ENGINE_MAX_RUNNING defaults from.
 */
export function parseEnv(env: Record<string, string | undefined>, cwd = process.cwd(), host: HostSize = thisHost()): Omit<Config, "SESSION_SECRET"> & { SESSION_SECRET?: string } {
  const input: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== "") input[key] = value.trim();
  }
  const parsed = envSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? "environment");
      const shown = SECRET_VARIABLES.has(name) || input[name] === undefined ? "" : ` (got "${input[name]}")`;
      return `${name}: ${issue.message}${shown}`;
    });
    throw new ConfigError(problems);
  }
  const placementProblems = swarmPlacementProblems(parsed.data);
  if (placementProblems.length) throw new ConfigError(placementProblems);
  const dataDir = path.resolve(cwd, parsed.data.DATA_DIR);
  return {
    ...parsed.data,
    DATA_DIR: dataDir,
    DATABASE_URL: parsed.data.DATABASE_URL ?? `file:${path.join(dataDir, "workbench.db")}`,
    ENGINE_MAX_RUNNING: parsed.data.ENGINE_MAX_RUNNING ?? defaultMaxRunningEngines(host, parsed.data.ENGINE_MEMORY_MB),
    CHECK_BUILD_SLOTS: parsed.data.CHECK_BUILD_SLOTS ?? defaultBuildSlots(host),
    CHECK_BUILD_SLOTS_SET: parsed.data.CHECK_BUILD_SLOTS !== undefined,
  };
}

/** What WB_PLACEMENT=swarm needs besides itself: a manager, shared workspaces, and no capped disks (they are loop devices of one host). */
function swarmPlacementProblems(env: Pick<ParsedEnv, "WB_PLACEMENT" | "WB_SWARM_MANAGER" | "WB_SHARED_WORKSPACES" | "DISK_CAPS">): string[] {
  if (env.WB_PLACEMENT !== "swarm") return [];
  const problems: string[] = [];
  if (!env.WB_SWARM_MANAGER) problems.push("WB_SWARM_MANAGER: must be set with WB_PLACEMENT=swarm (the Docker API of a swarm manager, e.g. tcp://10.0.0.1:2376)");
  if (!env.WB_SHARED_WORKSPACES) problems.push("WB_SHARED_WORKSPACES: must be set with WB_PLACEMENT=swarm (a folder shared at the same path by this host and every engine node)");
  if (env.DISK_CAPS === "on") problems.push("DISK_CAPS: must be off or auto with WB_PLACEMENT=swarm (capped disks are loop devices of one host; auto means off there)");
  return problems;
}

/** Reads DATA_DIR/session-secret, creating it (mode 0600) with a random secret if missing. */
export function loadOrCreateSessionSecret(dataDir: string): string {
  const file = path.join(dataDir, "session-secret");
  try {
    const existing = fs.readFileSync(file, "utf8").trim();
    if (existing.length >= 32) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = crypto.randomBytes(32).toString("base64url");
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

let cached: Config | undefined;

/**
 * The configuration, parsed on first call. Loads ./.env first when it exists (variables already
 * set win). Throws ConfigError listing every bad variable.
 */
export function getConfig(): Config {
  if (cached) return cached;
  const envFile = path.resolve(".env");
  if (fs.existsSync(envFile)) process.loadEnvFile(envFile);
  const parsed = parseEnv(process.env);
  cached = Object.freeze({ ...parsed, SESSION_SECRET: parsed.SESSION_SECRET ?? loadOrCreateSessionSecret(parsed.DATA_DIR) });
  return cached;
}

/** Forgets the parsed configuration so the next getConfig() reads process.env again. Tests only. */
export function resetConfigForTests(): void {
  cached = undefined;
}
