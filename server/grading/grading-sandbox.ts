/**
 * What the grader needs from a sandbox, as an interface: the check runner depends on this only,
 * so it can be exercised without Docker. server/sandbox/engine-grading-sandbox.ts implements it
 * against a learner engine.
 */
import type { SwarmGradingPlan } from "./swarm/swarm-grading-plan";
import type {
  BuildOutcome,
  ComposeUpOutcome,
  ContainersOutcome,
  ContainerOutcome,
  ExecOutcome,
  HttpOutcome,
  ImageConfigOutcome,
  PackagesOutcome,
  PersistenceOutcome,
  ProcessesOutcome,
  SwarmOutcome,
  WordpressJourneyOutcome,
} from "./evidence";

export interface BuildRequest {
  /** Step folder, relative to the workspace root. */
  folder: string;
  context: string;
  dockerfile: string;
  tag: string;
  noCache: boolean;
  timeoutMs: number;
  onLog: (text: string) => void;
  onProgress: (message: string, fraction?: number) => void;
}

export interface RunRequest {
  name: string;
  image: string;
  publish: string[];
  stableSeconds: number;
  onLog: (text: string) => void;
}

export interface ScriptRequest {
  /** Step folder, relative to the workspace root (the script runs there). */
  folder: string;
  /** Script file, relative to the step folder. */
  file: string;
  /** Container names removed first. */
  cleanup: string[];
  removeAllContainers: boolean;
  /** The script builds images: it waits for a build slot first (its timeout starts after the wait). */
  builds: boolean;
  timeoutMs: number;
  onLog: (text: string) => void;
}

export interface ComposeUpRequest {
  /** Step folder, relative to the workspace root (compose runs there). */
  folder: string;
  /** Compose file, relative to the step folder. */
  file: string;
  project: string;
  build: boolean;
  stableSeconds: number;
  timeoutMs: number;
  onLog: (text: string) => void;
}

/** Installs WordPress over HTTP on a published port, reads the home page, optionally recreates the stack. */
export interface WordpressJourneyRequest {
  /** Step folder, relative to the workspace root (the recreate script runs there). */
  folder: string;
  port: number;
  /** Where WordPress is served, e.g. "/" or "/wordpress/". */
  basePath: string;
  siteTitle: string;
  adminUser: string;
  adminPassword: string;
  adminEmail: string;
  /** How long the site may take to answer, each time it has to come up. */
  timeoutMs: number;
  recreate?: { script: string; homeFolders: string[]; timeoutMs: number };
  /** Host header to use (the address the student's browser uses for previews); default localhost:<port>. */
  siteHost?: string;
  onLog: (text: string) => void;
}

/** The `persistence` check: two containers in a row on the same fresh named volumes. */
export interface PersistenceRequest {
  image: string;
  container: string;
  publish: string[];
  mounts: { source: string; target: string }[];
  /** sh scripts exec'd in the first and in the second container, each retried until it exits 0. */
  write: string;
  read: string;
  user?: string;
  /** How long each script may be retried. */
  timeoutMs: number;
  onLog: (text: string) => void;
}

export interface GradingSandbox {
  build(request: BuildRequest): Promise<BuildOutcome>;
  runContainer(request: RunRequest): Promise<ContainerOutcome>;
  inspectImage(image: string): Promise<ImageConfigOutcome>;
  listProcesses(container: string): Promise<ProcessesOutcome>;
  /** The image's installed packages; the files of those matching `verify` (globs) compared with dpkg's checksums. */
  listPackages(image: string, verify?: string[]): Promise<PackagesOutcome>;
  /** Writes with one container, removes it, reads with a new one on the same named volumes; removes what it created. */
  checkPersistence(request: PersistenceRequest): Promise<PersistenceOutcome>;
  httpGet(request: { port: number; path: string; followRedirects: number; timeoutMs: number }): Promise<HttpOutcome>;
  /**
   * With composeProject, `container` may name a service of that compose project: its container
   * is used (whatever container_name gave it), else the container of that name.
   */
  execInContainer(request: ExecRequest): Promise<ExecOutcome>;
  /** Escape hatch: a bash script in the learner's engine, with the docker CLI, cwd = step folder. */
  runShell(request: { folder: string; script: string; timeoutMs: number }): Promise<ExecOutcome>;
  /**
   * `swarm` (step 9): the student's cluster as its manager sees it, each published port of a
   * running task asked `probePath`. Only sandboxes on a cluster have it (see cluster-grading-sandbox.ts).
   */
  inspectSwarm?(request: SwarmRequest): Promise<SwarmOutcome>;
  /**
   * A grade that starts from the student's files alone (Submit, npm run grade): forms the swarm
   * (the cluster's three nodes, or one engine's), deploys the step's stack file and scales as
   * asked, as the student would; what it ran is then part of every `swarm` outcome. The student's
   * own Check never calls it: it judges what they did.
   */
  prepareSwarm?(request: SwarmSetupRequest): Promise<void>;
  /** `docker-compose down` then `up -d` for one project, in the step folder, as the learner. */
  composeUp(request: ComposeUpRequest): Promise<ComposeUpOutcome>;
  /** A script of the step folder run with bash as the learner (after removing the containers it will create). */
  runScript(request: ScriptRequest): Promise<ExecOutcome>;
  /** Every container of the learner's engine, with its links, published ports, mounts and processes. */
  listContainers(): Promise<ContainersOutcome>;
  wordpressJourney(request: WordpressJourneyRequest): Promise<WordpressJourneyOutcome>;
}

export interface ExecRequest {
  container: string;
  script: string;
  user?: string;
  timeoutMs: number;
  composeProject?: string;
  /** grader: the script runs with the grader's own tools beside the container (see the exec kind's `tools`). */
  tools?: "container" | "grader";
}

export interface SwarmRequest {
  /** Path asked of every published port of a running task; none: no HTTP probe. */
  probePath?: string;
  timeoutMs: number;
}

export interface SwarmSetupRequest {
  /** Step folder, relative to the workspace root (the stack is deployed from there). */
  folder: string;
  plan: SwarmGradingPlan;
  /** How long the services may take to start (images pulled on every node) before judging begins anyway. */
  timeoutMs: number;
  onLog: (text: string) => void;
  onProgress: (message: string) => void;
}
