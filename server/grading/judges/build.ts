/** `build`: the image builds. A failure names the engine's error and, when known, the instruction. */
import type { CheckResult } from "../../../lib/protocol/messages";
import type { CheckSpecOf } from "../check-spec";
import type { BuildOutcome, WorkspaceSnapshot } from "../evidence";
import { resultsFor } from "./check-result";
import { diagnoseBuildOutput, locateBuildFailure } from "./locate-build-failure";
import { readDockerfile } from "./step-files";

const lastLines = (text: string, count: number) =>
  text
    .split("\n")
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== "")
    .slice(-count)
    .join("\n");

export function judgeBuild(spec: CheckSpecOf<"build">, outcome: BuildOutcome, workspace: WorkspaceSnapshot): CheckResult {
  const { pass, fail } = resultsFor(spec, "dynamic");
  const dockerfile = spec.context === "." ? spec.dockerfile : `${spec.context.replace(/\/+$/, "")}/${spec.dockerfile}`;
  const read = readDockerfile(workspace, dockerfile);
  const file = read.path;
  if (outcome.ok) {
    return pass(`Built the image ${spec.tag} in ${Math.round(outcome.durationMs / 1000)} s.`, { file });
  }
  if (outcome.timedOut) {
    return fail(`The build of ${spec.tag} did not finish within ${spec.timeoutSeconds} s and was stopped. Last output:\n${lastLines(outcome.logTail, 6)}`, { file });
  }
  const output = `${outcome.logTail}\n${outcome.error ?? ""}`;
  const failed = read.ok ? locateBuildFailure(read.parsed, output) : undefined;
  const syntax = read.ok ? read.parsed.diagnostics.find((d) => d.severity === "error") : undefined;
  const where = failed ? ` at line ${failed.startLine} (${failed.keyword})` : "";
  const diagnosis = diagnoseBuildOutput(output) || (syntax && !failed ? syntax.message : "");
  const tail = lastLines(outcome.logTail, 8);
  const message = [
    `Expected the image ${spec.tag} to build; the build failed${where}: ${outcome.error ?? "the builder gave no reason"}.`,
    diagnosis,
    tail ? `Last output:\n${tail}` : "",
  ]
    .filter(Boolean)
    .join("\n");
  return fail(message, { file, line: failed?.startLine ?? (syntax && !failed ? syntax.line : undefined) });
}
