import { signOut } from "@/server/identity/accounts";
import { clearAuthCookieHeader, isHttpsRequest } from "@/server/identity/auth-cookie";
import { assertSameSite, respond } from "../../_lib/http";
import { jsonWithCookies } from "../_lib/auth-http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Deletes this browser's session and its cookie. */
export function POST(request: Request): Promise<Response> {
  return respond(async () => {
    assertSameSite(request);
    await signOut(request.headers.get("cookie"));
    return jsonWithCookies({ signedOut: true }, [clearAuthCookieHeader(isHttpsRequest(request))]);
  });
}
