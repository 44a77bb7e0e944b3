/**
 * The websocket endpoint at /ws: authenticated in the HTTP upgrade (the signed student cookie),
 * small frames only, and a heartbeat that terminates peers that stop answering.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { MAX_FRAME_BYTES, encodeMessage } from "../../lib/protocol/messages";
import { translate } from "../../lib/i18n/messages";
import { LOCALE_COOKIE, resolveLocale } from "../../lib/i18n/locale";
import { readCookie } from "../identity/student-cookie";
import { handleConnection, type ConnectionDeps } from "./connection";
import { plainHost } from "../preview/plain-host";
import { UPGRADE_TIMEOUT_MS, refuseUpgrade } from "../http/upgrade-handler";
import { isAllowedOrigin, type OriginPolicy } from "../http/allowed-origins";

const HEARTBEAT_MS = 30_000;
/** The close code of a socket refused because its browser must sign in first (4000–4999: the application's). */
export const SIGN_IN_REQUIRED_CLOSE = 4401;

export interface WebSocketEndpointDeps extends ConnectionDeps {
  studentFromRequest: (req: IncomingMessage) => string | null;
  /** Starts the student's session (creates their record when missing) before the socket opens. */
  startSession: (studentId: string) => Promise<unknown>;
  /**
   * Whether this browser may start a session at all (server/identity/student-session.ts
   * mayWorkOnCourse: with ALLOW_ANONYMOUS=false, only a signed-in account). Absent: every browser
   * with a student cookie may.
   */
  mayWork?: (req: IncomingMessage) => Promise<boolean>;
  /** Whose pages may open the socket (the workbench's own origins). */
  origins: OriginPolicy;
  /** How long an upgrade may take before the socket is closed (default UPGRADE_TIMEOUT_MS). */
  upgradeTimeoutMs?: number;
}

/** The request's path, or undefined when the request target cannot be parsed. */
function pathnameOf(url: string | undefined): string | undefined {
  try {
    return new URL(url ?? "/", "http://localhost").pathname;
  } catch {
    return undefined;
  }
}

/** "Sign in first", in the browser's language (its language cookie, else Accept-Language). */
function signInRequiredMessage(req: IncomingMessage): string {
  const locale = resolveLocale(readCookie(req.headers.cookie, LOCALE_COOKIE), req.headers["accept-language"]);
  return translate(locale, "connection.signInRequired");
}

export function createWebSocketEndpoint(deps: WebSocketEndpointDeps) {
  const upgradeTimeoutMs = deps.upgradeTimeoutMs ?? UPGRADE_TIMEOUT_MS;
  // Frames up to 4x the protocol limit are read and refused with an error reply by decode();
  // larger ones close the socket (1009), which the page reports.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4 * MAX_FRAME_BYTES });
  const alive = new WeakMap<WebSocket, boolean>();
  wss.on("error", (error) => deps.log.error("websocket server error", { error: String(error) }));

  const heartbeat = setInterval(() => {
    for (const socket of wss.clients) {
      if (alive.get(socket) === false) {
        socket.terminate();
        continue;
      }
      alive.set(socket, false);
      socket.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    if (pathnameOf(req.url) !== "/ws") return false;
    const arrivedAt = performance.now();
    socket.on("error", () => socket.destroy());
    /** Refused, or handed to the websocket library: nothing more may be written here. */
    let settled = false;
    const refuse = (status: number, reason: string, fields: Record<string, unknown> = {}) => {
      clearTimeout(deadline);
      if (settled) return;
      settled = true;
      deps.log.warn(`websocket refused: ${reason}`, { status, ...fields });
      refuseUpgrade(socket, status);
    };
    // Whatever the upgrade waits for, it answers in bounded time or the socket is closed.
    const deadline = setTimeout(() => refuse(408, "the upgrade did not complete in time", { timeoutMs: upgradeTimeoutMs }), upgradeTimeoutMs);
    deadline.unref();
    socket.once("close", () => clearTimeout(deadline));
    void (async () => {
      // A page from another origin must not open a shell with the student's cookie. Browsers
      // always send Origin on websocket handshakes; a client without one is not a browser, could
      // claim any Origin anyway, and still needs the student's cookie.
      const origin = req.headers.origin;
      if (origin !== undefined && !isAllowedOrigin(origin, req.headers.host, deps.origins)) {
        return refuse(403, "origin not allowed", { origin: origin.slice(0, 200), host: req.headers.host?.slice(0, 200) });
      }
      const studentId = deps.studentFromRequest(req);
      if (!studentId) return refuse(401, "no valid student cookie");
      if (deps.mayWork && !(await deps.mayWork(req))) {
        if (settled || socket.destroyed) return;
        settled = true;
        clearTimeout(deadline);
        deps.log.info("websocket session refused: not signed in and anonymous work is off", { studentId });
        // An upgrade refused with 401 tells the page nothing it can show. Opened, the socket says
        // why (the page shows "error" messages), then closes before anything starts.
        wss.handleUpgrade(req, socket, head, (ws) => {
          ws.on("error", () => undefined);
          ws.send(encodeMessage({ type: "error", code: "sign_in_required", message: signInRequiredMessage(req) }));
          ws.close(SIGN_IN_REQUIRED_CLOSE, "sign-in required");
        });
        return;
      }
      await deps.startSession(studentId);
      if (settled || socket.destroyed) return;
      settled = true;
      clearTimeout(deadline);
      // From here the websocket library answers: 101, or 400 for a malformed handshake.
      wss.handleUpgrade(req, socket, head, (ws) => {
        ws.on("error", (error) => deps.log.warn("websocket error", { studentId, error: String(error) }));
        alive.set(ws, true);
        ws.on("pong", () => alive.set(ws, true));
        // The address the browser uses for the workbench, hence for previews (see preview-proxy.ts).
        handleConnection(ws, studentId, deps, plainHost(req.headers.host), Math.round(performance.now() - arrivedAt));
      });
    })().catch((error: unknown) => {
      deps.log.error("websocket upgrade failed", { error: String(error) });
      if (settled) socket.destroy();
      else refuse(500, "the upgrade failed");
    });
    return true;
  }

  return {
    handleUpgrade,
    close: () => {
      clearInterval(heartbeat);
      for (const socket of wss.clients) socket.close(1001, "server shutting down");
      wss.close();
    },
  };
}
