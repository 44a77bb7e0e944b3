import { requireAccount } from "@/server/identity/accounts";
import { getClassGrid, TEACHING_ROLES } from "@/server/identity/classes";
import { classGradesCsv, gradesFileName } from "@/server/identity/class-grades-csv";
import { respond } from "../../../_lib/http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The class's gradebook as a CSV download: its teacher or an admin only. */
export function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(async () => {
    const actor = await requireAccount(request.headers.get("cookie"), TEACHING_ROLES);
    const { id } = await context.params;
    const { class: klass, rows } = await getClassGrid(actor, id);
    return new Response(classGradesCsv(klass.steps, rows), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${gradesFileName(klass.name)}"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  });
}
