/**
 * The HTTP request handler of the workbench process: previews go to the student's engine, every
 * other request gets a student cookie (issued when missing) and goes to Next.js. A fault answers
 * 500 and is logged.
 */
import type http from "node:http";
import type { Logger } from "../logger";
import { matchPreview, proxyPreview, type EngineLocator, type PreviewRoute } from "../preview/preview-proxy";
import { ENGINE_PREWARM_PATH } from "../../lib/engine-prewarm";
import { answerPrewarmRequest } from "./prewarm-request";
import type { OriginPolicy } from "./allowed-origins";
import type { StartEngineEarly } from "./start-engine-early";
import { STUDENT_COOKIE, decodeStudentCookie, encodeStudentCookie, newStudentId, readCookie, studentCookieHeader, withCookie } from "../identity/student-cookie";

export interface RequestHandlerDeps {
  /** Next.js's request handler. */
  handle: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;
  previewRoutes: PreviewRoute[];
  engines: EngineLocator;
  secret: string;
  log: Logger;
  /**
   * A student's engine started while their step page loads, before its websocket asks for it,
   * always through `start` (./start-engine-early.ts, which decides whether): when a returning
   * student (valid cookie) requests a step page, without waiting, and on the page's early request
   * (POST ENGINE_PREWARM_PATH, ./prewarm-request.ts) from the workbench's own page (`origins`).
   * Absent: neither (that POST is answered by Next: 404).
   */
  earlyEngine?: { start: StartEngineEarly; origins: OriginPolicy };
}

/** Step pages, whose terminal asks for the student's engine as soon as the page runs. */
const STEP_PAGE = /^\/steps\/\d+\/?(?:\?|$)/;

export function createRequestHandler(deps: RequestHandlerDeps): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  const { log, secret } = deps;
  const studentFromRequest = (req: http.IncomingMessage) => decodeStudentCookie(readCookie(req.headers.cookie, STUDENT_COOKIE), secret);

  /**
   * Gives a browser without a valid cookie a new student id, visible to this request too. Only
   * the cookie: the student's record is created when their session starts (student-session.ts).
   */
  function identify(req: http.IncomingMessage, res: http.ServerResponse): string {
    const existing = studentFromRequest(req);
    if (existing) return existing;
    const id = newStudentId();
    res.setHeader("Set-Cookie", studentCookieHeader(id, secret, req.headers["x-forwarded-proto"] === "https"));
    // Replaces whatever invalid wb_student the browser sent, so Next.js reads the new one.
    req.headers.cookie = withCookie(req.headers.cookie, STUDENT_COOKIE, encodeStudentCookie(id, secret));
    log.debug("new student cookie", { studentId: id });
    return id;
  }

  return (req, res) => {
    const url = req.url ?? "/";
    const isAsset = url.startsWith("/_next/") || url === "/favicon.ico";
    (async () => {
      const early = deps.earlyEngine;
      if (early && url.split("?")[0] === ENGINE_PREWARM_PATH) return answerPrewarmRequest(req, res, { origins: early.origins, studentFromRequest, startEngineEarly: early.start });
      const preview = matchPreview(deps.previewRoutes, url);
      if (preview) return proxyPreview(req, res, preview, studentFromRequest(req), deps.engines, log);
      // Page views get a cookie; a write without one is answered 401 by its route (a browser has
      // loaded a page, hence its cookie, before it writes).
      if (!isAsset && (req.method === "GET" || req.method === "HEAD")) {
        const returning = studentFromRequest(req);
        identify(req, res);
        if (early && returning && req.method === "GET" && STEP_PAGE.test(url)) {
          early.start(returning, req.headers.cookie, "page-view").catch((error: unknown) => log.warn("could not start an engine while its page loads", { studentId: returning, error: String(error) }));
        }
      }
      await deps.handle(req, res);
    })().catch((error: unknown) => {
      log.error("request failed", { url, error: String(error) });
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain" });
      res.end("Internal error");
    });
  };
}
