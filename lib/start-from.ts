/**
 * Starting a step's folder from the previous step: the student's own folder ("mine") or the
 * previous lesson's reference solution ("reference"). The decision (copy, ask first, or explain
 * why not) is pure and shared: the server enforces it, the page uses it to word its dialogs.
 */
export type StartSource = "mine" | "reference";

/** A folder as the copy sees it: whether it exists and the files in it (relative to it). */
export type FolderContents = { exists: boolean; files: string[] };

export type StartDecision =
  | { kind: "copy"; replacing: [] }
  /** The target holds files: copy only once the student confirmed they may be replaced. */
  | { kind: "confirm"; replacing: string[]; message: string }
  /** Nothing to copy from. */
  | { kind: "missing"; message: string };

export type StartRequest = {
  source: StartSource;
  /** The step's folder (the copy's target). */
  folder: string;
  /** The previous step's folder, and its step number. */
  previousFolder: string;
  previousStep: number;
  target: FolderContents;
  /** The folder copied from; `files` empty or `exists` false means there is nothing to copy. */
  from: FolderContents;
  /** The student confirmed that the target's files may be replaced. */
  replace: boolean;
};

/** How many file names a confirmation lists before it says "and N more". */
const LISTED_FILES = 6;

export function describeSource(source: StartSource, previousStep: number): string {
  return source === "mine" ? `your step ${previousStep}` : `the reference solution of step ${previousStep}`;
}

export function decideStart(request: StartRequest): StartDecision {
  const { source, folder, previousFolder, previousStep, target, from, replace } = request;
  if (!from.exists || from.files.length === 0) {
    const message =
      source === "mine"
        ? from.exists
          ? `Your folder ${previousFolder}/ is empty, so there is nothing to copy. Start from the reference solution of step ${previousStep} instead, or add your files first.`
          : `There is no folder ${previousFolder}/ in your workspace, so your step ${previousStep} cannot be copied. Start from the reference solution of step ${previousStep} instead, or go back to step ${previousStep}.`
        : `This course has no reference solution for step ${previousStep} (${previousFolder}/). Start from your own step ${previousStep} instead.`;
    return { kind: "missing", message };
  }
  if (target.files.length === 0 || replace) return { kind: "copy", replacing: [] };
  return {
    kind: "confirm",
    replacing: target.files,
    message: replacementMessage(folder, target.files, describeSource(source, previousStep)),
  };
}

/** "Replace the 3 files in 2_x/ (Dockerfile, a.sh, b.yml) with a copy of …? They will be deleted." */
export function replacementMessage(folder: string, files: readonly string[], what: string): string {
  const shown = files.slice(0, LISTED_FILES).join(", ");
  const more = files.length > LISTED_FILES ? ` and ${files.length - LISTED_FILES} more` : "";
  const count = files.length === 1 ? "the file" : `the ${files.length} files`;
  return `Replace ${count} in ${folder}/ (${shown}${more}) with a copy of ${what}? Your current files in ${folder}/ will be deleted.`;
}
