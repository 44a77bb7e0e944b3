/**
 * Reads a file of the step folder from the workspace snapshot. A missing file is a message for
 * the student ("No Dockerfile at 1_worpress_multiservice_dirty/Dockerfile…"), never an exception.
 */
import { parseDockerfile } from "../dockerfile/parse-dockerfile";
import type { ParsedDockerfile } from "../dockerfile/dockerfile-syntax";
import type { WorkspaceSnapshot } from "../evidence";
import { normalizePath, resolveStepFolder, similarFolderSuffix } from "./step-folder";
import { englishOf } from "../../../lib/i18n/render-text";
import { say, type TextRef } from "../../../lib/i18n/text-ref";

/** A missing file: `why` is the message for the student, `message` its English. */
type MissingFile = { ok: false; path: string; message: string; why: TextRef };
export type StepFile = { ok: true; path: string; text: string } | MissingFile;
export type StepDockerfile = { ok: true; path: string; text: string; parsed: ParsedDockerfile } | MissingFile;

/** Path of a step file relative to the workspace root, e.g. "1_worpress_multiservice_dirty/Dockerfile". */
export function stepFilePath(workspace: WorkspaceSnapshot, file: string): string {
  const joined = `${normalizePath(workspace.folder)}/${normalizePath(file)}`;
  return joined
    .split("/")
    .filter((part) => part !== "" && part !== ".")
    .join("/");
}

function findFile(workspace: WorkspaceSnapshot, path: string): string | undefined {
  const direct = workspace.files[path];
  if (direct !== undefined) return direct;
  const key = Object.keys(workspace.files).find((k) => normalizePath(k) === path);
  return key === undefined ? undefined : workspace.files[key];
}

function whyMissing(workspace: WorkspaceSnapshot, file: string, path: string): TextRef {
  const resolution = resolveStepFolder(workspace);
  if (!resolution.found) return say("file.noFolder", { file, path, folder: resolution.folder, similar: similarFolderSuffix(resolution, file) });
  const name = file.slice(file.lastIndexOf("/") + 1).toLowerCase();
  const lookalike = resolution.files.find((f) => {
    const base = f.slice(f.lastIndexOf("/") + 1).toLowerCase();
    return base === name || base.startsWith(`${name}.`);
  });
  return lookalike ? say("file.lookalike", { file, path, found: `${resolution.folder}/${lookalike}` }) : say("file.missing", { file, path, folder: resolution.folder });
}

export function readStepFile(workspace: WorkspaceSnapshot, file: string): StepFile {
  const path = stepFilePath(workspace, file);
  const text = findFile(workspace, path);
  if (text === undefined) {
    const why = whyMissing(workspace, file, path);
    return { ok: false, path, message: englishOf(why), why };
  }
  return { ok: true, path, text };
}

export function readDockerfile(workspace: WorkspaceSnapshot, file: string): StepDockerfile {
  const read = readStepFile(workspace, file);
  return read.ok ? { ...read, parsed: parseDockerfile(read.text) } : read;
}
