/**
 * The step page's early websocket. An inline script, run as soon as the browser parses the page
 * (before its scripts, about 1.3 MB, have loaded and React has started; an async module, so not
 * held until the page's stylesheets are in as a classic one would be), opens the student's `/ws`,
 * sends `terminal.attach` the moment it is open and keeps every frame the server sends. When React
 * starts, WorkbenchSocket takes that socket and its frames over (`takeEarlySocket`) instead of
 * opening a second one; one that failed, closed or kept too many frames is closed, and the client
 * opens its own as it always did.
 *
 * It is the page's own socket opened sooner: same origin, same cookie, so the same upgrade checks
 * (server/http/own-page.ts's origin rule, the student's session) as the client's; the attach is
 * the protocol's message, checked against its schema here and decoded by the server as any other.
 */
import { clientMessageSchema, encodeMessage } from "@/lib/protocol/messages";

/** Where the inline script leaves the socket for the client: a property of `window`. */
export const EARLY_SOCKET_KEY = "__workbenchEarlySocket";

/** Frames kept before the client takes the socket over; past it the client opens its own. */
export const EARLY_SOCKET_MAX_FRAMES = 2_000;

/** The attach the early script sends, at the size a shell starts with: the terminal sends its own size when it mounts. */
export const EARLY_ATTACH = clientMessageSchema.parse({ type: "terminal.attach", cols: 80, rows: 24, lastSeq: 0 });

/** What the inline script leaves on `window`. */
export interface EarlySocket {
  ws: WebSocket;
  /** The text frames received so far, in order (the protocol is JSON text only). */
  frames: string[];
  /** More than EARLY_SOCKET_MAX_FRAMES came: some were not kept, so the socket is not taken over. */
  overflowed: boolean;
}

/**
 * The inline script (plain ES5, no imports: it runs before any bundle). `/ws` on the page's own
 * host, as socketUrl() builds it; any failure leaves nothing behind, and the client connects as before.
 */
export const EARLY_SOCKET_SCRIPT =
  `(function(){try{` +
  `var s=new WebSocket((location.protocol==="https:"?"wss":"ws")+"://"+location.host+"/ws"),e={ws:s,frames:[],overflowed:false};` +
  `window[${JSON.stringify(EARLY_SOCKET_KEY)}]=e;` +
  `s.addEventListener("open",function(){try{s.send(${JSON.stringify(encodeMessage(EARLY_ATTACH))})}catch(x){}});` +
  `s.onmessage=function(m){if(typeof m.data!=="string")return;if(e.frames.length<${EARLY_SOCKET_MAX_FRAMES})e.frames.push(m.data);else e.overflowed=true}` +
  `}catch(x){}})();`;

function isEarlySocket(value: unknown): value is EarlySocket {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Partial<EarlySocket>;
  return typeof candidate.ws === "object" && candidate.ws !== null && Array.isArray(candidate.frames) && typeof candidate.overflowed === "boolean";
}

/** The early socket, once: it is removed from `holder`, so a later workbench (another step) opens its own. */
export function takeEarlySocket(holder: Record<string, unknown> = window as unknown as Record<string, unknown>): EarlySocket | null {
  const early = holder[EARLY_SOCKET_KEY];
  delete holder[EARLY_SOCKET_KEY];
  return isEarlySocket(early) ? early : null;
}
