import { setStudentExtension } from "@/server/identity/classes";
import { classChangeRoute } from "../../_lib/class-route";
import { extensionBody } from "../../../auth/_lib/schemas";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Gives one student of the class their own due date for a step (or, with dueAt null, takes it back). */
export const POST = classChangeRoute(extensionBody, async (actor, id, { studentId, step, dueAt }) => {
  await setStudentExtension(actor, id, studentId, step, dueAt);
  return { studentId, step, dueAt };
});
