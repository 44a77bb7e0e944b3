import { getLastCheck } from "@/server/app-api";
import type { LastCheckResponse } from "@/app/_components/api-types";
import { studentStepRoute } from "../../_lib/student-step-route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The student's latest finished check of a step, or `{ lastCheck: null }`. */
export const GET = studentStepRoute(async (student, step): Promise<LastCheckResponse> => ({ lastCheck: await getLastCheck(student.id, step) }));
