/**
 * The browser's websocket to the backend (`/ws` on the page's own origin). Decodes every frame
 * with the shared protocol, reconnects with backoff (0.5 s doubling to 5 s), pings every 20 s and
 * drops a connection that stops answering. No React here: the hook in use-workbench-socket.ts
 * starts and stops it with the page. Its first connection is the step page's early socket when
 * that one is open or opening (./early-socket.ts): taken over with the frames it already received,
 * so a page load opens one socket, not two.
 */
import { decodeServerMessage, encodeMessage, type ClientMessage, type ServerMessage } from "@/lib/protocol/messages";
import { takeEarlySocket, type EarlySocket } from "./early-socket";

export type ConnectionStatus = "idle" | "connecting" | "open" | "closed";

export type ConnectionState = {
  status: ConnectionStatus;
  /** Failed attempts since the last successful open. */
  attempt: number;
  /** When the next attempt starts (epoch ms), while closed. */
  retryAt: number | null;
  /** Why the last connection ended, when known. */
  reason: string | null;
  /** Round trip of the last ping, in ms. */
  latencyMs: number | null;
  /** True once a connection has been open at least once. */
  wasOpen: boolean;
};

type Listener<T> = (value: T) => void;

export const RECONNECT_MIN_MS = 500;
export const RECONNECT_MAX_MS = 5_000;
export const PING_INTERVAL_MS = 20_000;
/** A connection that has not answered a ping for this long is considered dead. */
export const PONG_TIMEOUT_MS = 45_000;

export function reconnectDelay(attempt: number): number {
  return Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** Math.max(0, attempt));
}

export function socketUrl(location: Pick<Location, "protocol" | "host">): string {
  return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`;
}

const INITIAL_STATE: ConnectionState = {
  status: "idle",
  attempt: 0,
  retryAt: null,
  reason: null,
  latencyMs: null,
  wasOpen: false,
};

export class WorkbenchSocket {
  private ws: WebSocket | null = null;
  private running = false;
  private state: ConnectionState = INITIAL_STATE;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private lastPongAt = 0;
  private earlySocketAsked = false;
  private readonly messageListeners = new Set<Listener<ServerMessage>>();
  private readonly openListeners = new Set<Listener<void>>();
  private readonly stateListeners = new Set<Listener<ConnectionState>>();

  /** `earlySocket`: the page's early socket, if it has one (asked once, by the first connection). */
  constructor(
    private readonly url: () => string = () => socketUrl(window.location),
    private readonly earlySocket: () => EarlySocket | null = () => takeEarlySocket(),
  ) {}

  /** Connects and keeps reconnecting until stop(). Calling it again is harmless. */
  start(): void {
    if (this.running) return;
    this.running = true;
    window.addEventListener("online", this.handleWake);
    document.addEventListener("visibilitychange", this.handleWake);
    this.connect();
  }

  /** Closes the connection and cancels every timer and window listener. Restartable. */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    window.removeEventListener("online", this.handleWake);
    document.removeEventListener("visibilitychange", this.handleWake);
    this.clearTimers();
    this.detach(1000, "page closed");
    this.setState({ ...INITIAL_STATE, wasOpen: this.state.wasOpen });
  }

  /** Skips the wait before the next attempt. */
  reconnectNow(): void {
    if (!this.running || this.state.status === "open" || this.state.status === "connecting") return;
    this.clearTimers();
    this.connect();
  }

  isOpen(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  /** Sends a message if the connection is open; returns whether it was sent. */
  send(message: ClientMessage): boolean {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    ws.send(encodeMessage(message));
    return true;
  }

  onMessage(listener: Listener<ServerMessage>): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  /** Called on every (re)connection, once the socket is open. */
  onOpen(listener: Listener<void>): () => void {
    this.openListeners.add(listener);
    return () => this.openListeners.delete(listener);
  }

  /** For useSyncExternalStore. */
  subscribeState = (listener: () => void): (() => void) => {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  };

  getState = (): ConnectionState => this.state;

  getServerState = (): ConnectionState => INITIAL_STATE;

  private connect(): void {
    this.setState({ ...this.state, status: "connecting", retryAt: null });
    const early = this.takeUsableEarlySocket();
    if (early) {
      this.wire(early.ws, early.frames.splice(0));
      return;
    }
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.url());
    } catch (error) {
      this.handleClosed(error instanceof Error ? error.message : "could not open the connection");
      return;
    }
    this.wire(ws, []);
  }

  /** The page's early socket on the first connection only, if it is open or opening and kept every frame; otherwise it is closed. */
  private takeUsableEarlySocket(): EarlySocket | null {
    if (this.earlySocketAsked) return null;
    this.earlySocketAsked = true;
    const early = this.earlySocket();
    if (!early) return null;
    const { ws } = early;
    if (!early.overflowed && (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING)) return early;
    ws.onmessage = null;
    if (ws.readyState === WebSocket.OPEN) ws.close(1000, "replaced by the page's own connection");
    return null;
  }

  /**
   * Listens to `ws`. `earlyFrames`: what an already open early socket received before it was taken
   * over. They are handed to the listeners (after the open listeners, in order, before any later
   * frame) in a microtask, so that every listener subscribed in the same React commit as start() hears them.
   */
  private wire(ws: WebSocket, earlyFrames: string[]): void {
    this.ws = ws;
    let held: string[] | null = null;
    const opened = () => {
      this.lastPongAt = Date.now();
      this.setState({ ...this.state, status: "open", attempt: 0, retryAt: null, reason: null, wasOpen: true });
      this.pingTimer = setInterval(this.ping, PING_INTERVAL_MS);
      for (const listener of [...this.openListeners]) safeCall(listener, undefined);
    };
    ws.onopen = () => {
      if (this.ws === ws) opened();
    };
    ws.onmessage = (event: MessageEvent) => {
      if (this.ws !== ws) return;
      if (typeof event.data !== "string") return; // the protocol is JSON text only
      if (held) held.push(event.data);
      else this.receive(event.data);
    };
    ws.onclose = (event: CloseEvent) => {
      if (this.ws !== ws) return;
      const reason = event.reason || (event.code === 1000 ? "closed by the server" : `connection lost (code ${event.code})`);
      this.handleClosed(reason);
    };
    ws.onerror = () => {
      // A close event always follows; the browser gives no details worth showing.
    };
    if (ws.readyState !== WebSocket.OPEN) return;
    held = earlyFrames;
    queueMicrotask(() => {
      const frames = held ?? [];
      held = null;
      if (this.ws !== ws) return;
      opened();
      for (const frame of frames) if (this.ws === ws) this.receive(frame);
    });
  }

  private receive(data: string): void {
    const decoded = decodeServerMessage(data);
    if (!decoded.ok) {
      console.warn("[ws] ignored a frame:", decoded.error);
      return;
    }
    const message = decoded.message;
    if (message.type === "pong") {
      this.lastPongAt = Date.now();
      this.setState({ ...this.state, latencyMs: Math.max(0, Date.now() - message.t) });
    }
    for (const listener of [...this.messageListeners]) safeCall(listener, message);
  }

  private ping = (): void => {
    if (!this.isOpen()) return;
    if (Date.now() - this.lastPongAt > PONG_TIMEOUT_MS) {
      // The TCP connection may be half-open: the close handshake could take minutes. Give up on it now.
      this.detach(4000, "no answer to ping");
      this.handleClosed("the server stopped answering");
      return;
    }
    this.send({ type: "ping", t: Date.now() });
  };

  private handleClosed(reason: string): void {
    this.ws = null;
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
    if (!this.running) return;
    const delay = reconnectDelay(this.state.attempt);
    this.setState({ ...this.state, status: "closed", attempt: this.state.attempt + 1, retryAt: Date.now() + delay, reason });
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.running) this.connect();
    }, delay);
  }

  private handleWake = (): void => {
    if (document.visibilityState === "visible" && this.state.status === "closed") this.reconnectNow();
  };

  private detach(code: number, reason: string): void {
    const ws = this.ws;
    this.ws = null;
    if (!ws) return;
    ws.onmessage = ws.onclose = ws.onerror = null;
    if (ws.readyState === WebSocket.CONNECTING) {
      // Closing before the handshake ends makes browsers log an error: close once it is open.
      ws.onopen = () => ws.close(code, reason);
      return;
    }
    ws.onopen = null;
    try {
      if (ws.readyState === WebSocket.OPEN) ws.close(code, reason);
    } catch {
      // closing an already failing socket may throw; nothing to do
    }
  }

  private clearTimers(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.retryTimer = null;
    this.pingTimer = null;
  }

  private setState(next: ConnectionState): void {
    this.state = next;
    for (const listener of [...this.stateListeners]) safeCall(listener, next);
  }
}

function safeCall<T>(listener: Listener<T>, value: T): void {
  try {
    listener(value);
  } catch (error) {
    console.error("[ws] listener failed", error);
  }
}
