/**
 * `script`: the student's own script of the step folder (e.g. build_and_launch.sh), run with bash
 * in their engine, must finish with exit code 0. On failure the message shows the end of its
 * output, where the failing command usually wrote why.
 */
import type { CheckResult } from "../../../../lib/protocol/messages";
import type { CheckSpecOf } from "../../check-spec";
import type { ExecOutcome, WorkspaceSnapshot } from "../../evidence";
import { resultsFor } from "../../judges/check-result";
import { readStepFile } from "../../judges/step-files";

const MAX_OUTPUT = 1500;

function shownOutput(output: string): string {
  const trimmed = output.trim();
  if (!trimmed) return " It printed nothing.";
  return `\nLast lines of its output:\n${trimmed.length > MAX_OUTPUT ? `…${trimmed.slice(-MAX_OUTPUT)}` : trimmed}`;
}

export function judgeScript(spec: CheckSpecOf<"script">, outcome: ExecOutcome, workspace: WorkspaceSnapshot): CheckResult {
  const { pass, fail } = resultsFor(spec, "dynamic");
  const read = readStepFile(workspace, spec.file);
  if (!read.ok) return fail(read.why, { file: read.path });
  const command = `bash ${spec.file}`;
  if (outcome.timedOut) return fail(`${command} did not finish within ${spec.timeoutSeconds} s.${shownOutput(outcome.output)}`, { file: read.path });
  if (outcome.exitCode === null) return fail(`${command} could not run: ${outcome.error ?? "no exit code"}.`, { file: read.path });
  if (outcome.exitCode !== 0) {
    return fail(`Expected ${command} to finish with exit code 0; it exited with ${outcome.exitCode}.${shownOutput(outcome.output)}`, { file: read.path });
  }
  return pass(`${command} finished with exit code 0.`);
}
