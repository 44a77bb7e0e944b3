import { requireAccount } from "@/server/identity/accounts";
import { revokeApiToken } from "@/server/identity/api-tokens";
import { TEACHING_ROLES } from "@/server/identity/classes";
import { assertSameSite, json, respond } from "../../_lib/http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Revokes one of the signed-in teacher's tokens: scripts using it get 401 from now on. */
export function DELETE(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(async () => {
    assertSameSite(request);
    const actor = await requireAccount(request.headers.get("cookie"), TEACHING_ROLES);
    const { id } = await context.params;
    await revokeApiToken(actor, id);
    return json({ revoked: id });
  });
}
