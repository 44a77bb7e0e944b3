import { requireAccount } from "@/server/identity/accounts";
import { listMyApiTokens, makeApiToken } from "@/server/identity/api-tokens";
import { TEACHING_ROLES } from "@/server/identity/classes";
import { assertSameSite, json, respond } from "../_lib/http";
import { readValidBody } from "../auth/_lib/auth-http";
import { apiTokenBody } from "../auth/_lib/schemas";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const view = (token: { id: string; name: string; createdAt: Date; lastUsedAt: Date | null }) => ({
  id: token.id,
  name: token.name,
  createdAt: token.createdAt.toISOString(),
  lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
});

/** The signed-in teacher's API tokens (never the secrets). A browser session only: a token cannot list tokens. */
export function GET(request: Request): Promise<Response> {
  return respond(async () => {
    const actor = await requireAccount(request.headers.get("cookie"), TEACHING_ROLES);
    return json({ tokens: (await listMyApiTokens(actor)).map(view) });
  });
}

/** Makes a token; its secret is in this answer only. */
export function POST(request: Request): Promise<Response> {
  return respond(async () => {
    assertSameSite(request);
    const actor = await requireAccount(request.headers.get("cookie"), TEACHING_ROLES);
    const { name } = await readValidBody(request, apiTokenBody);
    const { token, record } = await makeApiToken(actor, name);
    return json({ token, ...view(record) }, 201);
  });
}
