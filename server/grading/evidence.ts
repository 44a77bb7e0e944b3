/**
 * What the grader gathers in the sandbox for the dynamic kinds, as plain data. The pure engine
 * (judge.ts) turns a spec plus this evidence into a CheckResult; it never touches Docker.
 */
export interface BuildOutcome {
  kind: "build";
  ok: boolean;
  /** The engine's error line (from the JSON stream's error/errorDetail), or ours. */
  error?: string;
  timedOut: boolean;
  /** Last lines of the build output, for the message. */
  logTail: string;
  durationMs: number;
}

export interface ContainerOutcome {
  kind: "container";
  started: boolean;
  running: boolean;
  exitCode?: number;
  /** Last lines of the container's output. */
  logsTail: string;
  error?: string;
}

export interface ImageConfigOutcome {
  kind: "image-config";
  env: string[]; // "KEY=value"
  user: string;
  exposedPorts: string[]; // "80/tcp"
  volumes: string[];
  cmd: string[] | null;
  entrypoint: string[] | null;
}

export interface ProcessesOutcome {
  kind: "processes";
  /** Command names (comm) of every process in the container, with their owner. */
  processes: { command: string; user: string; args: string }[];
  error?: string;
}

export interface HttpOutcome {
  kind: "http";
  status?: number;
  body?: string; // capped
  /** URLs followed, first is the one asked. */
  chain: string[];
  error?: string;
}

export interface ExecOutcome {
  kind: "exec";
  exitCode: number | null;
  output: string; // stdout + stderr, capped
  timedOut: boolean;
  error?: string;
}

export interface PackagesOutcome {
  kind: "packages";
  /** Names of packages dpkg reports as installed in the image. */
  installed: string[];
  error?: string;
}

/** `docker-compose up` in the student's engine: its exit, its output, and the project's containers. */
export interface ComposeUpOutcome {
  kind: "compose-up";
  /** Exit code of `up` (null when it did not finish or did not run). */
  exitCode: number | null;
  timedOut: boolean;
  /** Last lines of the compose output (config, down, up). */
  outputTail: string;
  /** Services the file declares (from `docker-compose config --services`); empty when unreadable. */
  services: string[];
  /** The project's containers after `stableSeconds`. */
  containers: { name: string; service: string; running: boolean; state: string; exitCode?: number; logsTail: string }[];
  /** Why compose could not run at all (unreadable file, engine error…). */
  error?: string;
}

/** A page of the WordPress site as the journey saw it. */
export interface WordpressPage {
  /** Final status after following local redirects; absent when nothing answered. */
  status?: number;
  /** Last URL reached, e.g. http://localhost:8080/wp-admin/install.php. */
  url?: string;
  /** Text of the page's <title>, entities decoded. */
  title?: string;
  /** WordPress version from <meta name="generator">, e.g. "6.1.9". */
  version?: string;
  /** The page is WordPress's "Error establishing a database connection". */
  databaseError: boolean;
  /** The page is the installer (the site is not installed). */
  installer: boolean;
  excerpt: string;
  error?: string;
}

/** `wordpress-journey`: the installer completed over HTTP, the home page read, optionally after recreating the stack. */
export interface WordpressJourneyOutcome {
  kind: "wordpress-journey";
  /** What the grader did, one line per request, shown when the check fails. */
  transcript: string[];
  /** installed: by the grader now; already-installed: someone had installed it (title kept). */
  install: "installed" | "already-installed" | "refused" | "unreachable";
  /** The installer's own message when it refused the form. */
  installMessage?: string;
  /** The home page after installing (the first page the site answered when it never did). */
  home?: WordpressPage;
  recreate?: {
    exitCode: number | null;
    timedOut: boolean;
    outputTail: string;
    home?: WordpressPage;
    /** Folders of the learner's home and how many entries each holds (null: missing or unreadable). */
    folders: { path: string; entries: number | null; note?: string }[];
  };
}

export type ProbeOutcome =
  | BuildOutcome
  | ContainerOutcome
  | ImageConfigOutcome
  | ProcessesOutcome
  | HttpOutcome
  | ExecOutcome
  | PackagesOutcome
  | ComposeUpOutcome
  | WordpressJourneyOutcome;

/** The student's files for one step, as the static kinds see them. */
export interface WorkspaceSnapshot {
  /** Step folder name the checks expect, e.g. "1_worpress_multiservice_dirty". */
  folder: string;
  /** Every text file of the workspace, keyed by path relative to the workspace root ("a/b"). */
  files: Record<string, string>;
}
