/**
 * `persistence`: data written in a container survives removing it and starting a new one on the
 * same named volumes. The message names the stage that went wrong: the first container, the
 * write, the second container, or the data read back.
 */
import type { CheckResult } from "../../../../lib/protocol/messages";
import type { CheckSpecOf } from "../../check-spec";
import type { PersistenceOutcome, PersistenceRun, PersistenceScript } from "../../evidence";
import { resultsFor } from "../../judges/check-result";
import { listOf, say, type TextRef } from "../../../../lib/i18n/text-ref";
import { compilePattern } from "../../judges/patterns";

const MAX_OUTPUT = 1200;

function shown(output: string): TextRef {
  const trimmed = output.trim();
  if (!trimmed) return say("persistence.printedNothing");
  return say("persistence.output", { output: trimmed.length > MAX_OUTPUT ? `…${trimmed.slice(-MAX_OUTPUT)}` : trimmed });
}

function runProblem(run: PersistenceRun, which: "first" | "recreated", image: string): TextRef | null {
  const logs = run.logsTail.trim() ? say("persistence.logs", { logs: run.logsTail.trimEnd() }) : "";
  const first = which === "first";
  if (!run.started) return say(first ? "persistence.notStartedFirst" : "persistence.notStartedRecreated", { image, error: run.error ?? say("persistence.noReason"), logs });
  if (!run.running) {
    if (run.exitCode === undefined) return say(first ? "persistence.stoppedFirst" : "persistence.stoppedRecreated", { logs });
    return say(first ? "persistence.stoppedFirstCode" : "persistence.stoppedRecreatedCode", { code: run.exitCode, logs });
  }
  return null;
}

function scriptProblem(script: PersistenceScript, what: TextRef, timeoutSeconds: number): TextRef | null {
  const tries = script.tries > 1 ? say("persistence.tries", { tries: script.tries, seconds: timeoutSeconds }) : "";
  if (script.timedOut) return say("persistence.scriptTimeout", { what, tries, output: shown(script.output) });
  if (script.exitCode === null) return say("persistence.scriptCouldNotRun", { what, tries, output: shown(script.output) });
  if (script.exitCode !== 0) return say("persistence.scriptFailed", { what, code: script.exitCode, tries, output: shown(script.output) });
  return null;
}

export function judgePersistence(spec: CheckSpecOf<"persistence">, outcome: PersistenceOutcome): CheckResult {
  const { pass, fail, error } = resultsFor(spec, "dynamic");
  const pattern = compilePattern(spec.expectOutput);
  if (!pattern.ok) return error(pattern.problem);
  if (outcome.error) return error(say("persistence.couldNotRun", { error: outcome.errorText ?? outcome.error }));
  const volumes = listOf(spec.mounts.map((m) => say("persistence.mount", { source: m.source, target: m.target })));

  const first = runProblem(outcome.first, "first", spec.image);
  if (first) return fail(say("persistence.firstFailed", { image: spec.image, volumes, problem: first }));
  if (!outcome.write) return error(say("persistence.stoppedBeforeWrite"));
  const write = scriptProblem(outcome.write, say("persistence.writing"), spec.timeoutSeconds);
  if (write) return fail(say("persistence.writeFailed", { image: spec.image, volumes, problem: write }));

  if (!outcome.second) return error(say("persistence.stoppedBeforeRecreate"));
  const second = runProblem(outcome.second, "recreated", spec.image);
  if (second) return fail(say("persistence.secondFailed", { problem: second }));
  if (!outcome.read) return error(say("persistence.stoppedBeforeRead"));
  const read = scriptProblem(outcome.read, say("persistence.reading"), spec.timeoutSeconds);
  if (read) return fail(say("persistence.readFailed", { volumes, problem: read }));
  if (!pattern.regex.test(outcome.read.output)) {
    return fail(say("persistence.gone", { pattern: spec.expectOutput, volumes, output: shown(outcome.read.output) }));
  }
  return pass(say("persistence.pass", { volumes }));
}
