import { isAppError } from "@/server/app-error";
import { isHttpsRequest } from "@/server/identity/auth-cookie";
import { logger } from "@/server/logger";
import { ltiErrorPage } from "@/server/lti/error-page";
import { initiateLogin } from "@/server/lti/login-initiation";
import { isLtiRefusal } from "@/server/lti/lti-refusal";
import { refusalLocale } from "@/server/lti/refusal-locale";
import { say } from "@/lib/i18n/text-ref";
import { stateCookieHeader } from "@/server/lti/lti-state-cookie";
import { toolOrigin, toolUrls } from "@/server/lti/tool-origin";
import { readTextBody } from "../../_lib/read-body";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const log = logger.child({ area: "lti" });

/**
 * OIDC login initiation, sent by the LMS as a GET or a form POST (cross-site by nature: no
 * same-site check; nothing changes but a nonce stored). Answers a redirect to the platform with a
 * fresh state, also set in a short-lived cookie, and a fresh nonce.
 */
async function login(request: Request, params: URLSearchParams): Promise<Response> {
  try {
    const { redirectUrl, state } = await initiateLogin(params, toolUrls(toolOrigin(request)).launch);
    const headers = new Headers({ location: redirectUrl, "cache-control": "no-store" });
    headers.append("set-cookie", stateCookieHeader(state, isHttpsRequest(request)));
    return new Response(null, { status: 302, headers });
  } catch (error) {
    return refused(error, params.get("iss"), request);
  }
}

function refused(error: unknown, issuer: string | null, request: Request): Response {
  const locale = refusalLocale(error, request);
  if (isAppError(error)) {
    log.warn("LTI login refused", { reason: isLtiRefusal(error) ? error.reason : error.code, issuer: issuer?.slice(0, 200), message: error.userMessage });
    return ltiErrorPage(error.status, error.text ?? error.userMessage, locale);
  }
  log.error("LTI login failed", { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  return ltiErrorPage(500, say("lti.loginOurs"), locale);
}

export function GET(request: Request): Promise<Response> {
  return login(request, new URL(request.url).searchParams);
}

export async function POST(request: Request): Promise<Response> {
  try {
    return await login(request, new URLSearchParams(await readTextBody(request, 16 * 1024, say("lti.loginTooLarge"))));
  } catch (error) {
    return refused(error, null, request);
  }
}
