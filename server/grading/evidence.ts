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

export type ProbeOutcome =
  | BuildOutcome
  | ContainerOutcome
  | ImageConfigOutcome
  | ProcessesOutcome
  | HttpOutcome
  | ExecOutcome
  | PackagesOutcome;

/** The student's files for one step, as the static kinds see them. */
export interface WorkspaceSnapshot {
  /** Step folder name the checks expect, e.g. "1_worpress_multiservice_dirty". */
  folder: string;
  /** Every text file of the workspace, keyed by path relative to the workspace root ("a/b"). */
  files: Record<string, string>;
}
