/** The page a refused LTI login or launch shows in the browser: what went wrong and what to do, escaped. */
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function ltiErrorPage(status: number, message: string, cookies: string[] = []): Response {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Docker Workbench: the LMS launch was refused</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1a1a1a}h1{font-size:1.4rem}p.why{background:#fff4f4;border-left:4px solid #b00020;padding:.75rem 1rem}</style>
</head><body><main><h1>This launch from your LMS was refused</h1><p class="why" role="alert">${escapeHtml(message)}</p>
<p>Nothing was changed. If it happens again, tell your teacher or the workbench's administrator what this page says.</p></main></body></html>`;
  const headers = new Headers({
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
  });
  for (const cookie of cookies) headers.append("set-cookie", cookie);
  return new Response(html, { status, headers });
}
