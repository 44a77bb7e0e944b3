/**
 * For tests that stand up a server of their own: it listens on a free port, and closing it ends
 * its open connections too (an HTTP keep-alive would hold `close` for seconds). Closing twice is
 * harmless; `await using` closes it at the end of the scope.
 */
import http from "node:http";
import type net from "node:net";

export interface ListeningServer extends AsyncDisposable {
  port: number;
  /** http://HOST:PORT (with 127.0.0.1 for a server that listens on every address). */
  url: string;
  close(): Promise<void>;
}

/** Listens on a free port of `host` (the loopback unless said: "0.0.0.0" for one containers reach). */
export async function listenOnFreePort(server: net.Server, host = "127.0.0.1"): Promise<ListeningServer> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as net.AddressInfo;
  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= new Promise<void>((resolve) => {
      if (server instanceof http.Server) server.closeAllConnections();
      server.close(() => resolve());
    }));
  return { port, url: `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`, close, [Symbol.asyncDispose]: close };
}
