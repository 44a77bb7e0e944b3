import { requireAccount } from "@/server/identity/accounts";
import { getClassGrid, joinPath, TEACHING_ROLES } from "@/server/identity/classes";
import { json, respond } from "../../_lib/http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** One class with its students × steps grid: its teacher or an admin only. */
export function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(async () => {
    const actor = await requireAccount(request.headers.get("cookie"), TEACHING_ROLES);
    const { id } = await context.params;
    const grid = await getClassGrid(actor, id);
    const { class: klass, rows } = grid;
    return json({ id: klass.id, name: klass.name, steps: klass.steps, joinCode: klass.joinCode, joinPath: joinPath(klass.joinCode), rows });
  });
}
