import { issuePasswordReset, requireAccount } from "@/server/identity/accounts";
import { assertSameSite, json, respond } from "../../_lib/http";
import { readValidBody } from "../_lib/auth-http";
import { issueResetBody } from "../_lib/schemas";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** A teacher (for their students) or an admin (for anyone) issues a one-time password-reset link. */
export function POST(request: Request): Promise<Response> {
  return respond(async () => {
    assertSameSite(request);
    const actor = await requireAccount(request.headers.get("cookie"), ["teacher", "admin"]);
    const { email } = await readValidBody(request, issueResetBody);
    const { token, expiresAt } = await issuePasswordReset(actor, email);
    return json({ link: `/sign-in/reset/${token}`, expiresAt: expiresAt.toISOString() });
  });
}
