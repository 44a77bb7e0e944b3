/**
 * A browser WebSocket stand-in for unit tests (vitest runs in node): records what is sent, lets
 * the test open, deliver and close. Listeners added with addEventListener run before the on*
 * property, as in a browser where the script that added them ran before the property was set.
 */
type Handler = ((event: never) => void) | null;

export class FakeWebSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  /** Every socket made, in order. */
  static created: FakeWebSocket[] = [];

  readyState = FakeWebSocket.CONNECTING;
  readonly sent: string[] = [];
  closedWith: { code?: number; reason?: string } | null = null;
  onopen: Handler = null;
  onmessage: Handler = null;
  onclose: Handler = null;
  onerror: Handler = null;
  private readonly listeners: { type: string; listener: (event: unknown) => void }[] = [];

  constructor(readonly url: string) {
    FakeWebSocket.created.push(this);
  }

  addEventListener(type: string, listener: (event: unknown) => void): void {
    this.listeners.push({ type, listener });
  }

  removeEventListener(type: string, listener: (event: unknown) => void): void {
    const index = this.listeners.findIndex((entry) => entry.type === type && entry.listener === listener);
    if (index >= 0) this.listeners.splice(index, 1);
  }

  send(data: string): void {
    if (this.readyState !== FakeWebSocket.OPEN) throw new Error("not open");
    this.sent.push(data);
  }

  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
    this.readyState = FakeWebSocket.CLOSED;
  }

  /** The server accepted the connection. */
  open(): void {
    this.readyState = FakeWebSocket.OPEN;
    this.dispatch("open", {});
  }

  /** A frame from the server (a string is a text frame). */
  receive(data: unknown): void {
    this.dispatch("message", { data });
  }

  /** The connection ended (refused, lost, or closed by the server). */
  end(code = 1006, reason = ""): void {
    this.readyState = FakeWebSocket.CLOSED;
    this.dispatch("close", { code, reason });
  }

  private dispatch(type: string, event: unknown): void {
    for (const entry of this.listeners) if (entry.type === type) entry.listener(event);
    const handler = { open: this.onopen, message: this.onmessage, close: this.onclose }[type] as ((event: unknown) => void) | null | undefined;
    handler?.(event);
  }
}
