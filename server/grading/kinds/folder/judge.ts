/** `folder`: the step folder exists under its exact name, holds the required files and none of those the step replaces. */
import type { CheckResult } from "../../../../lib/protocol/messages";
import type { CheckSpecOf } from "../../check-spec";
import type { WorkspaceSnapshot } from "../../evidence";
import { listInProse, resultsFor } from "../../judges/check-result";
import { describeSimilarFolder, expectedFolderNames, resolveStepFolder } from "../../judges/step-folder";

export function judgeFolder(spec: CheckSpecOf<"folder">, workspace: WorkspaceSnapshot): CheckResult {
  const { pass, fail } = resultsFor(spec, "static");
  const resolution = resolveStepFolder(workspace);
  if (!resolution.found) {
    const similar = describeSimilarFolder(resolution, spec.files[0] ?? "Dockerfile");
    const names = expectedFolderNames(workspace);
    const count = workspace.accepted?.length ?? 1;
    const noun = count === 1 ? "there is none" : count === 2 ? "neither is there" : "none of them is there";
    return fail(`Expected a folder named ${names} at the top of your workspace; ${noun}.${similar ? ` ${similar}` : ""}`);
  }
  const missing = spec.files.filter((file) => !resolution.files.includes(file.replace(/^\.\//, "")));
  if (missing.length === 0) {
    const left = spec.absent.filter((a) => resolution.files.includes(a.file.replace(/^\.\//, "")));
    if (left.length > 0) {
      const what = left.map((a) => `${a.file} is still there (${a.because})`);
      return fail(`In ${resolution.folder}/, ${listInProse(what)}: delete ${left.length > 1 ? "them" : "it"}.`, { file: `${resolution.folder}/${left[0]!.file}` });
    }
    const found = spec.files.map((f) => `${resolution.folder}/${f}`);
    return pass(
      found.length
        ? `Found ${listInProse(found)}.`
        : `The folder ${resolution.folder}/ holds none of ${listInProse(
            spec.absent.map((a) => a.file),
            "or",
          )}.`,
    );
  }
  const notes = missing.map((file) => {
    const lower = file.toLowerCase();
    const lookalike = resolution.files.find((f) => f.toLowerCase() === lower || f.toLowerCase().startsWith(`${lower}.`));
    return lookalike ? `found ${lookalike} instead of ${file} (the name must be exactly ${file})` : `${file} is missing`;
  });
  return fail(`The folder ${resolution.folder}/ is there, but ${listInProse(notes)}.`, { file: `${resolution.folder}/${missing[0]}` });
}
