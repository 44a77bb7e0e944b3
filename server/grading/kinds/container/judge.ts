/** `container`: the container starts and is still running after the stable period. */
import type { CheckResult } from "../../../../lib/protocol/messages";
import type { CheckSpecOf } from "../../check-spec";
import type { ContainerOutcome } from "../../evidence";
import { resultsFor } from "../../judges/check-result";

function explainExit(code: number | undefined): string {
  if (code === 0) return "exit code 0: its main process finished normally, so nothing kept running in the foreground";
  if (code === 127) return "exit code 127: the command in CMD or ENTRYPOINT was not found";
  if (code === 126) return "exit code 126: the command in CMD or ENTRYPOINT is not executable";
  if (code === 137) return "exit code 137: it was killed (out of memory?)";
  if (code === 139) return "exit code 139: it crashed (segmentation fault)";
  return code === undefined ? "no exit code" : `exit code ${code}`;
}

export function judgeContainer(spec: CheckSpecOf<"container">, outcome: ContainerOutcome): CheckResult {
  const { pass, fail } = resultsFor(spec, "dynamic");
  const published = spec.publish.length ? ` with -p ${spec.publish.join(" -p ")}` : "";
  const logs = outcome.logsTail.trim() ? `\nIts last output:\n${outcome.logsTail.trimEnd()}` : "";
  if (!outcome.started) {
    return fail(`Expected the container ${spec.name} (image ${spec.image}${published}) to start; it did not: ${outcome.error ?? "no reason given"}.${logs}`);
  }
  if (!outcome.running) {
    return fail(`Expected the container ${spec.name} to keep running for ${spec.stableSeconds} s; it stopped with ${explainExit(outcome.exitCode)}.${logs}`);
  }
  return pass(`The container ${spec.name} (image ${spec.image}${published}) is still running after ${spec.stableSeconds} s.`);
}
