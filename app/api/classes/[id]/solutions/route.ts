import { requireAccount } from "@/server/identity/accounts";
import { setSolutionOpen, TEACHING_ROLES } from "@/server/identity/classes";
import { assertSameSite, json, respond } from "../../../_lib/http";
import { readValidBody } from "../../../auth/_lib/auth-http";
import { solutionSwitchBody } from "../../../auth/_lib/schemas";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Opens or closes one step's reference solution to the class: its teacher or an admin. */
export function POST(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(async () => {
    assertSameSite(request);
    const actor = await requireAccount(request.headers.get("cookie"), TEACHING_ROLES);
    const { id } = await context.params;
    const { step, open } = await readValidBody(request, solutionSwitchBody);
    const klass = await setSolutionOpen(actor, id, step, open);
    return json({ solutionSteps: klass.solutionSteps });
  });
}
