/** `container`: the container starts and is still running after the stable period. */
import type { CheckResult } from "../../../../lib/protocol/messages";
import type { CheckSpecOf } from "../../check-spec";
import type { ContainerOutcome } from "../../evidence";
import { resultsFor } from "../../judges/check-result";
import { say, type TextRef, type TextValue } from "../../../../lib/i18n/text-ref";

function explainExit(code: number | undefined): TextRef {
  if (code === 0) return say("container.exit0");
  if (code === 127) return say("container.exit127");
  if (code === 126) return say("container.exit126");
  if (code === 137) return say("container.exit137");
  if (code === 139) return say("container.exit139");
  return code === undefined ? say("container.exitNone") : say("container.exitCode", { code });
}

export function judgeContainer(spec: CheckSpecOf<"container">, outcome: ContainerOutcome): CheckResult {
  const { pass, fail } = resultsFor(spec, "dynamic");
  const published: TextValue = spec.publish.length ? say("container.published", { ports: spec.publish.join(" -p ") }) : "";
  const logs: TextValue = outcome.logsTail.trim() ? say("container.logs", { logs: outcome.logsTail.trimEnd() }) : "";
  if (!outcome.started) {
    return fail(say("container.notStarted", { name: spec.name, image: spec.image, published, error: outcome.error ?? say("container.noReason"), logs }));
  }
  if (!outcome.running) {
    return fail(say("container.stopped", { name: spec.name, seconds: spec.stableSeconds, exit: explainExit(outcome.exitCode), logs }));
  }
  return pass(say("container.pass", { name: spec.name, image: spec.image, published, seconds: spec.stableSeconds }));
}
