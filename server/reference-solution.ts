/**
 * The reference solution of a step, for students whose teacher has opened it to their class
 * (the teacher's switch on the class page): the files of lessons/<step>/solution/<folder>/, read
 * only when the student may see them. The course's own files: text, small, never a student's.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { AppError } from "./app-error";
import { say } from "../lib/i18n/text-ref";
import { isSolutionOpenTo } from "./db/repositories";
import { getLessonByStep, type Lesson } from "./lessons/load-lessons";

export interface ReferenceSolution {
  step: number;
  folder: string;
  files: { path: string; content: string }[];
}

const MAX_FILES = 50;
const MAX_FILE_BYTES = 256 * 1024;

async function listFiles(root: string, dir = ""): Promise<string[]> {
  const entries = await readdir(path.join(root, dir), { withFileTypes: true });
  const out: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const relative = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(root, relative)));
    else if (entry.isFile()) out.push(relative);
  }
  return out;
}

/** The step's reference files, if a class of the student has them open; else a 403 that says why. */
export async function referenceSolutionFor(studentId: string, step: number): Promise<ReferenceSolution> {
  const lesson = await getLessonByStep(step);
  if (!lesson) throw new AppError("not_found", say("request.noStep", { step }));
  if (!(await isSolutionOpenTo(studentId, step))) {
    throw new AppError("forbidden", say("solution.notOpen", { step }));
  }
  const solution = await readReferenceSolution(lesson);
  if (!solution) throw new AppError("not_found", say("solution.none", { step }));
  return solution;
}

/** The files of a lesson's reference solution (the first 50, each up to 256 KiB), for whoever may see them; null when it has none. */
export async function readReferenceSolution(lesson: Pick<Lesson, "step" | "folder" | "solutionDir">): Promise<ReferenceSolution | null> {
  const dir = lesson.solutionDir ? path.join(lesson.solutionDir, lesson.folder) : null;
  if (!dir || !(await stat(dir).catch(() => null))?.isDirectory()) return null;
  const files: ReferenceSolution["files"] = [];
  for (const file of (await listFiles(dir)).slice(0, MAX_FILES)) {
    const full = path.join(dir, file);
    if ((await stat(full)).size > MAX_FILE_BYTES) continue;
    files.push({ path: `${lesson.folder}/${file}`, content: await readFile(full, "utf8") });
  }
  return { step: lesson.step, folder: lesson.folder, files };
}
