/**
 * The server's "upgrade" listener: /ws goes to the websocket endpoint, upgrades under a preview
 * route to the student's own engine (server/preview/preview-upgrade.ts), Next.js's own upgrades
 * (hot reload, in development) to Next, and anything else is closed. Whatever goes wrong, the
 * socket is answered and closed: a throw here would otherwise leave it open until restart.
 */
import type http from "node:http";
import type { Duplex } from "node:stream";
import type { Logger } from "../logger";

export type UpgradeListener = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * Timeouts of the workbench's http server. headersTimeout also bounds an upgrade request whose
 * headers never finish (Node checks every connectionsCheckingInterval).
 */
export const SERVER_TIMEOUTS = { headersTimeout: 10_000, connectionsCheckingInterval: 2_000 } satisfies http.ServerOptions;

/** How long an upgrade may take from its headers to the websocket being open. */
export const UPGRADE_TIMEOUT_MS = 10_000;

const REASONS: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  408: "Request Timeout",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** Answers an upgrade with an HTTP error (and `text`, for whoever reads the answer) and closes the socket, whatever state it is in. */
export function refuseUpgrade(socket: Duplex, status: number, text = ""): void {
  if (socket.destroyed) return;
  try {
    if (socket.writable) {
      const body = Buffer.from(text);
      const type = body.length ? "Content-Type: text/plain; charset=utf-8\r\n" : "";
      socket.end(Buffer.concat([Buffer.from(`HTTP/1.1 ${status} ${REASONS[status] ?? "Error"}\r\nConnection: close\r\n${type}Content-Length: ${body.length}\r\n\r\n`), body]));
    }
  } finally {
    // end() flushes first; destroy() whatever is left if the peer does not close its side.
    setTimeout(() => socket.destroy(), 1000).unref();
  }
}

export interface UpgradeHandlerDeps {
  /** The websocket endpoint: true when it took the request. */
  ws: { handleUpgrade: (req: http.IncomingMessage, socket: Duplex, head: Buffer) => boolean };
  /** Upgrades under the preview's routes, to the student's engine: true when it took the request (asked after `ws`, so /ws is never a preview's). */
  preview?: { handleUpgrade: (req: http.IncomingMessage, socket: Duplex, head: Buffer) => boolean };
  /** Next.js's upgrade handler, used in development only. */
  nextUpgrade?: (req: http.IncomingMessage, socket: Duplex, head: Buffer) => Promise<void>;
  log: Logger;
}

export function createUpgradeHandler(deps: UpgradeHandlerDeps): UpgradeListener {
  return (req, socket, head) => {
    socket.on("error", () => socket.destroy());
    try {
      if (deps.ws.handleUpgrade(req, socket, head)) return;
      if (deps.preview?.handleUpgrade(req, socket, head)) return;
      if (deps.nextUpgrade) {
        return void deps.nextUpgrade(req, socket, head).catch((error: unknown) => {
          deps.log.warn("upgrade failed", { url: req.url, error: String(error) });
          refuseUpgrade(socket, 500);
        });
      }
      deps.log.info("upgrade refused: no endpoint", { url: req.url });
      refuseUpgrade(socket, 400);
    } catch (error) {
      deps.log.error("upgrade failed", { url: req.url, error: String(error) });
      refuseUpgrade(socket, 500);
    }
  };
}
