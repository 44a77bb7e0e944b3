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

function describeFrom(stage: Stage): string {
  const written = `FROM ${stage.baseWritten}`;
  return stage.base !== stage.baseWritten ? `${written} (which gives ${stage.base || "nothing"})` : written;
}

export function judgeBaseImage(spec: CheckSpecOf<"base-image">, workspace: WorkspaceSnapshot): CheckResult {
  const { pass, fail, error } = resultsFor(spec, "static");
  const read = readDockerfile(workspace, spec.file);
  if (!read.ok) return fail(read.message, { file: read.path });
  const file = read.path;
  const wanted = `${spec.image}:${spec.tag}`;
  const wantedRef = parseImageReference(spec.image);
  if (!wantedRef) return error(`checks.yaml names an invalid image "${spec.image}"`);
  const stage = finalStage(read.parsed);
  if (!stage) return fail(`Expected FROM ${wanted}; ${file} has no FROM instruction.`, { file, line: 1 });

  const lineage = stageLineage(read.parsed, stage);
  const root = lineage[0] ?? stage;
  const line = root.from.startLine;
  const where =
    root === stage ? `line ${line} has ${describeFrom(root)}` : `the final stage (line ${stage.from.startLine}) builds on stage "${root.name}", whose line ${line} has ${describeFrom(root)}`;
  const expected = `Expected the final stage to start FROM ${wanted}${isOfficialImage(wantedRef) ? ` (the official ${spec.image} image)` : ""}`;

  if (root.base === "") return fail(`${expected}; ${where}: that names no image.`, { file, line });
  const ref = parseImageReference(root.base);
  if (!ref) return fail(`${expected}; ${where}, which is not a valid image name.`, { file, line });
  if (repositoryKey(ref) !== repositoryKey(wantedRef)) {
    const impostor = ref.repository.endsWith(`/${wantedRef.repository.split("/").at(-1)}`) && isOfficialImage(wantedRef);
    const note = impostor ? `: ${root.base} is not the official image, it belongs to another publisher` : "";
    return fail(`${expected}; ${where}${note}.`, { file, line });
  }
  if (ref.tag === null && ref.digest !== null) {
    return fail(`${expected}; ${where}: a digest pins some version, so the tag ${spec.tag} cannot be checked. Write ${wanted}.`, { file, line });
  }
  const tag = ref.tag ?? "latest";
  if (tag !== spec.tag) return fail(`${expected}; ${where}.`, { file, line });
  const implied = ref.tag === null ? ` (no tag means ${spec.tag})` : "";
  return pass(`The final stage builds on ${wanted}: ${where}${implied}.`, { file, line });
}
