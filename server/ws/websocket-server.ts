/**
 * The websocket endpoint at /ws: authenticated in the HTTP upgrade (the signed student cookie),
 * small frames only, and a heartbeat that terminates peers that stop answering.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { MAX_FRAME_BYTES } from "../../lib/protocol/messages";
import { handleConnection, type ConnectionDeps } from "./connection";
import { plainHost } from "../preview/plain-host";

const HEARTBEAT_MS = 30_000;

export function createWebSocketEndpoint(deps: ConnectionDeps & { studentFromRequest: (req: IncomingMessage) => string | null }) {
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
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== "/ws") return false;
    socket.on("error", () => socket.destroy());
    const studentId = deps.studentFromRequest(req);
    if (!studentId) {
      deps.log.warn("websocket refused: no valid student cookie");
      socket.end("HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return true;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on("error", (error) => deps.log.warn("websocket error", { studentId, error: String(error) }));
      alive.set(ws, true);
      ws.on("pong", () => alive.set(ws, true));
      // The address the browser uses for the workbench, hence for previews (see preview-proxy.ts).
      handleConnection(ws, studentId, deps, plainHost(req.headers.host));
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
