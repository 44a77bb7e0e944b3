import { getStartOptions, requestLocale, requireStudent, startStepFrom } from "@/server/app-api";
import type { StartFromResponse, StartOptionsResponse } from "@/app/_components/api-types";
import { AppError } from "@/server/app-error";
import { assertSameSite, json, parseStep, respond } from "../../../_lib/http";
import { readJsonBody } from "../../../_lib/read-body";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Context = { params: Promise<{ step: string }> };

/** What the step's folder holds and what it can be started from (the previous step's folders). */
export function GET(request: Request, context: Context): Promise<Response> {
  return respond(async () => {
    const student = await requireStudent(request);
    const step = parseStep((await context.params).step);
    return json<StartOptionsResponse>({ options: await getStartOptions(student.id, step, requestLocale(request)) });
  });
}

/**
 * POST { source: "mine" | "reference", replace?: boolean } — fills the step's folder from the
 * previous step. A folder holding files is only replaced with `replace: true` (409 otherwise).
 */
export function POST(request: Request, context: Context): Promise<Response> {
  return respond(async () => {
    assertSameSite(request);
    const student = await requireStudent(request);
    const step = parseStep((await context.params).step);
    const body = (await readJsonBody(request, 4096, "The request is too large.")) as { source?: unknown; replace?: unknown } | null;
    const source = body?.source;
    if (source !== "mine" && source !== "reference") {
      throw new AppError("bad_request", 'Say where to start from: "mine" or "reference".');
    }
    const result = await startStepFrom(student.id, step, source, body?.replace === true);
    return json<StartFromResponse>({ result });
  });
}
