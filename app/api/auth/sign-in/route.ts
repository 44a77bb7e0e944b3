import { getConfig } from "@/server/config";
import { signIn } from "@/server/identity/accounts";
import { authCookieHeader, isHttpsRequest } from "@/server/identity/auth-cookie";
import { clientAddress } from "@/server/identity/sign-in-limiter";
import { studentCookieHeader } from "@/server/identity/student-cookie";
import { assertSameSite, respond } from "../../_lib/http";
import { jsonWithCookies, readValidBody } from "../_lib/auth-http";
import { signInBody } from "../_lib/schemas";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * Signs in. A student account also gets its Student's wb_student cookie, so their work follows
 * them to another browser.
 */
export function POST(request: Request): Promise<Response> {
  return respond(async () => {
    assertSameSite(request);
    const { email, password } = await readValidBody(request, signInBody);
    const { token, account } = await signIn({ email, password, address: clientAddress(request) });
    const secure = isHttpsRequest(request);
    const cookies = [authCookieHeader(token, secure)];
    if (account.studentId) cookies.push(studentCookieHeader(account.studentId, getConfig().SESSION_SECRET, secure));
    return jsonWithCookies({ role: account.role, mustChangePassword: account.mustChangePassword }, cookies);
  });
}
