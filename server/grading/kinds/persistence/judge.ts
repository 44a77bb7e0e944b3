/**
 * `persistence`: data written in a container survives removing it and starting a new one on the
 * same named volumes. The message names the stage that went wrong: the first container, the
 * write, the second container, or the data read back.
 */
import type { CheckResult } from "../../../../lib/protocol/messages";
import type { CheckSpecOf } from "../../check-spec";
import type { PersistenceOutcome, PersistenceRun, PersistenceScript } from "../../evidence";
import { listInProse, resultsFor } from "../../judges/check-result";
import { compilePattern } from "../../judges/patterns";

const MAX_OUTPUT = 1200;

function shown(output: string): string {
  const trimmed = output.trim();
  if (!trimmed) return " It printed nothing.";
  return `\nOutput:\n${trimmed.length > MAX_OUTPUT ? `…${trimmed.slice(-MAX_OUTPUT)}` : trimmed}`;
}

function runProblem(run: PersistenceRun, which: string, image: string): string | null {
  const logs = run.logsTail.trim() ? `\nIts last output:\n${run.logsTail.trimEnd()}` : "";
  if (!run.started) return `The ${which} container (image ${image}) did not start: ${run.error ?? "no reason given"}.${logs}`;
  if (!run.running) {
    const code = run.exitCode === undefined ? "" : ` with exit code ${run.exitCode}`;
    return `The ${which} container stopped${code} before the check was done.${logs}`;
  }
  return null;
}

function scriptProblem(script: PersistenceScript, what: string, timeoutSeconds: number): string | null {
  const tries = script.tries > 1 ? ` (tried ${script.tries} times over ${timeoutSeconds} s)` : "";
  if (script.timedOut) return `${what} did not finish${tries}.${shown(script.output)}`;
  if (script.exitCode === null) return `${what} could not run${tries}.${shown(script.output)}`;
  if (script.exitCode !== 0) return `${what} failed with exit code ${script.exitCode}${tries}.${shown(script.output)}`;
  return null;
}

export function judgePersistence(spec: CheckSpecOf<"persistence">, outcome: PersistenceOutcome): CheckResult {
  const { pass, fail, error } = resultsFor(spec, "dynamic");
  const pattern = compilePattern(spec.expectOutput);
  if (!pattern.ok) return error(pattern.problem);
  if (outcome.error) return error(`The grader could not run this check: ${outcome.error}.`);
  const volumes = listInProse(spec.mounts.map((m) => `${m.source} on ${m.target}`));

  const first = runProblem(outcome.first, "first", spec.image);
  if (first) return fail(`Expected a container of ${spec.image} with the named volumes ${volumes} to run. ${first}`);
  if (!outcome.write) return error("The grader stopped before writing the test data (a fault of ours, not yours).");
  const write = scriptProblem(outcome.write, "Writing the test data in the first container", spec.timeoutSeconds);
  if (write) return fail(`Expected to write test data in a container of ${spec.image} with the named volumes ${volumes}. ${write}`);

  if (!outcome.second) return error("The grader stopped before recreating the container (a fault of ours, not yours).");
  const second = runProblem(outcome.second, "recreated", spec.image);
  if (second) return fail(`Expected the container to start again on the same volumes after it was removed. ${second}`);
  if (!outcome.read) return error("The grader stopped before reading the test data back (a fault of ours, not yours).");
  const read = scriptProblem(outcome.read, "Reading the test data back in the recreated container", spec.timeoutSeconds);
  if (read) {
    return fail(`Expected the data written before the container was removed to be there in the new one, on the same volumes ${volumes}. ${read}`);
  }
  if (!pattern.regex.test(outcome.read.output)) {
    return fail(
      `Expected the data written before the container was removed to be there in the new one (output matching /${spec.expectOutput}/); ` +
        `it is gone, although the new container uses the same volumes ${volumes}.${shown(outcome.read.output)}`,
    );
  }
  return pass(`The data written in the first container was still there after removing it and starting a new one on ${volumes}.`);
}
