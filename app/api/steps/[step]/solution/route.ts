import { referenceSolutionFor } from "@/server/reference-solution";
import { studentStepRoute } from "../../_lib/student-step-route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The step's reference solution, when the student's teacher has opened it to their class (else 403). */
export const GET = studentStepRoute((student, step) => referenceSolutionFor(student.id, step));
