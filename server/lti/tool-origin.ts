/**
 * The workbench's public origin, for the URLs an LMS is given and sends back (redirect_uri): the
 * first of WB_ALLOWED_ORIGINS when the operator set them, else the scheme and Host of the request
 * (behind a proxy, X-Forwarded-Proto says https). A forged Host only makes the platform refuse the
 * redirect_uri, which it checks against the URLs registered there.
 */
import { getConfig } from "../config";
import { isHttpsRequest } from "../identity/auth-cookie";

export function toolOrigin(request: Request): string {
  const configured = getConfig().WB_ALLOWED_ORIGINS?.[0];
  if (configured) return configured;
  const host = request.headers.get("host") ?? new URL(request.url).host;
  return `${isHttpsRequest(request) ? "https" : "http"}://${host}`;
}

export const toolUrls = (origin: string) => ({
  login: `${origin}/api/lti/login`,
  launch: `${origin}/api/lti/launch`,
  jwks: `${origin}/api/lti/jwks`,
});
