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

/** Findings listed in the message; the rest are counted (they all stay in `findings`). */
const MAX_LISTED = 20;
/** Findings sent at all, so a pathological file cannot blow the websocket frame limit. */
const MAX_FINDINGS = 200;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function listFindings(title: string, findings: LintFinding[], room: number): string[] {
  if (findings.length === 0) return [];
  const shown = findings.slice(0, Math.max(room, 0));
  const more = findings.length - shown.length;
  return [`${title}:`, ...shown.map((f) => `line ${f.line}: ${f.message}`), ...(more > 0 ? [`…and ${more} more, marked in the editor.`] : [])];
}

export function judgeDockerfileLint(spec: CheckSpecOf<"dockerfile-lint">, workspace: WorkspaceSnapshot): CheckResult {
  const { pass, fail } = resultsFor(spec, "static");
  const read = readDockerfile(workspace, spec.file);
  if (!read.ok) return fail(read.why, { file: read.path });
  const file = read.path;
  if (read.parsed.stages.length === 0) return fail(`${file} has no FROM instruction yet, so there is nothing to check for best practices.`, { file, line: 1 });

  const { findings, score } = lintDockerfile(read.parsed, spec.required, spec.advisory);
  const required = findings.filter((f) => f.severity === "required");
  const advice = findings.filter((f) => f.severity === "advice");
  const belowMinimum = spec.minScore !== undefined && score < spec.minScore;
  const failed = required.length > 0 || belowMinimum;

  let summary = `Best-practice score ${score}/100`;
  if (belowMinimum) summary += `, below the ${spec.minScore} this step asks for`;
  if (findings.length === 0) summary += `: the Dockerfile follows every rule checked.`;
  else if (!failed) summary += `: every required rule passes.`;
  else summary += ".";
  const lines = [
    summary,
    ...listFindings(`To fix (${plural(required.length, "problem")})`, required, MAX_LISTED),
    ...listFindings(belowMinimum && required.length === 0 ? "Follow this advice to raise it" : "Advice", advice, MAX_LISTED - required.length),
  ];

  const result = (failed ? fail : pass)(lines.join("\n"), { file, line: (required[0] ?? findings[0])?.line });
  return { ...result, findings: findings.slice(0, MAX_FINDINGS), score };
}
