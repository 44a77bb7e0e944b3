/**
 * The signed-in session cookie, beside the anonymous wb_student one (student-cookie.ts). Its value
 * is a random 256-bit token; the database keeps only the token's SHA-256, so reading the database
 * signs nobody in. HttpOnly, SameSite=Lax, Secure when the request came over https (directly or
 * through a proxy that says so in x-forwarded-proto), and it expires with the session.
 */
import { createHash, randomBytes } from "node:crypto";
import { readCookie } from "./student-cookie";

export const AUTH_COOKIE = "wb_session";
/** How long a sign-in lasts. */
export const AUTH_SESSION_TTL_MS = 7 * 24 * 3_600_000;

export const newToken = () => randomBytes(32).toString("base64url");
export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** The session token a Cookie header carries, or null (absent or not shaped like one of ours). */
export function readAuthToken(cookieHeader: string | null | undefined): string | null {
  const value = readCookie(cookieHeader, AUTH_COOKIE);
  return value && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : null;
}

/** Whether the browser talks to us over https (the proxy in front says so in x-forwarded-proto). */
export function isHttpsRequest(request: Request): boolean {
  const forwarded = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  return forwarded ? forwarded === "https" : new URL(request.url).protocol === "https:";
}

export function authCookieHeader(token: string, secure: boolean, maxAgeMs = AUTH_SESSION_TTL_MS): string {
  return serialize(token, Math.floor(maxAgeMs / 1000), secure);
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
