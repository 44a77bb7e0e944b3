/**
 * The pure check engine: a check spec plus the student's files (and, for the dynamic kinds, the
 * evidence the sandbox gathered) give a CheckResult. Nothing here touches Docker or the disk; each
 * kind's judge is found in the registry (kinds/registry.ts).
 */
import type { CheckResult } from "../../lib/protocol/messages";
import type { CheckSpec } from "./check-spec";
import type { ProbeOutcome, WorkspaceSnapshot } from "./evidence";
import { resultsFor } from "./judges/check-result";
import { say } from "../../lib/i18n/text-ref";
import { kindEntry } from "./kinds/registry";

export { resolveStepFolder, type StepFolderResolution, type SimilarFolder } from "./judges/step-folder";

/**
 * Judges a check from the files alone. Returns null for the kinds that need the sandbox; for a
 * dynamic kind with a files verdict (`packages`) it returns that preliminary verdict.
 */
export function judgeStatic(spec: CheckSpec, workspace: WorkspaceSnapshot): CheckResult | null {
  const entry = kindEntry(spec.kind);
  if (entry.phase === "static") return entry.judge(spec, workspace);
  return entry.judgeFiles?.(spec, workspace) ?? null;
}

/**
 * Judges a check from the evidence the sandbox gathered. Static kinds are judged from the files
 * (the outcome is ignored); a dynamic kind with a files verdict falls back to it when no evidence came.
 */
export function judgeDynamic(spec: CheckSpec, outcome: ProbeOutcome | undefined, workspace: WorkspaceSnapshot): CheckResult {
  const entry = kindEntry(spec.kind);
  if (entry.phase === "static") return entry.judge(spec, workspace);
  if (!outcome) return entry.judgeFiles?.(spec, workspace) ?? resultsFor(spec, "dynamic").skip(say("run.noEvidence"));
  if (outcome.kind !== entry.evidence) {
    return resultsFor(spec, "dynamic").error(say("run.wrongEvidence", { evidence: outcome.kind, kind: spec.kind }));
  }
  return entry.judge(spec, outcome, workspace);
}
