import { getStartOptions, requestLocale, startStepFrom } from "@/server/app-api";
import type { StartFromResponse, StartOptionsResponse } from "@/app/_components/api-types";
import { AppError } from "@/server/app-error";
import { say } from "@/lib/i18n/text-ref";
import { readJsonBody } from "../../../_lib/read-body";
import { studentStepRoute } from "../../_lib/student-step-route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** What the step's folder holds and what it can be started from (the previous step's folders). */
export const GET = studentStepRoute(async (student, step, request): Promise<StartOptionsResponse> => ({ options: await getStartOptions(student.id, step, requestLocale(request)) }));

/**
 * POST { source: "mine" | "reference", replace?: boolean } — fills the step's folder from the
 * previous step. A folder holding files is only replaced with `replace: true` (409 otherwise).
 */
export const POST = studentStepRoute(
  async (student, step, request): Promise<StartFromResponse> => {
    const body = (await readJsonBody(request, 4096, say("request.tooLarge"))) as { source?: unknown; replace?: unknown } | null;
    const source = body?.source;
    if (source !== "mine" && source !== "reference") {
      throw new AppError("bad_request", say("request.startFromWhere"));
    }
    return { result: await startStepFrom(student.id, step, source, body?.replace === true) };
  },
  { changes: true },
);
