/** `folder`: the step folder exists under its exact name, holds the required files and none of those the step replaces. */
import type { CheckResult } from "../../../../lib/protocol/messages";
import type { CheckSpecOf } from "../../check-spec";
import type { WorkspaceSnapshot } from "../../evidence";
import { resultsFor } from "../../judges/check-result";
import { expectedFolderNamesText, resolveStepFolder, similarFolderSuffix } from "../../judges/step-folder";
import { listOf, say } from "../../../../lib/i18n/text-ref";

export function judgeFolder(spec: CheckSpecOf<"folder">, workspace: WorkspaceSnapshot): CheckResult {
  const { pass, fail } = resultsFor(spec, "static");
  const resolution = resolveStepFolder(workspace);
  if (!resolution.found) {
    const count = workspace.accepted?.length ?? 1;
    const none = say(count === 1 ? "folder.noneOne" : count === 2 ? "folder.noneTwo" : "folder.noneMany");
    return fail(say("folder.missing", { names: expectedFolderNamesText(workspace), none, similar: similarFolderSuffix(resolution, spec.files[0] ?? "Dockerfile") }));
  }
  const missing = spec.files.filter((file) => !resolution.files.includes(file.replace(/^\.\//, "")));
  if (missing.length === 0) {
    const left = spec.absent.filter((a) => resolution.files.includes(a.file.replace(/^\.\//, "")));
    if (left.length > 0) {
      const items = listOf(left.map((a) => say("folder.stillThereItem", { file: a.file, because: a.because })));
      return fail(say(left.length > 1 ? "folder.stillThereMany" : "folder.stillThereOne", { folder: resolution.folder, items }), { file: `${resolution.folder}/${left[0]!.file}` });
    }
    const found = spec.files.map((f) => `${resolution.folder}/${f}`);
    return pass(
      found.length
        ? say("folder.found", { files: listOf(found) })
        : say("folder.holdsNone", {
            folder: resolution.folder,
            files: listOf(
              spec.absent.map((a) => a.file),
              "or",
            ),
          }),
    );
  }
  const notes = missing.map((file) => {
    const lower = file.toLowerCase();
    const lookalike = resolution.files.find((f) => f.toLowerCase() === lower || f.toLowerCase().startsWith(`${lower}.`));
    return lookalike ? say("folder.lookalike", { lookalike, file }) : say("folder.fileMissing", { file });
  });
  return fail(say("folder.incomplete", { folder: resolution.folder, notes: listOf(notes) }), { file: `${resolution.folder}/${missing[0]}` });
}
