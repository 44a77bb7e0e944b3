import { requireStudent } from "@/server/app-api";
import { signUpStudent } from "@/server/identity/accounts";
import { authCookieHeader, isHttpsRequest } from "@/server/identity/auth-cookie";
import { assertSameSite, respond } from "../../_lib/http";
import { jsonWithCookies, readValidBody } from "../_lib/auth-http";
import { signUpBody } from "../_lib/schemas";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Sign-up by join link: this browser's anonymous student keeps their work under a new account. */
export function POST(request: Request): Promise<Response> {
  return respond(async () => {
    assertSameSite(request);
    const student = await requireStudent(request, { beforeAccount: true });
    const { joinCode, email, password } = await readValidBody(request, signUpBody);
    const { token, account } = await signUpStudent({ studentId: student.id, joinCode, email, password });
    return jsonWithCookies({ role: account.role }, [authCookieHeader(token, isHttpsRequest(request))], 201);
  });
}
