/**
 * Who the browser is: an HMAC-signed student id in an httpOnly cookie. The id is random and the
 * signature makes it unforgeable, so one student cannot act as another by editing the cookie.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const STUDENT_COOKIE = "wb_student";
const ID_PATTERN = /^[a-z0-9]{16}$/;

export function newStudentId(): string {
  // 16 characters of base-36: short enough for container names, 80+ bits of randomness.
  let id = "";
  while (id.length < 16)
    id += randomBytes(16)
      .toString("base64")
      .replace(/[^a-z0-9]/g, "");
  return id.slice(0, 16);
}

const sign = (id: string, secret: string) => createHmac("sha256", secret).update(`student:${id}`).digest("base64url");

export function encodeStudentCookie(id: string, secret: string): string {
  return `${id}.${sign(id, secret)}`;
}

/** The student id, or null when the value is missing, malformed or not signed by us. */
export function decodeStudentCookie(value: string | undefined, secret: string): string | null {
  if (!value) return null;
  const dot = value.indexOf(".");
  if (dot < 0) return null;
  const id = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1));
  const expected = Buffer.from(sign(id, secret));
  if (!ID_PATTERN.test(id) || given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return id;
}

/**
 * A cookie's value from a Cookie header, or undefined. A value that is not valid percent-encoding
 * (`%E0%A4%A`) counts as absent, never as an error: the header is the client's to forge.
 */
export function readCookie(header: string | undefined | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      continue;
    }
  }
  return undefined;
}

/** A Cookie header with `name` set to `value` (percent-encoded) and any earlier `name` removed. */
export function withCookie(header: string | undefined, name: string, value: string): string {
  const others = (header ?? "").split(";").filter((part) => part.trim() && part.slice(0, part.indexOf("=")).trim() !== name);
  return [...others.map((part) => part.trim()), `${name}=${encodeURIComponent(value)}`].join("; ");
}

export function studentCookieHeader(id: string, secret: string, secure: boolean): string {
  const attributes = ["Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${60 * 60 * 24 * 365}`];
  if (secure) attributes.push("Secure");
  return `${STUDENT_COOKIE}=${encodeStudentCookie(id, secret)}; ${attributes.join("; ")}`;
}
