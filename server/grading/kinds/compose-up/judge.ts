/**
 * `compose-up`: `docker-compose up -d` succeeds in the student's engine and every service's
 * container is still running `stableSeconds` later. A service that exited is named with its exit
 * code and the last lines of its logs, so the student sees why.
 */
import type { CheckResult } from "../../../../lib/protocol/messages";
import type { CheckSpecOf } from "../../check-spec";
import type { ComposeUpOutcome } from "../../evidence";
import { resultsFor } from "../../judges/check-result";
import { linesOf, listOf, say, type TextValue } from "../../../../lib/i18n/text-ref";

const MAX_OUTPUT = 1500;

/** The end of compose's output (or a container's logs) under its heading, quoted as it is; "" when empty. */
function shownTail(text: string, heading: "compose.output" | "compose.logs" = "compose.output"): TextValue {
  const trimmed = text.trim();
  if (!trimmed) return "";
  return say(heading, { output: trimmed.length > MAX_OUTPUT ? `…${trimmed.slice(-MAX_OUTPUT)}` : trimmed });
}

export function judgeComposeUp(spec: CheckSpecOf<"compose-up">, outcome: ComposeUpOutcome): CheckResult {
  const { pass, fail } = resultsFor(spec, "dynamic");
  const command = `docker-compose -f ${spec.file} up -d${spec.build ? " --build" : ""}`;
  const output = shownTail(outcome.outputTail);
  if (outcome.error) return fail(say("compose.couldNotRun", { command, error: outcome.errorText ?? outcome.error, output }));
  if (outcome.timedOut) return fail(say("compose.timeout", { command, seconds: spec.timeoutSeconds, output }));
  if (outcome.exitCode !== 0) return fail(say("compose.exitCode", { command, code: outcome.exitCode ?? say("compose.noExitCode"), output }));

  const wanted = spec.services ?? outcome.services;
  if (wanted.length === 0) return fail(say("compose.noService", { command, output }));
  const missing = wanted.filter((service) => !outcome.containers.some((c) => c.service === service));
  if (missing.length > 0) {
    const declared = outcome.services.length ? say("compose.declares", { services: listOf(outcome.services) }) : "";
    return fail(say(missing.length > 1 ? "compose.missingMany" : "compose.missingOne", { services: listOf(missing), declared }));
  }
  const stopped = wanted.flatMap((service) => {
    const containers = outcome.containers.filter((c) => c.service === service);
    return containers.some((c) => c.running) ? [] : containers.slice(0, 1);
  });
  if (stopped.length > 0) {
    const details = stopped.map((c) => {
      const values = { name: c.name, service: c.service, state: c.state, logs: shownTail(c.logsTail, "compose.logs") };
      return c.exitCode !== undefined ? say("compose.stoppedExit", { ...values, code: c.exitCode }) : say("compose.stoppedOne", values);
    });
    return fail(say("compose.stopped", { seconds: spec.stableSeconds, details: linesOf(details) }));
  }
  const names = wanted.map((service) => outcome.containers.find((c) => c.service === service && c.running)!.name);
  return pass(say(names.length > 1 ? "compose.passMany" : "compose.passOne", { command, names: listOf(names) }));
}
