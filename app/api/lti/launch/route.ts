import { isAppError } from "@/server/app-error";
import { getConfig } from "@/server/config";
import { authCookieHeader, isHttpsRequest } from "@/server/identity/auth-cookie";
import { studentCookieHeader } from "@/server/identity/student-cookie";
import { logger } from "@/server/logger";
import { ltiErrorPage } from "@/server/lti/error-page";
import { signInFromLaunch } from "@/server/lti/launch-session";
import { isLtiRefusal } from "@/server/lti/lti-refusal";
import { refusalLocale } from "@/server/lti/refusal-locale";
import { say } from "@/lib/i18n/text-ref";
import { clearStateCookieHeader, isStateShaped } from "@/server/lti/lti-state-cookie";
import { verifyLaunch } from "@/server/lti/verify-launch";
import { readTextBody } from "../../_lib/read-body";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const log = logger.child({ area: "lti" });

/**
 * The LMS's launch: a cross-site form POST of an id_token and the state (so no same-site check:
 * the signed token, the state cookie and the single-use nonce are what authenticate it). Signs the
 * LMS user in and sends the browser on (303); any refusal is a page that says why, and a log line.
 */
export async function POST(request: Request): Promise<Response> {
  const secure = isHttpsRequest(request);
  let state: string | null = null;
  try {
    const form = new URLSearchParams(await readTextBody(request, 64 * 1024, say("lti.launchTooLarge")));
    state = form.get("state");
    const { platform, launch } = await verifyLaunch({ idToken: form.get("id_token"), state }, request.headers.get("cookie"));
    const outcome = await signInFromLaunch(platform, launch);
    const headers = new Headers({ location: outcome.redirectPath, "cache-control": "no-store" });
    headers.append("set-cookie", clearStateCookieHeader(state!, secure));
    headers.append("set-cookie", authCookieHeader(outcome.token, secure));
    if (outcome.account.studentId) headers.append("set-cookie", studentCookieHeader(outcome.account.studentId, getConfig().SESSION_SECRET, secure));
    return new Response(null, { status: 303, headers });
  } catch (error) {
    const clear = state && isStateShaped(state) ? [clearStateCookieHeader(state, secure)] : [];
    const locale = refusalLocale(error, request);
    if (isAppError(error)) {
      log.warn("LTI launch refused", { reason: isLtiRefusal(error) ? error.reason : error.code, message: error.userMessage, cause: error.cause === undefined ? undefined : String(error.cause) });
      return ltiErrorPage(error.status, error.text ?? error.userMessage, locale, clear);
    }
    log.error("LTI launch failed", { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    return ltiErrorPage(500, say("lti.launchOurs"), locale, clear);
  }
}
