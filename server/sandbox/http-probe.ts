/**
 * Fetches a page from a port published in a learner's engine, following redirects that stay on
 * that service (a WordPress redirect names http://localhost/…, which means the engine itself).
 */
import http from "node:http";
import type { HttpOutcome } from "../grading/evidence";

const MAX_BODY = 256 * 1024;

function fetchOnce(ip: string, port: number, pathAndQuery: string, timeoutMs: number, agent?: http.Agent): Promise<{ status: number; location?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      {
        host: ip,
        port,
        ...(agent ? { agent } : {}),
        path: pathAndQuery,
        headers: { Host: port === 80 ? "localhost" : `localhost:${port}`, "User-Agent": "docker-workbench-grader" },
        timeout: timeoutMs,
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          if (body.length < MAX_BODY) body += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body: body.slice(0, MAX_BODY) }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`)));
    req.on("error", reject);
  });
}

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * `agent`: how to reach the engine's ports when its address is not routed from here (an engine
 * placed on another swarm node: its EnginePortTunnel); `ip` is then not used to connect.
 */
export async function probeHttp(ip: string, port: number, path: string, followRedirects: number, timeoutMs: number, agent?: http.Agent): Promise<HttpOutcome> {
  const chain: string[] = [];
  let current = new URL(path, `http://localhost:${port}`);
  for (let hop = 0; ; hop++) {
    chain.push(current.toString());
    let answer: { status: number; location?: string; body: string };
    try {
      answer = await fetchOnce(ip, Number(current.port || 80), current.pathname + current.search, timeoutMs, agent);
    } catch (error) {
      const code = (error as { code?: string }).code;
      const reason = code === "ECONNREFUSED" ? "connection refused (nothing listens on that port)" : (error as Error).message;
      return { kind: "http", chain, error: reason };
    }
    const isRedirect = answer.status >= 300 && answer.status < 400 && answer.location;
    if (!isRedirect || hop >= followRedirects) return { kind: "http", status: answer.status, body: answer.body, chain };
    const next = new URL(answer.location!, current);
    if (!LOCAL_HOSTS.has(next.hostname) || next.protocol !== "http:") {
      return { kind: "http", status: answer.status, body: answer.body, chain: [...chain, next.toString()] };
    }
    current = next;
  }
}
