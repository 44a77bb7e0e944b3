/**
 * Whether the student's site answers on the lesson's preview port, for the "Open your WordPress"
 * button: a TCP connection to the engine's published port, opened and closed at once (through the
 * engine's tunnel when it runs on another node). It sends no HTTP request, so nothing shows up in
 * the student's access logs.
 */
import net from "node:net";
import type { PreviewEngine } from "../preview/preview-proxy";

export const PREVIEW_POLL_MS = 4_000;
const CONNECT_TIMEOUT_MS = 1_500;

/** Resolves true when a TCP connection to host:port is accepted within the timeout. */
export function acceptsConnections(host: string, port: number, timeoutMs = CONNECT_TIMEOUT_MS): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (answers: boolean) => {
      socket.destroy();
      resolve(answers);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

export type PreviewStatus = { answers: boolean; engine: boolean; message: string };

/** What the page says about the preview, from where the engine stands and whether the port answers. */
export function previewStatus(port: number, engineIp: string | undefined, answers: boolean): PreviewStatus {
  if (!engineIp) return { answers: false, engine: false, message: "Your Docker engine is not running yet." };
  if (!answers) return { answers: false, engine: true, message: `Nothing answers on port ${port} yet: start your container with -p ${port}:${port} (or your stack), then wait a moment.` };
  return { answers: true, engine: true, message: `Your site answers on port ${port}.` };
}

/**
 * Polls the preview port every PREVIEW_POLL_MS and calls `report` when the answer changes (and
 * once at the start). Returns a function that stops it.
 */
export function watchPreview(port: number, engineOf: () => PreviewEngine | undefined, report: (status: PreviewStatus) => void, pollMs = PREVIEW_POLL_MS): () => void {
  let stopped = false;
  let last: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  const poll = async () => {
    const engine = engineOf();
    const answers = engine ? await (engine.tunnel ? engine.tunnel.probe(port) : acceptsConnections(engine.ip, port)) : false;
    const status = previewStatus(port, engine?.ip, answers);
    if (stopped) return;
    const key = `${status.answers}:${status.message}`;
    if (key !== last) {
      last = key;
      report(status);
    }
    timer = setTimeout(() => void poll(), pollMs);
  };
  void poll();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
