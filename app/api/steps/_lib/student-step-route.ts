/**
 * The shape of a student's step routes (/api/steps/N/…): the student of the request's cookie, the
 * step of the URL (a course step, else 404), then the route's own work; a route that changes
 * something is same-site only. `handle` returns a Response (sent as is) or a value (sent as JSON).
 */
import { requireStudent } from "@/server/app-api";
import { assertSameSite, json, parseStep, respond } from "../../_lib/http";

export type Student = Awaited<ReturnType<typeof requireStudent>>;

export function studentStepRoute(handle: (student: Student, step: number, request: Request) => Promise<unknown>, options: { changes?: boolean } = {}) {
  return (request: Request, context: { params: Promise<{ step: string }> }): Promise<Response> =>
    respond(async () => {
      if (options.changes) assertSameSite(request);
      const student = await requireStudent(request);
      const step = parseStep((await context.params).step);
      const result = await handle(student, step, request);
      return result instanceof Response ? result : json(result);
    });
}
