import { resetPassword } from "@/server/identity/accounts";
import { assertSameSite, json, respond } from "../../_lib/http";
import { readValidBody } from "../_lib/auth-http";
import { resetBody } from "../_lib/schemas";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Sets a new password with a one-time reset link's token. */
export function POST(request: Request): Promise<Response> {
  return respond(async () => {
    assertSameSite(request);
    const { token, newPassword } = await readValidBody(request, resetBody);
    await resetPassword(token, newPassword);
    return json({ reset: true });
  });
}
