import { setStepDeadline } from "@/server/identity/classes";
import { classChangeRoute } from "../../_lib/class-route";
import { deadlineBody } from "../../../auth/_lib/schemas";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Sets (or, with dueAt null, removes) one step's due date for the class: its teacher or an admin. */
export const POST = classChangeRoute(deadlineBody, async (actor, id, { step, dueAt }) => {
  const klass = await setStepDeadline(actor, id, step, dueAt);
  return { deadlines: Object.fromEntries([...klass.deadlines].map(([s, date]) => [s, date.toISOString()])) };
});
