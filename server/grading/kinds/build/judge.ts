/**
 * `build`: the image builds. A failure names the engine's error and, when known, the instruction.
 * A RUN that would replicate itself without end is refused before the build (refuseBuild).
 */
import type { CheckResult } from "../../../../lib/protocol/messages";
import type { CheckSpecOf } from "../../check-spec";
import type { BuildOutcome, WorkspaceSnapshot } from "../../evidence";
import { findSelfReplicatingRun, type SelfReplicatingRun } from "../../dockerfile/self-replicating-run";
import { excerpt, resultsFor } from "../../judges/check-result";
import { diagnoseBuildFailure, locateBuildFailure } from "../../judges/locate-build-failure";
import { linesOf, listOf, say, type TextRef, type TextValue } from "../../../../lib/i18n/text-ref";
import type { TextKey } from "../../../../lib/i18n/texts/catalog";
import { readDockerfile } from "../../judges/step-files";

const lastLines = (text: string, count: number) =>
  text
    .split("\n")
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== "")
    .slice(-count)
    .join("\n");

/** The Dockerfile's path relative to the step folder. */
const dockerfilePath = (spec: CheckSpecOf<"build">) => (spec.context === "." ? spec.dockerfile : `${spec.context.replace(/\/+$/, "")}/${spec.dockerfile}`);

/** How a copy is started, in the student's language (the shell reader says it in English). */
const HOW: Record<string, TextKey> = {
  "in a pipe and in the background": "build.bombPipeBackground",
  "in a pipe": "build.bombPipe",
  "in the background": "build.bombBackground",
};

/** What the Dockerfile would run, described for the student: "the function f starts itself again in a pipe". */
function describeReplication({ found }: SelfReplicatingRun): TextRef {
  const [name = "", next] = found.cycle;
  const how = HOW[found.how] ? say(HOW[found.how]!) : found.how;
  return next === undefined ? say("build.bombSelf", { name, how }) : say("build.bombCycle", { names: listOf(found.cycle), name, next, how });
}

/**
 * Judged before the build starts: a RUN that replicates itself without end (a fork bomb) is
 * refused, since building it would fill the process table of the machine the grader shares.
 * Null when nothing stands in the way of the build.
 */
export function refuseBuild(spec: CheckSpecOf<"build">, workspace: WorkspaceSnapshot): CheckResult | null {
  const read = readDockerfile(workspace, dockerfilePath(spec));
  if (!read.ok) return null;
  const bomb = findSelfReplicatingRun(read.parsed, read.text);
  if (!bomb) return null;
  return resultsFor(spec, "dynamic").fail(
    say("build.forkBomb", {
      file: read.path,
      line: bomb.line,
      replication: describeReplication(bomb),
      text: excerpt(bomb.text, 80),
      tag: spec.tag,
      runLine: bomb.instruction.startLine,
    }),
    { file: read.path, line: bomb.line },
  );
}

export function judgeBuild(spec: CheckSpecOf<"build">, outcome: BuildOutcome, workspace: WorkspaceSnapshot): CheckResult {
  const { pass, fail } = resultsFor(spec, "dynamic");
  const read = readDockerfile(workspace, dockerfilePath(spec));
  const file = read.path;
  if (outcome.ok) {
    return pass(say("build.pass", { tag: spec.tag, seconds: Math.round(outcome.durationMs / 1000) }), { file });
  }
  if (outcome.timedOut) {
    return fail(say("build.timeout", { tag: spec.tag, seconds: spec.timeoutSeconds, output: lastLines(outcome.logTail, 6) }), { file });
  }
  const output = `${outcome.logTail}\n${outcome.error ?? ""}`;
  const failed = read.ok ? locateBuildFailure(read.parsed, output) : undefined;
  const syntax = read.ok ? read.parsed.diagnostics.find((d) => d.severity === "error") : undefined;
  const error: TextValue = outcome.errorText ?? outcome.error ?? say("build.noReason");
  const failedText = failed ? say("build.failedAt", { tag: spec.tag, line: failed.startLine, keyword: failed.keyword, error }) : say("build.failed", { tag: spec.tag, error });
  // The engine's words and the output are quoted as they are.
  const diagnosis = diagnoseBuildFailure(output) ?? (syntax && !failed ? (syntax.text ?? syntax.message) : "");
  const tail = lastLines(outcome.logTail, 8);
  const lines: TextValue[] = [failedText, diagnosis, tail ? say("common.lastOutput", { output: tail }) : ""].filter((part) => part !== "");
  return fail(say("common.lines", { lines: linesOf(lines) }), { file, line: failed?.startLine ?? (syntax && !failed ? syntax.line : undefined) });
}
