/**
 * Finds the step folder in a workspace snapshot and, when it is missing, the folders the student
 * probably meant: the same name nested deeper or spelled differently (`1_wordpress_…` for the
 * course's `1_worpress_…`), or a previous step's folder copied without being renamed.
 */
import type { WorkspaceSnapshot } from "../evidence";
import { englishOf } from "../../../lib/i18n/render-text";
import { listOf, say, type TextList, type TextRef } from "../../../lib/i18n/text-ref";

export interface SimilarFolder {
  /** Path relative to the workspace root. */
  folder: string;
  hasDockerfile: boolean;
  /** The same name, only at another depth or with other letter case. */
  sameName: boolean;
}

export type StepFolderResolution = { found: true; folder: string; /** Files in it, relative to the folder. */ files: string[] } | { found: false; folder: string; similar: SimilarFolder[] };

export const normalizePath = (path: string) =>
  path
    .replace(/\\/g, "/")
    .replace(/^(\.\/|\/)+/, "")
    .replace(/\/+$/, "");

/** The workspace's file paths, normalized ("a/b", no leading "./"). */
export function workspacePaths(workspace: WorkspaceSnapshot): string[] {
  return Object.keys(workspace.files).map(normalizePath);
}

function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

const wordsOf = (name: string) =>
  name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== "" && !/^[0-9]+$/.test(w));

/** 0..1: how many of the expected name's words appear (allowing a typo) in the candidate. */
function wordOverlap(expected: string, candidate: string): number {
  const wanted = wordsOf(expected);
  const have = wordsOf(candidate);
  if (wanted.length === 0) return 0;
  const close = (a: string, b: string) => a === b || (Math.min(a.length, b.length) >= 4 && editDistance(a, b) <= 1);
  return wanted.filter((w) => have.some((h) => close(w, h))).length / wanted.length;
}

/** How close a folder name is to the expected one; lower is closer, null when unrelated. */
function similarity(expected: string, candidate: string): number | null {
  const a = expected.toLowerCase();
  const b = candidate.toLowerCase();
  if (a === b) return 0;
  const distance = editDistance(a, b);
  if (distance <= Math.max(3, Math.floor(a.length / 5))) return distance;
  if (b.includes(a) || a.includes(b)) return 10;
  const overlap = wordOverlap(expected, candidate);
  return overlap >= 0.5 ? 20 + Math.round((1 - overlap) * 10) : null;
}

/** The names a step's folder may have, in order of preference: checks.yaml's folder, then its alsoAccepted. */
export const stepFolderNames = (checks: { folder: string; alsoAccepted?: readonly string[] }): string[] => [checks.folder, ...(checks.alsoAccepted ?? []).filter((name) => name !== checks.folder)];

/**
 * Which accepted name the checks read: the first folder holding a file of the student's (paths in
 * `ignored`, e.g. a starter file the course put there and nobody touched, do not count), else the
 * first folder that exists, else the preferred name (the folder check then says it is missing).
 */
export function chooseStepFolder(names: readonly string[], paths: readonly string[], ignored: readonly string[] = []): string {
  const normalized = paths.map(normalizePath);
  const skipped = new Set(ignored.map(normalizePath));
  const holds = (name: string, path: string) => path.startsWith(`${normalizePath(name)}/`);
  const own = names.find((name) => normalized.some((path) => holds(name, path) && !skipped.has(path)));
  return own ?? names.find((name) => normalized.some((path) => holds(name, path))) ?? names[0]!;
}

/** A workspace snapshot reading the chosen step folder, with every accepted name kept for messages. */
export function snapshotOfStep(checks: { folder: string; alsoAccepted?: readonly string[] }, files: Record<string, string>, ignored: readonly string[] = []): WorkspaceSnapshot {
  const names = stepFolderNames(checks);
  const folder = chooseStepFolder(names, Object.keys(files), ignored);
  return names.length > 1 ? { folder, accepted: names, files } : { folder, files };
}

/** The accepted names, for a message: "a", "a or b" said in the student's language. */
export function expectedFolderNamesText(workspace: WorkspaceSnapshot): TextList {
  return listOf(workspace.accepted?.length ? workspace.accepted : [normalizePath(workspace.folder)], "or");
}

/** "9_wordpress_swarm", or "9_wordpress_swarm or 8_my_final_wordpress" when several names are accepted. */
export function expectedFolderNames(workspace: WorkspaceSnapshot): string {
  const names = workspace.accepted?.length ? workspace.accepted : [normalizePath(workspace.folder)];
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
}

export function resolveStepFolder(workspace: WorkspaceSnapshot): StepFolderResolution {
  const expected = normalizePath(workspace.folder);
  const paths = workspacePaths(workspace);
  const inFolder = paths.filter((p) => p.startsWith(`${expected}/`)).map((p) => p.slice(expected.length + 1));
  if (inFolder.length > 0) return { found: true, folder: expected, files: inFolder };

  const folders = new Set<string>();
  for (const path of paths) {
    const parts = path.split("/");
    for (let depth = 1; depth < parts.length; depth++) folders.add(parts.slice(0, depth).join("/"));
  }
  const expectedName = expected.slice(expected.lastIndexOf("/") + 1);
  const accepted = new Set((workspace.accepted ?? []).map(normalizePath));
  const similar = [...folders]
    .filter((folder) => !accepted.has(folder))
    .map((folder) => {
      const name = folder.slice(folder.lastIndexOf("/") + 1);
      return { folder, name, score: similarity(expectedName, name) };
    })
    .filter((c): c is { folder: string; name: string; score: number } => c.score !== null)
    .map((c) => ({
      folder: c.folder,
      hasDockerfile: paths.includes(`${c.folder}/Dockerfile`),
      sameName: c.name.toLowerCase() === expectedName.toLowerCase(),
      score: c.score - (paths.includes(`${c.folder}/Dockerfile`) ? 0.5 : 0),
    }))
    .sort((x, y) => x.score - y.score || x.folder.localeCompare(y.folder))
    .map(({ folder, hasDockerfile, sameName }) => ({ folder, hasDockerfile, sameName }));
  return { found: false, folder: expected, similar };
}

/** A sentence naming the most likely folder the student meant, or undefined. */
export function similarFolderText(resolution: Extract<StepFolderResolution, { found: false }>, file = "Dockerfile"): TextRef | undefined {
  const best = resolution.similar[0];
  if (!best) return undefined;
  if (best.sameName && best.folder.includes("/")) {
    return say(best.hasDockerfile ? "folder.similarNestedHolds" : "folder.similarNestedExists", { folder: best.folder, file });
  }
  return say(best.hasDockerfile ? "folder.similarHolds" : "folder.similarExists", { folder: best.folder, file, expected: resolution.folder });
}

/** The same sentence in English, or "". */
export function describeSimilarFolder(resolution: Extract<StepFolderResolution, { found: false }>, file = "Dockerfile"): string {
  const text = similarFolderText(resolution, file);
  return text ? englishOf(text) : "";
}

/** " <that sentence>" after another one, or "" (a value for a message's `{similar}`). */
export function similarFolderSuffix(resolution: Extract<StepFolderResolution, { found: false }>, file = "Dockerfile"): TextRef | string {
  const text = similarFolderText(resolution, file);
  return text ? say("common.then", { text }) : "";
}
