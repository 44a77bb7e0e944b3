/**
 * The page a refused LTI login or launch shows in the browser: what went wrong and what to do, in
 * the student's language (a catalog message), everything escaped (values come from the LMS).
 */
import type { Locale } from "../../lib/i18n/locale";
import { renderText } from "../../lib/i18n/render-text";
import { say, type TextRef } from "../../lib/i18n/text-ref";

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** `message`: the reason, a catalog message (said in `locale`), or plain English when no catalog message was given. */
export function ltiErrorPage(status: number, message: TextRef | string, locale: Locale, cookies: string[] = []): Response {
  const said = (ref: TextRef) => escapeHtml(renderText(ref, locale) ?? renderText(ref, "en") ?? ref.key);
  const reason = typeof message === "string" ? escapeHtml(message) : said(message);
  const html = `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${said(say("lti.pageTitle"))}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1a1a1a}h1{font-size:1.4rem}p.why{background:#fff4f4;border-left:4px solid #b00020;padding:.75rem 1rem}</style>
</head><body><main><h1>${said(say("lti.pageHeading"))}</h1><p class="why" role="alert">${reason}</p>
<p>${said(say("lti.pageNothingChanged"))}</p></main></body></html>`;
  const headers = new Headers({
    "content-type": "text/html; charset=utf-8",
    "content-language": locale,
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
  });
  for (const cookie of cookies) headers.append("set-cookie", cookie);
  return new Response(html, { status, headers });
}
