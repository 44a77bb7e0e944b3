import { listFiles, requireStudent } from "@/server/app-api";
import type { FilesResponse } from "@/app/_components/api-types";
import { json, parseStep, respond } from "../_lib/http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/files?step=N — the files of the student's workspace relevant to step N (made and seeded on first use, which starts the session). */
export function GET(request: Request): Promise<Response> {
  return respond(async () => {
    const student = await requireStudent(request, { makesWorkspace: true });
    const step = parseStep(new URL(request.url).searchParams.get("step"));
    const listing: FilesResponse = await listFiles(student.id, step);
    return json(listing);
  });
}
