/**
 * Runs a step's checks: static judges on the files, then (with a sandbox) build, run and probe in
 * the order the checks file gives, skipping what depends on a failed check. Failing constraints
 * are results, never exceptions; only faults of ours or the infrastructure throw.
 */
import type { CheckResult } from "../../lib/protocol/messages";
import type { ChecksFile, CheckSpec, CheckSpecOf } from "./check-spec";
import { isStaticKind } from "./check-spec";
import type { ProbeOutcome, WorkspaceSnapshot } from "./evidence";
import type { GradingSandbox } from "./grading-sandbox";
import { judgeDynamic, judgeStatic } from "./judge";
import { explainDiskFull, type DiskLimits } from "./disk-full";
import { refuseBuild } from "./judges/build";
import { hintFields } from "./judges/check-result";

export interface GradingEvents {
  onProgress?: (stage: string, message: string, fraction?: number) => void;
  onLog?: (text: string) => void;
  onResult?: (result: CheckResult) => void;
}

export interface GradingReport {
  step: number;
  passed: boolean;
  score: number;
  results: CheckResult[];
  buildLog: string;
  durationMs: number;
}

/** Kinds that probe a running container and may need a few tries while services start. */
const RETRYING_KINDS = new Set(["swarm", "containers", "http", "exec", "processes"]);

export function implicitDependencies(spec: CheckSpec, all: CheckSpec[]): string[] {
  const ids = new Set(spec.requires);
  const folder = all.find((c) => c.kind === "folder");
  if (folder && spec.id !== folder.id && (spec.kind !== "folder")) ids.add(folder.id);
  if (isStaticKind(spec.kind) || spec.kind === "build" || spec.kind === "shell" || spec.kind === "compose-up" || spec.kind === "script") return [...ids].filter((id) => id !== spec.id);
  const build = all.find((c) => c.kind === "build");
  if (build && spec.kind !== "packages") ids.add(build.id);
  if (spec.kind === "packages" && build) ids.add(build.id);
  if (spec.kind === "processes" || spec.kind === "exec") {
    const container = all.find((c) => c.kind === "container" && c.name === spec.container);
    if (container) ids.add(container.id);
  }
  if (spec.kind === "http") {
    const container = all.find((c) => c.kind === "container");
    if (container) ids.add(container.id);
  }
  // Persistence runs its own containers of the image: only worth it once the step's container stays up.
  if (spec.kind === "persistence") {
    const container = all.find((c) => c.kind === "container" && c.image === spec.image) ?? all.find((c) => c.kind === "container");
    if (container) ids.add(container.id);
  }
  // The WordPress journey needs the site started: the step's compose-up or container check.
  if (spec.kind === "wordpress-journey") for (const c of all) if (c.kind === "compose-up" || c.kind === "container") ids.add(c.id);
  // A step run with docker-compose: its probes need the stack up (see composeDependencies).
  for (const id of composeDependencies(spec, all)) ids.add(id);
  // A step run by the student's own script: what it started needs the script to succeed.
  const script = all.find((c) => c.kind === "script");
  if (script && (spec.kind === "containers" || spec.kind === "http")) ids.add(script.id);
  return [...ids].filter((id) => id !== spec.id);
}

/**
 * The step's compose-up check, when `container` (if given) is not the name of one of the step's
 * own container checks: the name then designates a service of that compose project.
 */
function composeUpServing(container: string | undefined, all: CheckSpec[]): CheckSpecOf<"compose-up"> | undefined {
  if (container !== undefined && all.some((c) => c.kind === "container" && c.name === container)) return undefined;
  return all.find((c): c is CheckSpecOf<"compose-up"> => c.kind === "compose-up");
}

/** http, exec and processes checks need the step's compose-up check (when it has one) to pass. */
function composeDependencies(spec: CheckSpec, all: CheckSpec[]): string[] {
  if (spec.kind !== "http" && spec.kind !== "exec" && spec.kind !== "processes") return [];
  const composeUp = composeUpServing(spec.kind === "http" ? undefined : spec.container, all);
  return composeUp ? [composeUp.id] : [];
}

/**
 * The checks in an order where each comes after what it depends on (a package check listed
 * before the build must still inspect the image that build produces), otherwise as written.
 */
export function orderByDependencies(checks: CheckSpec[]): CheckSpec[] {
  const byId = new Map(checks.map((c) => [c.id, c]));
  const placed = new Set<string>();
  const ordered: CheckSpec[] = [];
  const place = (check: CheckSpec, visiting: Set<string>) => {
    if (placed.has(check.id) || visiting.has(check.id)) return;
    visiting.add(check.id);
    for (const id of implicitDependencies(check, checks)) {
      const dependency = byId.get(id);
      if (dependency) place(dependency, visiting);
    }
    placed.add(check.id);
    ordered.push(check);
  };
  for (const check of checks) place(check, new Set());
  return ordered;
}

function skipped(spec: CheckSpec, blocker: CheckResult): CheckResult {
  return {
    id: spec.id,
    title: spec.title,
    status: "skip",
    message: `Not checked: it needs "${blocker.title}" to pass first.`,
    phase: isStaticKind(spec.kind) ? "static" : "dynamic",
    ...hintFields(spec),
  };
}

/** Checks that could not be judged where the grading ran (notJudgedHere) count neither way. */
export function scoreResults(checks: CheckSpec[], results: CheckResult[]): { score: number; passed: boolean } {
  const judged = checks.filter((c) => !results.find((r) => r.id === c.id)?.notJudgedHere);
  const total = judged.reduce((sum, c) => sum + c.weight, 0);
  const earned = judged.reduce((sum, c) => sum + (results.find((r) => r.id === c.id)?.status === "pass" ? c.weight : 0), 0);
  return {
    score: total ? Math.round((earned / total) * 1000) / 10 : 0,
    passed: judged.length > 0 && results.every((r) => r.status === "pass" || r.notJudgedHere === true),
  };
}

/** Static checks only: what the editor shows as the student types (no build, no grade). */
export function runStaticChecks(checksFile: ChecksFile, workspace: WorkspaceSnapshot): CheckResult[] {
  return checksFile.checks.map((spec) => judgeStatic(spec, workspace)).filter((r): r is CheckResult => r !== null);
}

export async function runChecks(
  checksFile: ChecksFile,
  workspace: WorkspaceSnapshot,
  sandbox: GradingSandbox,
  events: GradingEvents = {},
  /** siteHost: host:port the student's browser uses for previews, sent to sites the grader sets up. */
  /** disks: the learner's capped disk sizes, named when a disk is full. */
  options: { buildTimeoutMs?: number; siteHost?: string; disks?: DiskLimits } = {},
): Promise<GradingReport> {
  const began = Date.now();
  const checks = checksFile.checks;
  const results = new Map<string, CheckResult>();
  let buildLog = "";
  const log = (text: string) => {
    buildLog += text;
    events.onLog?.(text);
  };
  const record = (result: CheckResult) => {
    results.set(result.id, result);
    events.onResult?.(result);
  };

  events.onProgress?.("static", "Reading your files…");
  for (const spec of checks) {
    if (!isStaticKind(spec.kind)) continue;
    const blocker = implicitDependencies(spec, checks).map((id) => results.get(id)).find((r) => r && r.status !== "pass");
    record(blocker ? skipped(spec, blocker) : (judgeStatic(spec, workspace) ?? skipped(spec, blocker!)));
  }

  const dynamic = orderByDependencies(checks).filter((c) => !isStaticKind(c.kind));
  const context: ProbeContext = { all: checks, workspace, sandbox, log, events, options };
  for (const [index, spec] of dynamic.entries()) {
    const blocker = implicitDependencies(spec, checks)
      .map((id) => results.get(id))
      .find((r) => r && r.status !== "pass");
    if (blocker) {
      // Without an image, what the Dockerfile installs is still worth telling the student.
      const fallback = spec.kind === "packages" && blocker.id === checks.find((c) => c.kind === "build")?.id;
      record(fallback ? judgeDynamic(spec, undefined, workspace) : skipped(spec, blocker));
      continue;
    }
    events.onProgress?.(spec.kind, `Checking: ${spec.title}`, index / dynamic.length);
    try {
      record(await judgeWithProbe(spec, context));
    } catch (error) {
      record({
        id: spec.id,
        title: spec.title,
        status: "error",
        message: `The grader could not run this check: ${(error as Error).message}`,
        phase: "dynamic",
      });
    }
  }

  const ordered = checks.map((c) => results.get(c.id)!).filter(Boolean);
  const { score, passed } = scoreResults(checks, ordered);
  events.onProgress?.("done", passed ? "Every check passes." : "Some checks fail: see below.", 1);
  return { step: checksFile.step, passed, score, results: ordered, buildLog, durationMs: Date.now() - began };
}

/** What probing needs besides the check itself: one run's shared context. */
interface ProbeContext {
  all: CheckSpec[];
  workspace: WorkspaceSnapshot;
  sandbox: GradingSandbox;
  log: (text: string) => void;
  events: GradingEvents;
  options: { buildTimeoutMs?: number; siteHost?: string; disks?: DiskLimits };
  /** When the step's container was started (set by the container check). */
  containerStartedAt?: number;
}

/** Evidence for a `swarm` check graded where there is no cluster (a single engine). */
function noClusterOutcome(): ProbeOutcome {
  return {
    kind: "swarm",
    localState: "",
    isManager: false,
    nodes: [],
    services: [],
    probes: [],
    ipvs: { available: false, evidence: "not asked" },
    error: "The grader had no Docker engine to look at a swarm in, so this check could not run. Press Check again; if it keeps saying this, tell your teacher.",
  };
}

async function judgeWithProbe(spec: CheckSpec, context: ProbeContext): Promise<CheckResult> {
  // A fork bomb in a RUN is refused from the files, before any build starts.
  const refused = spec.kind === "build" ? refuseBuild(spec, context.workspace) : null;
  if (refused) return refused;
  // Retries give services time to come up after the container started, so the window counts
  // from that start (a check that fails for good does not cost its whole timeout every time).
  const retryWindow = "timeoutSeconds" in spec && RETRYING_KINDS.has(spec.kind) ? spec.timeoutSeconds * 1000 : 0;
  const deadline = Math.max((context.containerStartedAt ?? Date.now()) + retryWindow, Date.now() + Math.min(retryWindow, 3000));
  for (let attempt = 0; ; attempt++) {
    const outcome = await probe(spec, context);
    if (spec.kind === "container" && outcome?.kind === "container" && outcome.started) {
      context.containerStartedAt = Date.now() - spec.stableSeconds * 1000;
    }
    if (spec.kind === "script" && outcome?.kind === "exec" && outcome.exitCode === 0) context.containerStartedAt = Date.now();
    if (spec.kind === "compose-up" && outcome?.kind === "compose-up" && outcome.exitCode === 0) {
      context.containerStartedAt = Date.now() - spec.stableSeconds * 1000;
    }
    // A full disk is said as such, whatever the check's own judge makes of the error.
    const result = explainDiskFull(judgeDynamic(spec, outcome, context.workspace), outcome, context.options.disks);
    if (result.status === "pass" || result.notJudgedHere || Date.now() >= deadline) return result;
    await new Promise((r) => setTimeout(r, Math.min(1000 + attempt * 500, 3000)));
  }
}

async function probe(spec: CheckSpec, { all, workspace, sandbox, log, events, options }: ProbeContext): Promise<ProbeOutcome | undefined> {
  switch (spec.kind) {
    case "build":
      return sandbox.build({
        folder: workspace.folder,
        context: spec.context,
        dockerfile: spec.dockerfile,
        tag: spec.tag,
        noCache: spec.noCache,
        timeoutMs: Math.min(spec.timeoutSeconds * 1000, options.buildTimeoutMs ?? Infinity),
        onLog: log,
        onProgress: (message, fraction) => events.onProgress?.("build", message, fraction),
      });
    case "container":
      return sandbox.runContainer({ name: spec.name, image: spec.image, publish: spec.publish, stableSeconds: spec.stableSeconds, onLog: log });
    case "image-config":
      return sandbox.inspectImage(spec.image);
    case "processes":
      return sandbox.listProcesses(spec.container);
    case "packages": {
      // The packages kind inspects the image the step's build check produced.
      const tag = all.find((c) => c.kind === "build")?.tag;
      return tag ? sandbox.listPackages(tag, spec.installed.flatMap((group) => group.anyOf)) : undefined;
    }
    case "http":
      return sandbox.httpGet({ port: spec.port, path: spec.path, followRedirects: spec.followRedirects, timeoutMs: spec.timeoutSeconds * 1000 });
    case "exec":
      return sandbox.execInContainer({
        container: spec.container,
        script: spec.script,
        user: spec.user,
        tools: spec.tools,
        timeoutMs: spec.timeoutSeconds * 1000,
        composeProject: composeUpServing(spec.container, all)?.project,
      });
    case "persistence":
      return sandbox.checkPersistence({
        image: spec.image,
        container: spec.container,
        publish: spec.publish,
        mounts: spec.mounts,
        write: spec.write,
        read: spec.read,
        user: spec.user,
        timeoutMs: spec.timeoutSeconds * 1000,
        onLog: log,
      });
    case "shell":
      return sandbox.runShell({ folder: workspace.folder, script: spec.script, timeoutMs: spec.timeoutSeconds * 1000 });
    case "script":
      return sandbox.runScript({
        folder: workspace.folder,
        file: spec.file,
        cleanup: spec.cleanup,
        removeAllContainers: spec.removeAllContainers,
        timeoutMs: Math.min(spec.timeoutSeconds * 1000, options.buildTimeoutMs ?? Infinity),
        onLog: log,
      });
    case "containers":
      return sandbox.listContainers();
    case "swarm":
      return sandbox.inspectSwarm
        ? sandbox.inspectSwarm({ probePath: spec.probe?.path, timeoutMs: spec.timeoutSeconds * 1000 })
        : noClusterOutcome();
    case "compose-up":
      return sandbox.composeUp({
        folder: workspace.folder,
        file: spec.file,
        project: spec.project,
        build: spec.build,
        stableSeconds: spec.stableSeconds,
        timeoutMs: Math.min(spec.timeoutSeconds * 1000, options.buildTimeoutMs ?? Infinity),
        onLog: log,
      });
    case "wordpress-journey":
      return sandbox.wordpressJourney({
        folder: workspace.folder,
        port: spec.port,
        basePath: spec.path,
        siteTitle: spec.siteTitle,
        adminUser: spec.adminUser,
        adminPassword: spec.adminPassword,
        adminEmail: spec.adminEmail,
        timeoutMs: spec.timeoutSeconds * 1000,
        recreate: spec.recreate && { script: spec.recreate.script, homeFolders: spec.recreate.homeFolders, timeoutMs: spec.recreate.timeoutSeconds * 1000 },
        siteHost: options.siteHost,
        onLog: log,
      });
    default:
      return undefined;
  }
}

