/**
 * "Start from my step N-1" and "Start from the reference of step N-1". The step decides
 * everything: the target is its folder, the sources are its `previousFolder` in the student's
 * workspace and the previous lesson's solution/<previousFolder>/. The browser only picks which
 * source and whether it confirmed replacing files, never a path.
 */
import path from "node:path";
import { AppError } from "./app-error";
import { say } from "../lib/i18n/text-ref";
import { getCourse, type Lesson } from "./lessons/load-lessons";
import { logger } from "./logger";
import { decideStart, type FolderContents, type StartSource } from "../lib/start-from";
import { fillFolder, inspectFolder, inspectHostFolder, untouchedStarterFiles, type FillSource } from "./workspace/fill-folder";

const log = logger.child({ area: "start-step" });

export type StartOptions = {
  step: number;
  folder: string;
  /**
   * The student's files in the step's folder (relative to it); empty when it is missing, empty,
   * or holds only the lesson's starter files as they came (those are replaced without asking).
   */
  targetFiles: string[];
  /** Starter files still as the course wrote them (e.g. a START_HERE.md note). */
  starterFiles: string[];
  targetExists: boolean;
  /** Other folders the step's checks read when `folder` holds none of the student's files (checks.yaml's alsoAccepted). */
  alsoAccepted: string[];
  /** null when the step does not start from a previous one. */
  previous: {
    step: number;
    title: string;
    folder: string;
    /** The student's own previous folder. */
    mine: FolderContents;
    /** Whether the course ships a reference solution for it. */
    hasReference: boolean;
  } | null;
};

export type StartResult = { source: StartSource; folder: string; copied: string[]; replaced: number };

type Plan = { lesson: Lesson; previous: { step: number; title: string; folder: string; referenceDir: string | null } | null };

/** The step folder's files, apart from the starter files the student has not touched. */
async function inspectTarget(studentId: string, lesson: Lesson): Promise<FolderContents & { starterFiles: string[] }> {
  const target = await inspectFolder(studentId, lesson.folder);
  const starterFiles = lesson.starterDir ? await untouchedStarterFiles(studentId, lesson.folder, path.join(lesson.starterDir, lesson.folder)) : [];
  return { exists: target.exists, files: target.files.filter((file) => !starterFiles.includes(file)), starterFiles };
}

async function planFor(step: number): Promise<Plan> {
  const course = await getCourse();
  const lesson = course.find((l) => l.step === step);
  if (!lesson) throw new AppError("not_found", say("request.noStep", { step }));
  const previousFolder = lesson.previousFolder;
  if (!previousFolder) return { lesson, previous: null };
  // The lesson whose folder it is; else the step just before (a lesson may rename the folder).
  const earlier = course.filter((l) => l.step < step);
  const source = earlier.find((l) => l.folder === previousFolder) ?? earlier.at(-1);
  const referenceDir = source?.solutionDir ? path.join(source.solutionDir, previousFolder) : null;
  return {
    lesson,
    previous: { step: source?.step ?? step - 1, title: source?.title ?? `Step ${step - 1}`, folder: previousFolder, referenceDir },
  };
}

export async function getStartOptions(studentId: string, step: number): Promise<StartOptions> {
  const { lesson, previous } = await planFor(step);
  const target = await inspectTarget(studentId, lesson);
  const base = {
    step,
    folder: lesson.folder,
    targetFiles: target.files,
    targetExists: target.exists,
    starterFiles: target.starterFiles,
    alsoAccepted: lesson.checks.alsoAccepted,
  };
  if (!previous) return { ...base, previous: null };
  const [mine, reference] = await Promise.all([
    inspectFolder(studentId, previous.folder),
    previous.referenceDir ? inspectHostFolder(previous.referenceDir) : Promise.resolve({ exists: false, files: [] }),
  ]);
  return {
    ...base,
    previous: { step: previous.step, title: previous.title, folder: previous.folder, mine, hasReference: reference.files.length > 0 },
  };
}

export async function startStepFrom(studentId: string, step: number, source: StartSource, replace: boolean): Promise<StartResult> {
  const { lesson, previous } = await planFor(step);
  if (!previous) throw new AppError("bad_request", say("start.noPrevious", { step }));
  const target = await inspectTarget(studentId, lesson);
  const from: FolderContents =
    source === "mine" ? await inspectFolder(studentId, previous.folder) : previous.referenceDir ? await inspectHostFolder(previous.referenceDir) : { exists: false, files: [] };
  const decision = decideStart({
    source,
    folder: lesson.folder,
    previousFolder: previous.folder,
    previousStep: previous.step,
    target,
    from,
    replace,
  });
  if (decision.kind === "missing") throw new AppError("not_found", decision.text);
  if (decision.kind === "confirm") throw new AppError("conflict", decision.text);

  const fillSource: FillSource = source === "mine" ? { kind: "workspace", folder: previous.folder } : { kind: "host", dir: previous.referenceDir ?? "" };
  // Untouched starter files (a note of ours) make way without asking.
  const copied = await fillFolder(studentId, lesson.folder, fillSource, { replace: replace || target.files.length === 0 });
  log.info("step folder started from the previous step", {
    studentId,
    step,
    source,
    from: source === "mine" ? previous.folder : `${path.basename(path.dirname(path.dirname(previous.referenceDir ?? "")))}/solution/${previous.folder}`,
    to: lesson.folder,
    files: copied.length,
    replaced: target.files.length,
  });
  return { source, folder: lesson.folder, copied, replaced: target.files.length };
}
