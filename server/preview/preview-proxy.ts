/**
 * Lets a student open what their own container serves: requests under a lesson's preview path
 * (e.g. /wordpress/) go to the published port in that student's engine, chosen by the signed
 * cookie, never by anything in the URL. WordPress builds its links from the Host header and the
 * path, so keeping the path unchanged makes the whole site work through the workbench.
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { Logger } from "../logger";
import { STUDENT_COOKIE, readCookie } from "../identity/student-cookie";
import { translate, type MessageKey } from "../../lib/i18n/messages";
import { LOCALE_COOKIE, resolveLocale } from "../../lib/i18n/locale";

export interface PreviewRoute {
  path: string; // "/wordpress/"
  port: number;
}

/** Connections to an engine's ports when its address is not routed from here (server/sandbox/engine-port-tunnel.ts). */
export interface PortTunnel extends http.Agent {
  /** Whether something accepts connections on the port (nothing is sent). */
  probe(port: number): Promise<boolean>;
}

/** Where a student's engine answers: its address, or, for an engine on another node, the tunnel to its ports. */
export interface PreviewEngine {
  ip: string;
  tunnel?: PortTunnel;
}

/** Where a student's engine answers, if it is up (EngineManager provides it). */
export interface EngineLocator {
  current(studentId: string): PreviewEngine | undefined;
  /** Told of each request that reaches the student's engine: using the preview is activity (time-sharing); the locator rate-limits it. */
  notePreviewTraffic?(studentId: string): void;
}

const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade"]);

/**
 * Cookies the workbench itself uses on its origin (Next.js's draft-mode pair included): the
 * student's container may neither read nor set them, since its pages share that origin.
 */
export const WORKBENCH_COOKIES: ReadonlySet<string> = new Set([STUDENT_COOKIE, "__prerender_bypass", "__next_preview_data"]);

/** A cookie pair's name; "" for a nameless cookie (no "="), which browsers send as its bare value. */
const cookieName = (pair: string) => (pair.includes("=") ? pair.slice(0, pair.indexOf("=")).trim() : "");

/**
 * The headers of the container's answer as the browser may see them: no Set-Cookie for the
 * workbench's cookies, and never stored by a shared cache (the answer depends on the cookie that
 * chose the student's engine, so one student's page must never be served to another).
 */
export function previewResponseHeaders(upstream: http.IncomingHttpHeaders, log?: Logger): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(upstream)) if (!HOP_BY_HOP.has(name) && value !== undefined) out[name] = value;
  const setCookies = upstream["set-cookie"] ?? [];
  // Nameless cookies go too: `=wb_student=x` would reach us as `wb_student=x`.
  const kept = setCookies.filter((line) => {
    const name = cookieName(line.split(";")[0] ?? "");
    return name !== "" && !WORKBENCH_COOKIES.has(name);
  });
  if (kept.length < setCookies.length) log?.warn("preview: dropped Set-Cookie for a workbench cookie", { dropped: setCookies.length - kept.length });
  if (kept.length) out["set-cookie"] = kept;
  else delete out["set-cookie"];
  const vary = String(upstream.vary ?? "")
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);
  if (!vary.some((v) => v === "*" || v.toLowerCase() === "cookie")) vary.push("Cookie");
  out.vary = vary.join(", ");
  out["cache-control"] = "private, no-store";
  delete out.expires;
  return out;
}

/**
 * The headers of a browser's request as the student's container gets them: no hop-by-hop header,
 * and none of the workbench's cookies (the student's identity never reaches their container); the
 * site's own cookies pass. The Host is the workbench's, as the browser sent it.
 */
export function previewRequestHeaders(req: IncomingMessage): http.OutgoingHttpHeaders {
  const headers: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(name)) headers[name] = value;
  const cookies = (req.headers.cookie ?? "")
    .split(";")
    .map((c) => c.trim())
    .filter((c) => c && !WORKBENCH_COOKIES.has(cookieName(c)));
  if (cookies.length) headers.cookie = cookies.join("; ");
  else delete headers.cookie;
  headers.host = req.headers.host ?? "localhost";
  headers["x-forwarded-proto"] = "http";
  return headers;
}

/** Where a request for the student's engine connects: its address, or its tunnel, which ignores the host (every connection goes to the port inside the engine). */
export function previewTarget(engine: PreviewEngine): { host: string; agent?: http.Agent } {
  return engine.tunnel ? { host: "engine", agent: engine.tunnel } : { host: engine.ip };
}

/** The routes of a course: each lesson's preview path, and the other paths its site needs. */
export function previewRoutesOf(lessons: readonly { preview?: { path: string; port: number; alsoPaths?: string[] } }[]): PreviewRoute[] {
  return lessons.flatMap((l) => (l.preview ? [l.preview.path, ...(l.preview.alsoPaths ?? [])].map((path) => ({ path, port: l.preview!.port })) : []));
}

export function matchPreview(routes: PreviewRoute[], url: string): PreviewRoute | undefined {
  const pathname = url.split("?")[0] ?? "";
  return routes.find((r) => pathname === r.path.replace(/\/$/, "") || pathname.startsWith(r.path));
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text for an HTML page: an error's message can carry bytes from the student's engine (the relay's reason). */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** The preview's own page (the engine or its site cannot answer), in the browser's language: the workbench's cookie, else Accept-Language. */
function page(req: IncomingMessage, res: ServerResponse, status: number, title: MessageKey, text: MessageKey, values: Record<string, string | number> = {}): void {
  const locale = resolveLocale(readCookie(req.headers.cookie, LOCALE_COOKIE), req.headers["accept-language"]);
  const [heading, body, back] = [translate(locale, title), translate(locale, text, values), translate(locale, "preview.pageBack")].map(escapeHtml);
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
  res.end(
    `<!doctype html><html lang="${locale}"><meta charset="utf-8"><title>${heading}</title><body style="font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;line-height:1.5">` +
      `<h1>${heading}</h1><p>${body}</p><p><a href="javascript:history.back()">${back}</a></p></body></html>`,
  );
}

export async function proxyPreview(req: IncomingMessage, res: ServerResponse, route: PreviewRoute, studentId: string | null, engines: EngineLocator, log: Logger): Promise<void> {
  if (!studentId) return page(req, res, 401, "preview.pageSignInTitle", "preview.pageSignIn");
  const engine = engines.current(studentId);
  if (!engine) {
    return page(req, res, 503, "preview.pageNoEngineTitle", "preview.pageNoEngine");
  }
  engines.notePreviewTraffic?.(studentId);
  const upstream = http.request({ ...previewTarget(engine), port: route.port, method: req.method, path: req.url, headers: previewRequestHeaders(req), timeout: 30_000 }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, previewResponseHeaders(answer.headers, log.child({ studentId })));
    answer.pipe(res);
  });
  upstream.on("timeout", () => upstream.destroy(new Error("timeout")));
  upstream.on("error", (error) => {
    const refused = (error as { code?: string }).code === "ECONNREFUSED";
    log.info("preview unavailable", { studentId, port: route.port, error: String(error) });
    if (res.headersSent) return void res.destroy();
    if (refused) page(req, res, 502, "preview.pageNothingTitle", "preview.pageNothing", { port: route.port });
    else page(req, res, 502, "preview.pageNothingTitle", "preview.pageNoAnswer", { reason: String((error as Error).message).slice(0, 300) });
  });
  req.pipe(upstream);
}
