/**
 * What a teacher's preview run grades: the step's reference solution, or the files of one stored
 * run of a student of the teacher's class (the same permission as the drill-down page that shows them).
 */
import { AppError } from "../app-error";
import type { SignedIn } from "../identity/accounts";
import type { Lesson } from "../lessons/load-lessons";
import { solutionFiles, type FilesToGrade } from "./preview-runs";

export interface SubmissionRef {
  classId: string;
  studentId: string;
  runId: string;
}

export async function previewFilesOf(_actor: SignedIn, lesson: Lesson, submission: SubmissionRef | undefined): Promise<FilesToGrade> {
  if (!submission) return solutionFiles(lesson);
  throw new AppError("unsupported", "Running the checks on a stored submission is not available yet.");
}
