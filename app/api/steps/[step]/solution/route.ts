import { requireStudent } from "@/server/app-api";
import { referenceSolutionFor } from "@/server/reference-solution";
import { json, parseStep, respond } from "../../../_lib/http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The step's reference solution, when the student's teacher has opened it to their class (else 403). */
export function GET(request: Request, context: { params: Promise<{ step: string }> }): Promise<Response> {
  return respond(async () => {
    const student = await requireStudent(request);
    const step = parseStep((await context.params).step);
    return json(await referenceSolutionFor(student.id, step));
  });
}
