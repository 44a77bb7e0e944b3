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
import { phraseOf } from "../../check-phrases";
import { say, type TextRef, type TextValue } from "../../../../lib/i18n/text-ref";

type ScriptSpec = CheckSpecOf<"exec"> | CheckSpecOf<"shell">;

const MAX_OUTPUT = 1500;

function shownOutput(output: string): TextRef {
  const trimmed = output.trim();
  if (!trimmed) return say("exec.printedNothing");
  const tail = trimmed.length > MAX_OUTPUT ? `…${trimmed.slice(-MAX_OUTPUT)}` : trimmed;
  return say("exec.output", { output: tail });
}

export function judgeScript(spec: ScriptSpec, outcome: ExecOutcome): CheckResult {
  const { pass, fail, error } = resultsFor(spec, "dynamic");
  const expectPattern = spec.expectOutput === undefined ? null : compilePattern(spec.expectOutput);
  const rejectPattern = spec.rejectOutput === undefined ? null : compilePattern(spec.rejectOutput);
  if (expectPattern && !expectPattern.ok) return error(expectPattern.problem);
  if (rejectPattern && !rejectPattern.ok) return error(rejectPattern.problem);
  const where: TextValue = spec.kind === "exec" ? say("exec.in", { container: spec.container }) : "";
  // The teacher's failMessage (checks.yaml) leads, in the page's language when checks.<locale>.yaml gives it.
  const lead: TextValue = spec.failMessage ? say("exec.lead", { message: phraseOf(spec, spec.failMessage) }) : "";
  const output = shownOutput(outcome.output);

  if (outcome.timedOut) return fail(say("exec.timeout", { lead, where, seconds: spec.timeoutSeconds, output }));
  if (outcome.exitCode === null) return fail(say("exec.couldNotRun", { lead, where, error: outcome.error ?? say("exec.noExitCode"), output }));
  if (outcome.exitCode !== spec.expectExitCode) return fail(say("exec.exitCode", { lead, expected: spec.expectExitCode, where, got: outcome.exitCode, output }));
  if (expectPattern?.ok && !expectPattern.regex.test(outcome.output)) return fail(say("exec.noMatch", { lead, where, pattern: spec.expectOutput ?? "", output }));
  if (rejectPattern?.ok && rejectPattern.regex.test(outcome.output)) return fail(say("exec.rejected", { lead, where, pattern: spec.rejectOutput ?? "", output }));
  const summary = outcome.output.trim().split("\n").at(-1) ?? "";
  return pass(summary ? say("exec.passSaying", { where, summary: summary.slice(0, 200) }) : say("exec.pass", { where }));
}

export const judgeExec = (spec: CheckSpecOf<"exec">, outcome: ExecOutcome): CheckResult => judgeScript(spec, outcome);
