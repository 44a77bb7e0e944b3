import { getClassConstraintRows } from "@/server/identity/classes";
import { constraintsCsv, gradesFileName } from "@/server/identity/class-grades-csv";
import { parseStep } from "@/app/api/_lib/http";
import { classReadRoute } from "../../_lib/class-route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** One step's constraints × the class's students (?step=N), from each student's latest run: session or API token. */
export const GET = classReadRoute(async (actor, { id }: { id: string }, request) => {
  const step = parseStep(new URL(request.url).searchParams.get("step"));
  const { class: klass, constraints, rows } = await getClassConstraintRows(actor, id, step);
  return new Response(constraintsCsv(step, constraints, rows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${gradesFileName(klass.name, new Date(), `step-${step}-constraints`)}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
