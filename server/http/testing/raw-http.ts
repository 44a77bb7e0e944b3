/**
 * For tests of the HTTP layer as a hostile client sees it: raw bytes on a socket (a websocket
 * upgrade with chosen headers) and an upload streamed until the server answers.
 */
import http from "node:http";
import net from "node:net";
import type { Readable } from "node:stream";

/** A websocket upgrade request for /ws on the loopback port, with these headers added. */
export function upgradeRequest(port: number, headers: Record<string, string>): string {
  return [
    "GET /ws HTTP/1.1",
    `Host: 127.0.0.1:${port}`,
    "Connection: Upgrade",
    "Upgrade: websocket",
    "Sec-WebSocket-Version: 13",
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    "",
    "",
  ].join("\r\n");
}

/** Sends raw bytes and reports what came back and whether the server closed the socket within waitMs. */
export function exchangeRaw(port: number, raw: string, waitMs: number): Promise<{ answer: string; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    let answer = "";
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ answer, closed: false });
    }, waitMs);
    socket.on("data", (d: Buffer) => (answer += d.toString()));
    socket.on("error", () => undefined);
    socket.on("close", () => {
      clearTimeout(timer);
      resolve({ answer, closed: true });
    });
    socket.write(raw);
  });
}

/** Streams `upload` as the body of a request until the server answers; returns its status and body. */
export function streamUntilAnswered(port: number, options: { method: string; path: string; headers: Record<string, string> }, upload: Readable): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: "127.0.0.1", port, ...options }, (response) => {
      let text = "";
      response.on("data", (d: Buffer) => (text += d.toString()));
      response.on("end", () => {
        upload.unpipe(request);
        request.destroy();
        resolve({ status: response.statusCode ?? 0, body: text });
      });
    });
    request.on("error", reject);
    upload.pipe(request);
  });
}
