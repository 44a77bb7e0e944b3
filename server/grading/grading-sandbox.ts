/**
 * What the grader needs from a sandbox, as an interface: the check runner depends on this only,
 * so it can be exercised without Docker. server/sandbox/engine-grading-sandbox.ts implements it
 * against a learner engine.
 */
import type {
  BuildOutcome,
  ComposeUpOutcome,
  ContainerOutcome,
  ExecOutcome,
  HttpOutcome,
  ImageConfigOutcome,
  PackagesOutcome,
  ProcessesOutcome,
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
  siteTitle: string;
  adminUser: string;
  adminPassword: string;
  adminEmail: string;
  /** How long the site may take to answer, each time it has to come up. */
  timeoutMs: number;
  recreate?: { script: string; homeFolders: string[]; timeoutMs: number };
  onLog: (text: string) => void;
}

export interface GradingSandbox {
  build(request: BuildRequest): Promise<BuildOutcome>;
  runContainer(request: RunRequest): Promise<ContainerOutcome>;
  inspectImage(image: string): Promise<ImageConfigOutcome>;
  listProcesses(container: string): Promise<ProcessesOutcome>;
  listPackages(image: string): Promise<PackagesOutcome>;
  httpGet(request: { port: number; path: string; followRedirects: number; timeoutMs: number }): Promise<HttpOutcome>;
  /**
   * With composeProject, `container` may name a service of that compose project: its container
   * is used (whatever container_name gave it), else the container of that name.
   */
  execInContainer(request: { container: string; script: string; user?: string; timeoutMs: number; composeProject?: string }): Promise<ExecOutcome>;
  /** Escape hatch: a bash script in the learner's engine, with the docker CLI, cwd = step folder. */
  runShell(request: { folder: string; script: string; timeoutMs: number }): Promise<ExecOutcome>;
  /** `docker-compose down` then `up -d` for one project, in the step folder, as the learner. */
  composeUp(request: ComposeUpRequest): Promise<ComposeUpOutcome>;
  wordpressJourney(request: WordpressJourneyRequest): Promise<WordpressJourneyOutcome>;
}
