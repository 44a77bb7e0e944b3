/**
 * What a teacher's preview run grades: the step's reference solution, or the files of one stored
 * run of a student of the teacher's class (the permission of the drill-down page that shows them:
 * another teacher's student reads as unknown), written again as the re-grade writes them.
 */
import type { SignedIn } from "../identity/accounts";
import { getStudentStepWork } from "../identity/student-work";
import type { Lesson } from "../lessons/load-lessons";
import { stepFolderNames } from "../grading/judges/step-folder";
import { frozenStepFromSnapshot } from "../grading-services/frozen-step";
import { AppError } from "../app-error";
import { say } from "../../lib/i18n/text-ref";
import { solutionFiles, type FilesToGrade } from "./preview-runs";

export interface SubmissionRef {
  classId: string;
  studentId: string;
  runId: string;
}

export async function previewFilesOf(actor: SignedIn, lesson: Lesson, submission: SubmissionRef | undefined): Promise<FilesToGrade> {
  if (!submission) return solutionFiles(lesson);
  const work = await getStudentStepWork(actor, submission.classId, submission.studentId, lesson.step, submission.runId);
  const files = work.shown?.filesSnapshot;
  if (!files) throw new AppError("not_found", say("class.noSuchRun"));
  return async () => frozenStepFromSnapshot(files, stepFolderNames(lesson.checks));
}
