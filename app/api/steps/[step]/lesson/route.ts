import { getLesson, requestLocale, requireStudent } from "@/server/app-api";
import type { Lesson, LessonResponse } from "@/app/_components/api-types";
import { AppError } from "@/server/app-error";
import { isSolutionOpenTo } from "@/server/db/repositories";
import { json, parseStep, respond } from "../../../_lib/http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** One step's lesson in the request's language (English when it has no translation): front matter and the lesson rendered to sanitized HTML; whether the student's teacher opened its reference solution. */
export function GET(request: Request, context: { params: Promise<{ step: string }> }): Promise<Response> {
  return respond(async () => {
    const student = await requireStudent(request);
    const step = parseStep((await context.params).step);
    const lesson: Lesson | null = await getLesson(step, requestLocale(request));
    if (!lesson) throw new AppError("not_found", `There is no step ${step} in this course.`);
    const solutionOpen = await isSolutionOpenTo(student.id, step);
    return json<LessonResponse>({ lesson: solutionOpen ? { ...lesson, referenceSolution: true } : lesson });
  });
}
