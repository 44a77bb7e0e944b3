/**
 * `compose-up`: `docker-compose up -d` succeeds in the student's engine and every service's
 * container is still running `stableSeconds` later. A service that exited is named with its exit
 * code and the last lines of its logs, so the student sees why.
 */
import type { CheckResult } from "../../../../lib/protocol/messages";
import type { CheckSpecOf } from "../../check-spec";
import type { ComposeUpOutcome } from "../../evidence";
import { listInProse, resultsFor } from "../../judges/check-result";

const MAX_OUTPUT = 1500;

function shownTail(text: string, label = "Output"): string {
  const trimmed = text.trim();
  if (!trimmed) return "";
  return `\n${label}:\n${trimmed.length > MAX_OUTPUT ? `…${trimmed.slice(-MAX_OUTPUT)}` : trimmed}`;
}

export function judgeComposeUp(spec: CheckSpecOf<"compose-up">, outcome: ComposeUpOutcome): CheckResult {
  const { pass, fail } = resultsFor(spec, "dynamic");
  const command = `docker-compose -f ${spec.file} up -d${spec.build ? " --build" : ""}`;
  if (outcome.error) return fail(`${command} could not run: ${outcome.error}.${shownTail(outcome.outputTail)}`);
  if (outcome.timedOut) return fail(`${command} did not finish within ${spec.timeoutSeconds} s.${shownTail(outcome.outputTail)}`);
  if (outcome.exitCode !== 0) {
    return fail(`Expected ${command} to succeed (exit code 0); it exited with ${outcome.exitCode ?? "no exit code"}.${shownTail(outcome.outputTail)}`);
  }

  const wanted = spec.services ?? outcome.services;
  if (wanted.length === 0) return fail(`${command} succeeded, but the file declares no service.${shownTail(outcome.outputTail)}`);
  const missing = wanted.filter((service) => !outcome.containers.some((c) => c.service === service));
  if (missing.length > 0) {
    const declared = outcome.services.length ? ` The file declares ${listInProse(outcome.services)}.` : "";
    return fail(`Expected a container for the service${missing.length > 1 ? "s" : ""} ${listInProse(missing)}; compose started none.${declared}`);
  }
  const stopped = wanted.flatMap((service) => {
    const containers = outcome.containers.filter((c) => c.service === service);
    return containers.some((c) => c.running) ? [] : containers.slice(0, 1);
  });
  if (stopped.length > 0) {
    const details = stopped
      .map((c) => `${c.name} (service ${c.service}) is ${c.state}${c.exitCode !== undefined ? `, exit code ${c.exitCode}` : ""}.${shownTail(c.logsTail, `Its last log lines`)}`)
      .join("\n");
    return fail(`Expected every service to keep running ${spec.stableSeconds} s after up; ${details}`);
  }
  const names = wanted.map((service) => outcome.containers.find((c) => c.service === service && c.running)!.name);
  return pass(`${command} succeeded; ${listInProse(names)} ${names.length > 1 ? "are" : "is"} running.`);
}
