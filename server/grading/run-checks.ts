/**
 * Runs a step's checks: static judges on the files, then (with a sandbox) build, run and probe in
 * the order the checks file gives, skipping what depends on a failed check. Failing constraints
 * are results, never exceptions; only faults of ours or the infrastructure throw.
 */
import type { CheckResult } from "../../lib/protocol/messages";
import type { ChecksFile, CheckSpec } from "./check-spec";
import type { WorkspaceSnapshot } from "./evidence";
import type { GradingSandbox } from "./grading-sandbox";
import { judgeDynamic, judgeStatic } from "./judge";
import { explainDiskFull, type DiskLimits } from "./disk-full";
import { hintFields, messageFields } from "./judges/check-result";
import { say, type TextRef } from "../../lib/i18n/text-ref";
import { englishOf } from "../../lib/i18n/render-text";
import { implicitDependencies, orderByDependencies } from "./kinds/dependencies";
import type { ProbeContext } from "./kinds/kind-entry";
import { isStaticKind, kindEntry } from "./kinds/registry";

export { implicitDependencies, orderByDependencies } from "./kinds/dependencies";

export interface GradingEvents {
  /** `text`, when given, is the message as a catalog TextRef, for the page to say in its language. */
  onProgress?: (stage: string, message: string, fraction?: number, text?: TextRef) => void;
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

function skipped(spec: CheckSpec, blocker: CheckResult): CheckResult {
  return {
    id: spec.id,
    title: spec.title,
    status: "skip",
    ...messageFields(say("run.skippedFor", { title: { check: blocker.id, title: blocker.title } })),
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

  const reading = say("run.reading");
  events.onProgress?.("static", englishOf(reading), undefined, reading);
  for (const spec of checks) {
    if (!isStaticKind(spec.kind)) continue;
    const blocker = implicitDependencies(spec, checks)
      .map((id) => results.get(id))
      .find((r) => r && r.status !== "pass");
    record(blocker ? skipped(spec, blocker) : (judgeStatic(spec, workspace) ?? skipped(spec, blocker!)));
  }

  const dynamic = orderByDependencies(checks).filter((c) => !isStaticKind(c.kind));
  const onProgress = (stage: string, message: string, fraction?: number) => events.onProgress?.(stage, message, fraction);
  const context: RunContext = { all: checks, workspace, sandbox, log, onProgress, options };
  for (const [index, spec] of dynamic.entries()) {
    const blocker = implicitDependencies(spec, checks)
      .map((id) => results.get(id))
      .find((r) => r && r.status !== "pass");
    if (blocker) {
      // A kind with a files verdict gives it when what it inspects could not be made (packages: no image).
      const entry = kindEntry(spec.kind);
      const fallbackAfter = entry.phase === "dynamic" ? entry.judgeFilesWhenBlockedBy : undefined;
      const fallback = fallbackAfter !== undefined && blocker.id === checks.find((c) => c.kind === fallbackAfter)?.id;
      record(fallback ? judgeDynamic(spec, undefined, workspace) : skipped(spec, blocker));
      continue;
    }
    const checking = say("run.checking", { title: { check: spec.id, title: spec.title } });
    events.onProgress?.(spec.kind, englishOf(checking), index / dynamic.length, checking);
    try {
      record(await judgeWithProbe(spec, context));
    } catch (error) {
      record({
        id: spec.id,
        title: spec.title,
        status: "error",
        ...messageFields(say("run.couldNotRun", { error: (error as Error).message })),
        phase: "dynamic",
      });
    }
  }

  const ordered = checks.map((c) => results.get(c.id)!).filter(Boolean);
  const { score, passed } = scoreResults(checks, ordered);
  const done = say(passed ? "run.allPass" : "run.someFail");
  events.onProgress?.("done", englishOf(done), 1, done);
  return { step: checksFile.step, passed, score, results: ordered, buildLog, durationMs: Date.now() - began };
}

/** One run's shared context: what probes read, and when the step's services started. */
interface RunContext extends ProbeContext {
  options: { buildTimeoutMs?: number; siteHost?: string; disks?: DiskLimits };
  /** When the step's container, script or compose project started (see servicesStartedAt). */
  containerStartedAt?: number;
}

async function judgeWithProbe(spec: CheckSpec, context: RunContext): Promise<CheckResult> {
  const entry = kindEntry(spec.kind);
  if (entry.phase === "static") return entry.judge(spec, context.workspace);
  const refused = entry.refuse?.(spec, context.workspace) ?? null;
  if (refused) return refused;
  // Retries give services time to come up after the container started, so the window counts
  // from that start (a check that fails for good does not cost its whole timeout every time).
  const retryWindow = "timeoutSeconds" in spec && entry.retries ? spec.timeoutSeconds * 1000 : 0;
  const deadline = Math.max((context.containerStartedAt ?? Date.now()) + retryWindow, Date.now() + Math.min(retryWindow, 3000));
  for (let attempt = 0; ; attempt++) {
    const outcome = await entry.probe(spec, context);
    if (outcome?.kind === entry.evidence) {
      const startedAt = entry.servicesStartedAt?.(spec, outcome, Date.now());
      if (startedAt !== undefined) context.containerStartedAt = startedAt;
    }
    // A full disk is said as such, whatever the check's own judge makes of the error.
    const result = explainDiskFull(judgeDynamic(spec, outcome, context.workspace), outcome, context.options.disks);
    if (result.status === "pass" || result.notJudgedHere || Date.now() >= deadline) return result;
    await new Promise((r) => setTimeout(r, Math.min(1000 + attempt * 500, 3000)));
  }
}
