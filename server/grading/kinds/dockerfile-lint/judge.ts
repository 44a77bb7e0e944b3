/**
 * `dockerfile-lint`: our own Dockerfile best-practice rules (server/grading/lint/). The check
 * fails when a required rule is violated or the score is below `minScore`; advisory rules are
 * reported and lower the score but never fail it on their own. Every finding goes in `findings`
 * so the editor can mark each line; `line` is the first required violation's.
 */
import type { CheckResult, LintFinding } from "../../../../lib/protocol/messages";
import type { CheckSpecOf } from "../../check-spec";
import { lintDockerfile } from "../../lint/lint-dockerfile";
import type { WorkspaceSnapshot } from "../../evidence";
import { resultsFor } from "../../judges/check-result";
import { readDockerfile } from "../../judges/step-files";
import { linesOf, say, type TextRef, type TextValue } from "../../../../lib/i18n/text-ref";

/** Findings listed in the message; the rest are counted (they all stay in `findings`). */
const MAX_LISTED = 20;
/** Findings sent at all, so a pathological file cannot blow the websocket frame limit. */
const MAX_FINDINGS = 200;

function listFindings(heading: TextRef, findings: LintFinding[], room: number): TextRef[] {
  if (findings.length === 0) return [];
  const shown = findings.slice(0, Math.max(room, 0));
  const more = findings.length - shown.length;
  return [heading, ...shown.map((f) => say("lint.finding", { line: f.line, message: f.text ?? f.message })), ...(more > 0 ? [say("lint.more", { count: more })] : [])];
}

export function judgeDockerfileLint(spec: CheckSpecOf<"dockerfile-lint">, workspace: WorkspaceSnapshot): CheckResult {
  const { pass, fail } = resultsFor(spec, "static");
  const read = readDockerfile(workspace, spec.file);
  if (!read.ok) return fail(read.why, { file: read.path });
  const file = read.path;
  if (read.parsed.stages.length === 0) return fail(say("lint.noFrom", { file }), { file, line: 1 });

  const { findings, score } = lintDockerfile(read.parsed, spec.required, spec.advisory);
  const required = findings.filter((f) => f.severity === "required");
  const advice = findings.filter((f) => f.severity === "advice");
  const belowMinimum = spec.minScore !== undefined && score < spec.minScore;
  const failed = required.length > 0 || belowMinimum;

  const below: TextValue = belowMinimum ? say("lint.below", { min: spec.minScore ?? 0 }) : "";
  const end = say(findings.length === 0 ? "lint.endClean" : !failed ? "lint.endPass" : "lint.end");
  const lines = [
    say("lint.summary", { score, below, end }),
    ...listFindings(say("lint.toFix", { count: required.length }), required, MAX_LISTED),
    ...listFindings(say(belowMinimum && required.length === 0 ? "lint.raiseIt" : "lint.advice"), advice, MAX_LISTED - required.length),
  ];
  const result = (failed ? fail : pass)(say("common.lines", { lines: linesOf(lines) }), { file, line: (required[0] ?? findings[0])?.line });
  return { ...result, findings: findings.slice(0, MAX_FINDINGS), score };
}
