/** Static checks on the files as the student types them (no build, no grade recorded). */
import type { CheckResult } from "../../lib/protocol/messages";
import { getLessonByStep } from "../lessons/load-lessons";
import { snapshotForGrading } from "./grading-snapshot";
import { runStaticChecks } from "../grading/run-checks";
import { dockerfileSyntaxResults } from "../grading/dockerfile-syntax-results";

export async function lintForStudent(studentId: string, step: number, path: string, content: string): Promise<CheckResult[]> {
  const lesson = await getLessonByStep(step);
  if (!lesson) return [];
  const workspace = await snapshotForGrading(studentId, lesson);
  workspace.files[path] = content; // the editor's unsaved text wins over the disk
  return [...dockerfileSyntaxResults(path, content), ...runStaticChecks(lesson.checks, workspace)];
}
