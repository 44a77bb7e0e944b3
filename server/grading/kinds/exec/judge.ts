/**
 * `exec` (a script run inside the container) and `shell` (a script run in the student's engine):
 * the exit code and output must be as expected. The teacher's failMessage leads the message, the
 * script's output follows so the student sees what happened.
 */
import type { CheckResult } from "../../../../lib/protocol/messages";
import type { CheckSpecOf } from "../../check-spec";
import type { ExecOutcome } from "../../evidence";
import { resultsFor } from "../../judges/check-result";
import { compilePattern } from "../../judges/patterns";

type ScriptSpec = CheckSpecOf<"exec"> | CheckSpecOf<"shell">;

const MAX_OUTPUT = 1500;

function shownOutput(output: string): string {
  const trimmed = output.trim();
  if (!trimmed) return " It printed nothing.";
  const tail = trimmed.length > MAX_OUTPUT ? `…${trimmed.slice(-MAX_OUTPUT)}` : trimmed;
  return `\nOutput:\n${tail}`;
}

export function judgeScript(spec: ScriptSpec, outcome: ExecOutcome): CheckResult {
  const { pass, fail, error } = resultsFor(spec, "dynamic");
  const expectPattern = spec.expectOutput === undefined ? null : compilePattern(spec.expectOutput);
  const rejectPattern = spec.rejectOutput === undefined ? null : compilePattern(spec.rejectOutput);
  if (expectPattern && !expectPattern.ok) return error(expectPattern.problem);
  if (rejectPattern && !rejectPattern.ok) return error(rejectPattern.problem);
  const where = spec.kind === "exec" ? ` in ${spec.container}` : "";
  const lead = spec.failMessage ? `${spec.failMessage} ` : "";

  if (outcome.timedOut) return fail(`${lead}The check${where} did not finish within ${spec.timeoutSeconds} s.${shownOutput(outcome.output)}`);
  if (outcome.exitCode === null) return fail(`${lead}The check could not run${where}: ${outcome.error ?? "no exit code"}.${shownOutput(outcome.output)}`);
  if (outcome.exitCode !== spec.expectExitCode) {
    return fail(`${lead}Expected exit code ${spec.expectExitCode}${where}; got ${outcome.exitCode}.${shownOutput(outcome.output)}`);
  }
  if (expectPattern?.ok && !expectPattern.regex.test(outcome.output)) {
    return fail(`${lead}Expected the output${where} to match /${spec.expectOutput}/; it does not.${shownOutput(outcome.output)}`);
  }
  if (rejectPattern?.ok && rejectPattern.regex.test(outcome.output)) {
    return fail(`${lead}Expected the output${where} not to match /${spec.rejectOutput}/; it does.${shownOutput(outcome.output)}`);
  }
  const summary = outcome.output.trim().split("\n").at(-1) ?? "";
  return pass(`Passed${where}${summary ? `: ${summary.slice(0, 200)}` : "."}`);
}

export const judgeExec = (spec: CheckSpecOf<"exec">, outcome: ExecOutcome): CheckResult => judgeScript(spec, outcome);
