import { getCourse, requestLocale, requireStudent } from "@/server/app-api";
import type { CourseResponse } from "@/app/_components/api-types";
import { json, respond } from "../_lib/http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The course list with this student's progress on every step. */
export function GET(request: Request): Promise<Response> {
  return respond(async () => {
    const student = await requireStudent(request);
    const course: CourseResponse = await getCourse(student.id, requestLocale(request));
    return json(course);
  });
}
