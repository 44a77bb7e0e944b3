/**
 * The sign-in page's `next`: where to go back to once signed in. Only a path of this site is
 * kept; anything that could lead elsewhere ("//evil.example", "/\evil.example", "https://…",
 * "javascript:…", control characters that browsers strip) counts as absent.
 */
const BASE = "http://workbench.invalid";

export function safeNextPath(raw: unknown): string | null {
  if (typeof raw !== "string" || raw.length > 512 || !raw.startsWith("/") || raw.startsWith("//")) return null;
  // Browsers read "\" as "/" and drop tabs and newlines, so "/\evil" and "/\t/evil" are "//evil".
  if (/[\\\u0000-\u001f\u007f]/.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The sign-in page, coming back to `next` (a path of this site) once signed in. */
export const signInPath = (next: string) => `/sign-in?next=${encodeURIComponent(next)}`;
