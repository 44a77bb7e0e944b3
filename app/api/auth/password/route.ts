import { AppError } from "@/server/app-error";
import { say } from "@/lib/i18n/text-ref";
import { changePassword, currentAccount } from "@/server/identity/accounts";
import { assertSameSite, json, respond } from "../../_lib/http";
import { readValidBody } from "../_lib/auth-http";
import { changePasswordBody } from "../_lib/schemas";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * Changes the signed-in account's password, with its current one: the one-time password at first
 * sign-in, or the password the person chose, from /account. This browser stays signed in; every
 * other session of the account ends (`signedOutElsewhere` says how many).
 */
export function POST(request: Request): Promise<Response> {
  return respond(async () => {
    assertSameSite(request);
    const account = await currentAccount(request.headers.get("cookie"));
    if (!account) throw new AppError("unauthorized", say("auth.signInFirst"));
    const { currentPassword, newPassword } = await readValidBody(request, changePasswordBody);
    const { signedOutElsewhere } = await changePassword(account, currentPassword, newPassword);
    return json({ changed: true, role: account.role, signedOutElsewhere });
  });
}
