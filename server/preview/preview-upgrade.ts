/**
 * WebSocket upgrades under the preview's routes (a dev server's live reload, a student's app that
 * talks over a websocket) go where the preview's requests go (./preview-proxy.ts): the published
 * port in the student's own engine, chosen by the signed cookie, never by the URL, locally to the
 * engine's address and for an engine on another node through its tunnel (the same http.Agent the
 * requests use). The upgrade handler asks the workbench's /ws first, so /ws is never a preview's.
 *
 * The engine gets the browser's handshake with what the HTTP path forwards (no hop-by-hop header
 * but the upgrade's own, none of the workbench's cookies) and must answer within a bounded time;
 * its 101 goes back with the workbench's Set-Cookies dropped, then bytes are piped both ways until
 * either side ends, when both are closed. Traffic either way counts as preview activity
 * (time-sharing), and the sockets of an engine are closed when it is removed (`engineGone`).
 * Refusals are answered with a status, the reason in the browser's language, and a log line.
 */
import http, { type IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { Logger } from "../logger";
import { translate, type MessageKey } from "../../lib/i18n/messages";
import { LOCALE_COOKIE, resolveLocale } from "../../lib/i18n/locale";
import { readCookie } from "../identity/student-cookie";
import { refuseUpgrade } from "../http/upgrade-handler";
import { isAllowedOrigin, type OriginPolicy } from "../http/allowed-origins";
import { matchPreview, previewRequestHeaders, previewResponseHeaders, previewTarget, type EngineLocator, type PreviewEngine, type PreviewRoute } from "./preview-proxy";

/** How long the student's container has to answer a websocket handshake. */
export const PREVIEW_UPGRADE_ANSWER_MS = 10_000;
/** Websockets (open or being opened) one student may have through the preview at once: each holds a socket here, and a relay in a placed engine. */
export const PREVIEW_SOCKETS_PER_STUDENT = 16;

export interface PreviewUpgradeDeps {
  routes: PreviewRoute[];
  engines: EngineLocator;
  studentFromRequest: (req: IncomingMessage) => string | null;
  /** Whose pages may open one: the workbench's own origins, as for /ws (the preview's pages share them). */
  origins: OriginPolicy;
  log: Logger;
  answerTimeoutMs?: number;
  maxPerStudent?: number;
}

interface PreviewPipe {
  engine: PreviewEngine;
  /** Closes both sides (or abandons the handshake); `why` is logged. Graceful: each side is ended (what was piped is flushed) before it is destroyed. */
  close(why: string, graceful?: boolean): void;
}

type Refuse = (status: number, key: MessageKey, reason: string, fields?: Record<string, unknown>) => void;

export interface PreviewUpgrades {
  /** Takes an upgrade under a preview route (true), or leaves it to the next handler (false). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** The student's engine was removed (or replaced): their websockets to it are closed. */
  engineGone(studentId: string): void;
  /** How many websockets the student has open or opening through the preview. */
  openCount(studentId: string): number;
  /** Closes every one (server shutdown). */
  close(): void;
}

/** A websocket handshake: GET with `Upgrade: websocket` (the only upgrade the preview passes). */
function isWebSocketHandshake(req: IncomingMessage): boolean {
  return req.method === "GET" && String(req.headers.upgrade ?? "").toLowerCase() === "websocket";
}

/** The 101's head as the browser gets it: the engine's headers as the HTTP path filters them, plus the upgrade's own. */
function switchingHead(answer: IncomingMessage, log: Logger): string {
  const headers = previewResponseHeaders(answer.headers, log);
  headers.connection = "Upgrade";
  headers.upgrade = answer.headers.upgrade ?? "websocket";
  return headLines(101, "Switching Protocols", headers);
}

function headLines(status: number, reason: string, headers: http.OutgoingHttpHeaders): string {
  const lines = [`HTTP/1.1 ${status} ${reason}`];
  // Node's parser refused any value with CR or LF in the engine's answer; ours have none.
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${String(one)}`);
  }
  return `${lines.join("\r\n")}\r\n\r\n`;
}

export function createPreviewUpgrades(deps: PreviewUpgradeDeps): PreviewUpgrades {
  const { log } = deps;
  const answerTimeoutMs = deps.answerTimeoutMs ?? PREVIEW_UPGRADE_ANSWER_MS;
  const maxPerStudent = deps.maxPerStudent ?? PREVIEW_SOCKETS_PER_STUDENT;
  const open = new Map<string, Set<PreviewPipe>>();

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const route = matchPreview(deps.routes, req.url ?? "/");
    if (!route) return false;
    socket.on("error", () => socket.destroy());
    const locale = resolveLocale(readCookie(req.headers.cookie, LOCALE_COOKIE), req.headers["accept-language"]);
    /** Answers with the status and the reason in the browser's language; a hostile request is a warning, the student's own site not answering is not. */
    const refuse: Refuse = (status, key, reason, fields = {}) => {
      log[status >= 500 ? "info" : "warn"](`preview websocket refused: ${reason}`, { status, port: route.port, ...fields });
      refuseUpgrade(socket, status, translate(locale, key, { port: route.port, max: maxPerStudent, seconds: answerTimeoutMs / 1000 }));
    };
    if (!isWebSocketHandshake(req)) {
      refuse(400, "preview.socketNotWebSocket", "not a websocket handshake", { method: req.method, upgrade: String(req.headers.upgrade ?? "").slice(0, 100) });
      return true;
    }
    // The site's pages are the workbench's origin: another site's page may not talk to it with the student's cookie.
    const origin = req.headers.origin;
    if (origin !== undefined && !isAllowedOrigin(origin, req.headers.host, deps.origins)) {
      refuse(403, "preview.socketOrigin", "origin not allowed", { origin: origin.slice(0, 200), host: req.headers.host?.slice(0, 200) });
      return true;
    }
    const studentId = deps.studentFromRequest(req);
    if (!studentId) {
      refuse(401, "preview.socketSignIn", "no valid student cookie");
      return true;
    }
    const engine = deps.engines.current(studentId);
    if (!engine) {
      refuse(503, "preview.socketNoEngine", "the student's engine is not running", { studentId });
      return true;
    }
    const mine = open.get(studentId) ?? new Set<PreviewPipe>();
    if (mine.size >= maxPerStudent) {
      refuse(429, "preview.socketTooMany", "too many websockets open", { studentId, open: mine.size });
      return true;
    }
    open.set(studentId, mine);
    connect(req, socket, head, { route, studentId, engine, mine, refuse });
    return true;
  }

  function connect(req: IncomingMessage, socket: Duplex, head: Buffer, at: { route: PreviewRoute; studentId: string; engine: PreviewEngine; mine: Set<PreviewPipe>; refuse: Refuse }): void {
    const { route, studentId, engine, mine } = at;
    const fields = { studentId, port: route.port };
    deps.engines.notePreviewTraffic?.(studentId);
    const headers = previewRequestHeaders(req);
    headers.connection = "Upgrade";
    headers.upgrade = "websocket";
    // A local engine: a connection of its own (agent: false), never one kept alive for requests.
    const target = previewTarget(engine);
    const upstream = http.request({ ...target, agent: target.agent ?? false, port: route.port, method: "GET", path: req.url, headers });
    let engineSocket: Duplex | undefined;
    /** Answered (refused, the engine's non-101 answer, or upgraded): nothing more is written by the handshake's handlers. */
    let settled = false;
    let openedAt = 0;
    let bytesIn = 0;
    let bytesOut = 0;
    const forget = () => {
      clearTimeout(deadline);
      if (!mine.delete(pipe)) return false;
      if (mine.size === 0 && open.get(studentId) === mine) open.delete(studentId);
      return true;
    };
    const pipe: PreviewPipe = {
      engine,
      close(why, graceful = false) {
        if (!forget()) return;
        if (openedAt) log.info("preview websocket closed", { ...fields, why, openMs: Date.now() - openedAt, bytesIn, bytesOut });
        else if (!settled) log.info("preview websocket abandoned before the engine answered", { ...fields, why });
        const sides = [socket, engineSocket ?? upstream];
        if (!graceful) return sides.forEach((side) => side.destroy());
        // One side ended: what was piped is flushed to the other, which ends too; whatever does not close is destroyed soon.
        for (const side of sides) if (!side.writableEnded) side.end();
        setTimeout(() => sides.forEach((side) => side.destroy()), 2000).unref();
      },
    };
    mine.add(pipe);
    const fail: Refuse = (status, key, reason, extra = {}) => {
      if (settled) return;
      settled = true;
      // refuseUpgrade answers and closes the browser's side; the engine's goes now.
      forget();
      upstream.destroy();
      at.refuse(status, key, reason, { ...extra, studentId });
    };
    const deadline = setTimeout(() => fail(504, "preview.socketNoAnswer", "the engine did not answer in time", { timeoutMs: answerTimeoutMs }), answerTimeoutMs);
    deadline.unref();
    socket.once("close", () => pipe.close("browser closed"));

    upstream.on("error", (error) => {
      const code = (error as { code?: string }).code;
      if (code === "ECONNREFUSED") return fail(502, "preview.socketNothing", "nothing listens on the port", { error: String(error) });
      if (code === "ETIMEDOUT") return fail(504, "preview.socketNoAnswer", "the engine did not answer in time", { error: String(error) });
      fail(502, "preview.socketFailed", "the engine could not be reached", { error: String(error) });
    });
    // Not upgraded (a 404, a 426…): the engine's answer goes back as the HTTP path passes it, then the socket closes.
    upstream.on("response", (answer) => {
      if (settled) return void answer.destroy();
      settled = true;
      clearTimeout(deadline);
      log.info("preview websocket not accepted by the engine", { ...fields, status: answer.statusCode });
      const status = answer.statusCode ?? 502;
      const headers = previewResponseHeaders(answer.headers, log.child({ studentId }));
      headers.connection = "close";
      socket.write(headLines(status, http.STATUS_CODES[status] ?? "Error", headers));
      answer.pipe(socket);
      answer.once("end", () => pipe.close("answered", true));
      answer.once("error", () => pipe.close("engine side failed"));
    });
    upstream.on("upgrade", (answer: IncomingMessage, upgraded: Duplex, engineHead: Buffer) => {
      engineSocket = upgraded;
      upgraded.on("error", () => pipe.close("engine side failed"));
      if (settled || socket.destroyed) return void pipe.close("browser closed");
      settled = true;
      clearTimeout(deadline);
      openedAt = Date.now();
      // The agent's idle timeout is for requests: a websocket may stay quiet as long as it likes.
      (upgraded as Partial<{ setTimeout(ms: number): unknown }>).setTimeout?.(0);
      socket.write(switchingHead(answer, log.child({ studentId })));
      if (engineHead.length) socket.write(engineHead);
      if (head.length) upgraded.write(head);
      socket.on("data", (chunk: Buffer) => {
        bytesIn += chunk.length;
        deps.engines.notePreviewTraffic?.(studentId);
      });
      upgraded.on("data", (chunk: Buffer) => {
        bytesOut += chunk.length;
        deps.engines.notePreviewTraffic?.(studentId);
      });
      socket.pipe(upgraded);
      upgraded.pipe(socket);
      socket.once("end", () => pipe.close("browser ended", true));
      upgraded.once("end", () => pipe.close("engine ended", true));
      upgraded.once("close", () => pipe.close("engine closed", true));
      log.info("preview websocket open", { ...fields, path: (req.url ?? "").slice(0, 200) });
    });
    upstream.end();
  }

  function engineGone(studentId: string): void {
    const mine = open.get(studentId);
    if (!mine) return;
    const current = deps.engines.current(studentId);
    for (const pipe of [...mine]) if (pipe.engine !== current) pipe.close("engine removed");
  }

  return {
    handleUpgrade,
    engineGone,
    openCount: (studentId) => open.get(studentId)?.size ?? 0,
    close: () => {
      for (const mine of [...open.values()]) for (const pipe of [...mine]) pipe.close("server shutting down");
    },
  };
}
