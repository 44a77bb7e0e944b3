/**
 * Reads a file of the step folder from the workspace snapshot. A missing file is a message for
 * the student ("No Dockerfile at 1_worpress_multiservice_dirty/Dockerfile…"), never an exception.
 */
import { parseDockerfile } from "../dockerfile/parse-dockerfile";
import type { ParsedDockerfile } from "../dockerfile/dockerfile-syntax";
import type { WorkspaceSnapshot } from "../evidence";
import { describeSimilarFolder, normalizePath, resolveStepFolder } from "./step-folder";

export type StepFile = { ok: true; path: string; text: string } | { ok: false; path: string; message: string };
export type StepDockerfile = { ok: true; path: string; text: string; parsed: ParsedDockerfile } | { ok: false; path: string; message: string };

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

function whyMissing(workspace: WorkspaceSnapshot, file: string, path: string): string {
  const resolution = resolveStepFolder(workspace);
  if (!resolution.found) {
    const similar = describeSimilarFolder(resolution, file);
    return `No ${file} at ${path}: there is no folder ${resolution.folder}/ in your workspace.${similar ? ` ${similar}` : ""}`;
  }
  const name = file.slice(file.lastIndexOf("/") + 1).toLowerCase();
  const lookalike = resolution.files.find((f) => {
    const base = f.slice(f.lastIndexOf("/") + 1).toLowerCase();
    return base === name || base.startsWith(`${name}.`);
  });
  return lookalike
    ? `No ${file} at ${path}; found ${resolution.folder}/${lookalike} instead: the file must be named exactly ${file}.`
    : `No ${file} at ${path}: the folder ${resolution.folder}/ has no file named ${file}.`;
}

export function readStepFile(workspace: WorkspaceSnapshot, file: string): StepFile {
  const path = stepFilePath(workspace, file);
  const text = findFile(workspace, path);
  if (text === undefined) return { ok: false, path, message: whyMissing(workspace, file, path) };
  return { ok: true, path, text };
}

export function readDockerfile(workspace: WorkspaceSnapshot, file: string): StepDockerfile {
  const read = readStepFile(workspace, file);
  return read.ok ? { ...read, parsed: parseDockerfile(read.text) } : read;
}
