/**
 * The login's state, kept in the browser between login initiation and launch: one short-lived
 * HttpOnly cookie per login (its name carries the state, so two launches in two tabs do not undo
 * each other). The launch is a cross-site POST from the LMS, which sends only SameSite=None
 * cookies, and those must be Secure: over https it is `SameSite=None; Secure`; over plain http
 * (a workbench and an LMS on one machine, which is one site) it is SameSite=Lax.
 */
import { readCookie } from "../identity/student-cookie";

export const STATE_TTL_SECONDS = 600;
const STATE_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const cookieName = (state: string) => `wb_lti_${state}`;

function serialize(state: string, value: string, maxAge: number, secure: boolean): string {
  const attributes = ["Path=/api/lti", "HttpOnly", `Max-Age=${maxAge}`, secure ? "SameSite=None; Secure" : "SameSite=Lax"];
  return `${cookieName(state)}=${value}; ${attributes.join("; ")}`;
}

export const isStateShaped = (state: string) => STATE_PATTERN.test(state);

export function stateCookieHeader(state: string, secure: boolean): string {
  return serialize(state, "1", STATE_TTL_SECONDS, secure);
}

export function clearStateCookieHeader(state: string, secure: boolean): string {
  return serialize(state, "", 0, secure);
}

/** Whether this browser started the login that issued `state`. */
export function hasStateCookie(cookieHeader: string | null | undefined, state: string): boolean {
  return isStateShaped(state) && readCookie(cookieHeader, cookieName(state)) === "1";
}
