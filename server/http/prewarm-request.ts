/**
 * POST /api/engine/prewarm (lib/engine-prewarm.ts): the step page asks for the student's engine
 * while its scripts load, so that a pooled engine is handed over (or a new one starts) about a
 * second and a half before the page's websocket asks for it.
 *
 * Nothing here lets anyone hold more engines than the websocket does: it needs the student's
 * signed cookie and a request from the workbench's own page (./own-page.ts), and
 * `startEngineEarly` decides (./start-engine-early.ts, as for the page's GET): only for a student
 * who may work on the course, at most their one engine, never queued, a place taken only from the
 * pool or the room under the engine limit (EngineManager.prewarm).
 * The answer does not wait for the engine: 202 `{ started }`.
 */
import type http from "node:http";
import type { OriginPolicy } from "./allowed-origins";
import { isFromOwnPage } from "./own-page";
import type { StartEngineEarly } from "./start-engine-early";

export interface PrewarmRequestDeps {
  /** The student of a valid wb_student cookie, or null. */
  studentFromRequest: (req: http.IncomingMessage) => string | null;
  origins: OriginPolicy;
  /** Starts (or claims) the student's engine when allowed (./start-engine-early.ts); whether a start began. */
  startEngineEarly: StartEngineEarly;
}

function answer(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "Content-Type": "application/json", "Cache-Control": "no-store" });
  res.end(JSON.stringify(body));
}

export async function answerPrewarmRequest(req: http.IncomingMessage, res: http.ServerResponse, deps: PrewarmRequestDeps): Promise<void> {
  req.resume(); // a body, if any, is not read
  if (req.method !== "POST") {
    res.setHeader("Allow", "POST");
    return answer(res, 405, { error: { code: "method_not_allowed", message: "Use POST." } });
  }
  const headers = { method: req.method, secFetchSite: req.headers["sec-fetch-site"], origin: req.headers.origin, host: req.headers.host };
  if (!isFromOwnPage(headers, deps.origins)) return answer(res, 403, { error: { code: "forbidden", message: "This request must come from the workbench page." } });
  const studentId = deps.studentFromRequest(req);
  if (!studentId) return answer(res, 401, { error: { code: "unauthorized", message: "Open a step page first." } });
  answer(res, 202, { started: await deps.startEngineEarly(studentId, req.headers.cookie, "page-request") });
}
