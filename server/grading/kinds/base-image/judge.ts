/**
 * `base-image`: the final stage is built FROM the official image with the required tag (an
 * omitted tag is `latest`). ARG substitution and `FROM <earlier stage>` are followed.
 */
import type { CheckResult } from "../../../../lib/protocol/messages";
import type { CheckSpecOf } from "../../check-spec";
import type { Stage } from "../../dockerfile/dockerfile-syntax";
import { isOfficialImage, parseImageReference, repositoryKey } from "../../dockerfile/image-reference";
import { finalStage, stageLineage } from "../../dockerfile/parse-dockerfile";
import type { WorkspaceSnapshot } from "../../evidence";
import { resultsFor } from "../../judges/check-result";
import { readDockerfile } from "../../judges/step-files";
import { say, type TextValue } from "../../../../lib/i18n/text-ref";

function describeFrom(stage: Stage): TextValue {
  const written = `FROM ${stage.baseWritten}`;
  return stage.base !== stage.baseWritten ? say("base.fromGives", { written, base: stage.base || say("base.nothing") }) : written;
}

export function judgeBaseImage(spec: CheckSpecOf<"base-image">, workspace: WorkspaceSnapshot): CheckResult {
  const { pass, fail, error } = resultsFor(spec, "static");
  const read = readDockerfile(workspace, spec.file);
  if (!read.ok) return fail(read.why, { file: read.path });
  const file = read.path;
  const wanted = `${spec.image}:${spec.tag}`;
  const wantedRef = parseImageReference(spec.image);
  if (!wantedRef) return error(say("base.badSpec", { image: spec.image }));
  const stage = finalStage(read.parsed);
  if (!stage) return fail(say("base.noFrom", { wanted, file }), { file, line: 1 });

  const lineage = stageLineage(read.parsed, stage);
  const root = lineage[0] ?? stage;
  const line = root.from.startLine;
  const where =
    root === stage ? say("base.line", { line, from: describeFrom(root) }) : say("base.lineage", { stageLine: stage.from.startLine, stage: String(root.name), line, from: describeFrom(root) });
  const expected = isOfficialImage(wantedRef) ? say("base.expectedOfficial", { wanted, image: spec.image }) : say("base.expected", { wanted });

  if (root.base === "") return fail(say("base.noImage", { expected, where }), { file, line });
  const ref = parseImageReference(root.base);
  if (!ref) return fail(say("base.invalid", { expected, where }), { file, line });
  if (repositoryKey(ref) !== repositoryKey(wantedRef)) {
    const impostor = ref.repository.endsWith(`/${wantedRef.repository.split("/").at(-1)}`) && isOfficialImage(wantedRef);
    return fail(impostor ? say("base.impostor", { expected, where, base: root.base }) : say("base.other", { expected, where }), { file, line });
  }
  if (ref.tag === null && ref.digest !== null) {
    return fail(say("base.digest", { expected, where, tag: spec.tag, wanted }), { file, line });
  }
  const tag = ref.tag ?? "latest";
  if (tag !== spec.tag) return fail(say("base.other", { expected, where }), { file, line });
  return pass(say(ref.tag === null ? "base.passImplied" : "base.pass", { wanted, where, tag: spec.tag }), { file, line });
}
