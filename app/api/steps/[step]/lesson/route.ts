import { getLesson, requestLocale } from "@/server/app-api";
import type { Lesson, LessonResponse } from "@/app/_components/api-types";
import { AppError } from "@/server/app-error";
import { say } from "@/lib/i18n/text-ref";
import { isSolutionOpenTo, listStudentDueDates } from "@/server/db/repositories";
import { studentStepRoute } from "../../_lib/student-step-route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** One step's lesson in the request's language (English when it has no translation): front matter and the lesson rendered to sanitized HTML; whether the student's teacher opened its reference solution; when it is due for them. */
export const GET = studentStepRoute(async (student, step, request): Promise<LessonResponse> => {
  const lesson: Lesson | null = await getLesson(step, requestLocale(request));
  if (!lesson) throw new AppError("not_found", say("request.noStep", { step }));
  const [solutionOpen, dueDates] = await Promise.all([isSolutionOpenTo(student.id, step), listStudentDueDates(student.id, step)]);
  // In two classes with different dates, the earlier one: better warned too soon than too late.
  const due = dueDates.sort((a, b) => a.getTime() - b.getTime())[0];
  return { lesson: { ...lesson, ...(solutionOpen && { referenceSolution: true as const }), ...(due && { dueAt: due.toISOString() }) } };
});
