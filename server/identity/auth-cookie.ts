/**
 * The signed-in session cookie, beside the anonymous wb_student one (student-cookie.ts). Its value
 * is better-auth's (./auth.ts): the session token and its HMAC-SHA256 signature with SESSION_SECRET,
 * so a forged or edited value is refused before the database is asked. HttpOnly, SameSite=Lax,
 * Secure when the request came over https (directly or through a proxy that says so in
 * x-forwarded-proto), and it expires with the session. newToken/hashToken serve our own tokens
 * (reset links, API tokens), of which only the SHA-256 is stored.
 */
import { createHash, randomBytes } from "node:crypto";

export const AUTH_COOKIE = "wb_session";
/** How long a sign-in lasts. */
export const AUTH_SESSION_TTL_MS = 7 * 24 * 3_600_000;

export const newToken = () => randomBytes(32).toString("base64url");
export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** Whether the browser talks to us over https (the proxy in front says so in x-forwarded-proto). */
export function isHttpsRequest(request: Request): boolean {
  const forwarded = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  return forwarded ? forwarded === "https" : new URL(request.url).protocol === "https:";
}

/** `value` is a signed cookie value that accounts.ts answered (already URI-encoded). */
export function authCookieHeader(value: string, secure: boolean, maxAgeMs = AUTH_SESSION_TTL_MS): string {
  return serialize(value, Math.floor(maxAgeMs / 1000), secure);
}

/** Removes the cookie from the browser. */
export function clearAuthCookieHeader(secure: boolean): string {
  return serialize("", 0, secure);
}

function serialize(value: string, maxAgeSeconds: number, secure: boolean): string {
  const attributes = ["Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${maxAgeSeconds}`];
  if (secure) attributes.push("Secure");
  return `${AUTH_COOKIE}=${value}; ${attributes.join("; ")}`;
}
