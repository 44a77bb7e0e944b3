import { getLastCheck, requireStudent } from "@/server/app-api";
import type { LastCheck, LastCheckResponse } from "@/app/_components/api-types";
import { json, parseStep, respond } from "../../../_lib/http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The student's latest finished check of a step, or `{ lastCheck: null }`. */
export function GET(request: Request, context: { params: Promise<{ step: string }> }): Promise<Response> {
  return respond(async () => {
    const student = await requireStudent(request);
    const step = parseStep((await context.params).step);
    const lastCheck: LastCheck | null = await getLastCheck(student.id, step);
    return json<LastCheckResponse>({ lastCheck });
  });
}
