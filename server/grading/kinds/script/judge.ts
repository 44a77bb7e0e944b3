/**
 * `script`: the student's own script of the step folder (e.g. build_and_launch.sh), run with bash
 * in their engine, must finish with exit code 0. On failure the message shows the end of its
 * output, where the failing command usually wrote why.
 */
import type { CheckResult } from "../../../../lib/protocol/messages";
import type { CheckSpecOf } from "../../check-spec";
import type { ExecOutcome, WorkspaceSnapshot } from "../../evidence";
import { resultsFor } from "../../judges/check-result";
import { say, type TextRef } from "../../../../lib/i18n/text-ref";
import { readStepFile } from "../../judges/step-files";

const MAX_OUTPUT = 1500;

function shownOutput(output: string): TextRef {
  const trimmed = output.trim();
  if (!trimmed) return say("script.printedNothing");
  return say("script.output", { output: trimmed.length > MAX_OUTPUT ? `…${trimmed.slice(-MAX_OUTPUT)}` : trimmed });
}

export function judgeScript(spec: CheckSpecOf<"script">, outcome: ExecOutcome, workspace: WorkspaceSnapshot): CheckResult {
  const { pass, fail } = resultsFor(spec, "dynamic");
  const read = readStepFile(workspace, spec.file);
  if (!read.ok) return fail(read.why, { file: read.path });
  const command = `bash ${spec.file}`;
  if (outcome.timedOut) return fail(say("script.timeout", { command, seconds: spec.timeoutSeconds, output: shownOutput(outcome.output) }), { file: read.path });
  if (outcome.exitCode === null) return fail(say("script.couldNotRun", { command, error: outcome.error ?? say("script.noExitCode") }), { file: read.path });
  if (outcome.exitCode !== 0) {
    return fail(say("script.exitCode", { command, code: outcome.exitCode, output: shownOutput(outcome.output) }), { file: read.path });
  }
  return pass(say("script.pass", { command }));
}
