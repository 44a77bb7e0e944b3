/**
 * What the grader gathers in the sandbox for the dynamic kinds, as plain data. The pure engine
 * (judge.ts) turns a spec plus this evidence into a CheckResult; it never touches Docker.
 */
import type { SwarmOutcome } from "./swarm/swarm-evidence";
import type { TextRef, TextValue } from "../../lib/i18n/text-ref";
export type { SwarmOutcome } from "./swarm/swarm-evidence";
export interface BuildOutcome {
  kind: "build";
  ok: boolean;
  /** The engine's error line (from the JSON stream's error/errorDetail), or ours. */
  error?: string;
  /** `error` in the catalog's words when it is ours (not the engine's), for the page to say in its language. */
  errorText?: TextRef;
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
  processes: {
    command: string;
    /** Real uid, as a number in text. */
    user: string;
    args: string;
    /** Process id inside the container (1 is the container's command). */
    pid?: number;
    /** The uid's name in the container's /etc/passwd, when it has one. */
    userName?: string;
    /**
     * The program the process really runs, as the grader's own tools saw it (absent from sandboxes
     * without them): its executable's path whatever the process calls itself, the Debian package
     * that installed that path, and whether the running file has the checksum Debian published for it.
     */
    program?: { path: string; package?: string; intact: boolean };
  }[];
  error?: string;
  /** `error` in the catalog's words when it is ours, for the page to say in its language (sandbox/our-error.ts). */
  errorText?: TextRef;
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
  /** Names of packages dpkg's status file lists as installed in the image (read by the grader, not by the image's dpkg). */
  installed: string[];
  /**
   * Programs and libraries of the packages the check names that differ from the checksums Debian
   * published for that package version (like `dpkg --verify`, but against the archive's .deb, not
   * the image's own dpkg database); "unpublished" when Debian has no such version (path is then
   * empty). Absent when not compared.
   */
  changed?: { package: string; path: string; problem: "missing" | "changed" | "not a regular file" | "unpublished"; version?: string }[];
  /** The list was read but Debian's checksums could not be had (no mirror answered): the files are not judged either way. */
  verifyError?: string;
  error?: string;
  /** `error` in the catalog's words when it is ours, for the page to say in its language (sandbox/our-error.ts). */
  errorText?: TextRef;
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
  /** `error` in the catalog's words when it is ours, for the page to say in its language (sandbox/our-error.ts). */
  errorText?: TextRef;
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
  /** What the grader did, one line per request (its words as catalog messages), shown when the check fails. */
  transcript: TextValue[];
  /** installed: by the grader now; already-installed: someone had installed it (title kept). */
  install: "installed" | "already-installed" | "refused" | "unreachable";
  /** The installer's own message when it refused the form. */
  installMessage?: string;
  /** Why the installer gave no message of its own (it did not answer), in the catalog's words. */
  installText?: TextRef;
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

/** One container of the student's engine, as the `containers` kind sees it. */
export interface ContainerFacts {
  name: string;
  image: string;
  running: boolean;
  /** "running", "exited", "created"… */
  state: string;
  exitCode?: number;
  /** Legacy links (--link): the linked container's name and the alias it gets. */
  links: { container: string; alias: string }[];
  /** Container ports published on the host: { container: "80/tcp", host: "0.0.0.0:80" }. */
  published: { container: string; host: string }[];
  networkMode: string;
  /** Container paths that are a volume or a bind mount. */
  mounts: { destination: string; type: string }[];
  /** Command names (comm) of its processes; empty when it is not running. */
  processes: string[];
}

export interface ContainersOutcome {
  kind: "containers";
  containers: ContainerFacts[];
  error?: string;
}

export type ProbeOutcome =
  | BuildOutcome
  | SwarmOutcome
  | ContainerOutcome
  | ImageConfigOutcome
  | ProcessesOutcome
  | HttpOutcome
  | ExecOutcome
  | PackagesOutcome
  | PersistenceOutcome
  | ComposeUpOutcome
  | ContainersOutcome
  | WordpressJourneyOutcome;

/** One of the containers a `persistence` check starts on its named volumes. */
export interface PersistenceRun {
  started: boolean;
  running: boolean;
  exitCode?: number;
  /** Last lines of the container's output. */
  logsTail: string;
  error?: string;
}

/** A script the `persistence` check ran in one of its containers (the last try). */
export interface PersistenceScript {
  exitCode: number | null;
  output: string;
  timedOut: boolean;
  tries: number;
}

/**
 * `persistence`: fresh named volumes; a first container, the write script in it; that container
 * removed (not the volumes) and a second one started on them; the read script in it. Each field
 * is present once that stage was reached.
 */
export interface PersistenceOutcome {
  kind: "persistence";
  first: PersistenceRun;
  write?: PersistenceScript;
  second?: PersistenceRun;
  read?: PersistenceScript;
  /** A fault of the grader or the engine (volumes it could not create…), not the student's. */
  error?: string;
  /** `error` in the catalog's words when it is ours, for the page to say in its language (sandbox/our-error.ts). */
  errorText?: TextRef;
}

/** The student's files for one step, as the static kinds see them. */
export interface WorkspaceSnapshot {
  /** Step folder name the checks read, e.g. "1_worpress_multiservice_dirty" (the one found, among the accepted names). */
  folder: string;
  /**
   * Every name the step folder may have, in order of preference (checks.yaml's folder, then its
   * alsoAccepted); absent when only `folder` is accepted. Messages about a missing folder name them all.
   */
  accepted?: string[];
  /** Every text file of the workspace, keyed by path relative to the workspace root ("a/b"). */
  files: Record<string, string>;
}
