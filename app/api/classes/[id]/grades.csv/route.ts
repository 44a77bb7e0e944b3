import { getClassGrid } from "@/server/identity/classes";
import { classGradesCsv, gradesFileName } from "@/server/identity/class-grades-csv";
import { classReadRoute } from "../../_lib/class-route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The class's gradebook as a CSV download: its teacher or an admin (session or API token). */
export const GET = classReadRoute(async (actor, { id }: { id: string }) => {
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
