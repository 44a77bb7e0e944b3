import { getStudentStepWork } from "@/server/identity/student-work";
import { parseStep } from "@/app/api/_lib/http";
import { classReadRoute } from "@/app/api/classes/_lib/class-route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Params = { id: string; studentId: string; step: string };

/**
 * One student's work on one step of the class: every run (newest first, late submissions marked)
 * and one opened (?run=ID, else the latest submission) with its files, results and build log.
 */
export const GET = classReadRoute(async (actor, { id, studentId, step }: Params, request) => {
  const run = new URL(request.url).searchParams.get("run") ?? undefined;
  const work = await getStudentStepWork(actor, id, studentId, parseStep(step), run);
  return {
    classId: work.class.id,
    student: { id: work.student.studentId, name: work.student.name, email: work.student.email },
    step: work.step,
    dueAt: work.dueAt?.toISOString() ?? null,
    extended: work.extended,
    runs: work.runs,
    shown: work.shown,
  };
});
