/**
 * Starting a step's folder from the previous step: the student's own folder ("mine") or the
 * previous lesson's reference solution ("reference"). The decision (copy, ask first, or explain
 * why not) is pure and shared: the server enforces it, the page uses it to word its dialogs. A
 * decision's `message` is its English; `text`, the same as a catalog message, for the page to say
 * in its reader's language.
 */
import { englishOf } from "./i18n/render-text";
import { say, type TextRef, type TextValue } from "./i18n/text-ref";

export type StartSource = "mine" | "reference";

/** A folder as the copy sees it: whether it exists and the files in it (relative to it). */
export type FolderContents = { exists: boolean; files: string[] };

export type StartDecision =
  | { kind: "copy"; replacing: [] }
  /** The target holds files: copy only once the student confirmed they may be replaced. */
  | { kind: "confirm"; replacing: string[]; message: string; text: TextRef }
  /** Nothing to copy from. */
  | { kind: "missing"; message: string; text: TextRef };

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
  return englishOf(sourceText(source, previousStep));
}

function sourceText(source: StartSource, previousStep: number): TextRef {
  return say(source === "mine" ? "start.whatMine" : "start.whatReference", { step: previousStep });
}

export function decideStart(request: StartRequest): StartDecision {
  const { source, folder, previousFolder, previousStep, target, from, replace } = request;
  if (!from.exists || from.files.length === 0) {
    const values = { folder: previousFolder, step: previousStep };
    const text = say(source === "mine" ? (from.exists ? "start.mineEmpty" : "start.mineMissing") : "start.noReferenceFor", values);
    return { kind: "missing", message: englishOf(text), text };
  }
  if (target.files.length === 0 || replace) return { kind: "copy", replacing: [] };
  const text = replacementText(folder, target.files, sourceText(source, previousStep));
  return { kind: "confirm", replacing: target.files, message: englishOf(text), text };
}

/** "Replace the 3 files in 2_x/ (Dockerfile, a.sh, b.yml) with a copy of …? They will be deleted.", as a catalog message. */
function replacementText(folder: string, files: readonly string[], what: TextValue): TextRef {
  const shown = files.slice(0, LISTED_FILES).join(", ");
  const more = files.length > LISTED_FILES ? say("start.andMoreFiles", { count: files.length - LISTED_FILES }) : "";
  return say("start.replaceFiles", { count: files.length, folder, shown, more, what });
}

/** The same in English. */
export function replacementMessage(folder: string, files: readonly string[], what: string): string {
  return englishOf(replacementText(folder, files, what));
}
