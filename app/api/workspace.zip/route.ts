import { requireStudent, zipWorkspace } from "@/server/app-api";
import { respond } from "../_lib/http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/workspace.zip — the student's whole workspace as a zip download. */
export function GET(request: Request): Promise<Response> {
  return respond(async () => {
    const student = await requireStudent(request);
    const zip = await zipWorkspace(student.id);
    return new Response(new Uint8Array(zip), {
      headers: {
        "content-type": "application/zip",
        "content-disposition": 'attachment; filename="docker-workbench-workspace.zip"',
        "content-length": String(zip.byteLength),
        "cache-control": "no-store",
      },
    });
  });
}
