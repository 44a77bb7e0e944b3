/**
 * HTTP requests to a port published in a learner's engine that look like a browser's on the
 * site's own address: the Host header is the address the site believes it has (WordPress records
 * it at install time and redirects other addresses to it), while the connection always goes to
 * the engine's IP and that port. Forms are posted as application/x-www-form-urlencoded.
 */
import http from "node:http";

const MAX_BODY = 512 * 1024;

export interface PageAnswer {
  status: number;
  location?: string;
  body: string;
}

export interface PageRequest {
  ip: string;
  port: number;
  /** Host header, e.g. "localhost:8080". */
  host: string;
  path: string;
  form?: Record<string, string>;
  timeoutMs: number;
}

export function requestPage({ ip, port, host, path, form, timeoutMs }: PageRequest): Promise<PageAnswer> {
  const payload = form ? new URLSearchParams(form).toString() : undefined;
  const headers: http.OutgoingHttpHeaders = { Host: host, "User-Agent": "docker-workbench-grader" };
  if (payload !== undefined) {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    headers["Content-Length"] = Buffer.byteLength(payload);
  }
  return new Promise((resolve, reject) => {
    const req = http.request({ host: ip, port, method: payload === undefined ? "GET" : "POST", path, timeout: timeoutMs, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        if (body.length < MAX_BODY) body += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`)));
    req.on("error", reject);
    req.end(payload);
  });
}

export interface FollowedPage {
  status?: number;
  /** The last address asked, e.g. http://localhost:8080/wp-admin/install.php. */
  url: string;
  body?: string;
  error?: string;
}

/**
 * GET (or POST, then GET the redirects) following up to `maxRedirects` http:// redirects, each
 * sent to the same engine port with the Host the redirect names.
 */
export async function followPage(request: PageRequest, maxRedirects = 5): Promise<FollowedPage> {
  let current = new URL(request.path, `http://${request.host}`);
  let form = request.form;
  for (let hop = 0; ; hop++) {
    let answer: PageAnswer;
    try {
      answer = await requestPage({ ...request, host: current.host, path: current.pathname + current.search, form });
    } catch (error) {
      const code = (error as { code?: string }).code;
      const reason = code === "ECONNREFUSED" ? "connection refused (nothing listens on that port)" : (error as Error).message;
      return { url: current.toString(), error: reason };
    }
    const next = answer.status >= 300 && answer.status < 400 && answer.location ? new URL(answer.location, current) : undefined;
    if (!next || next.protocol !== "http:" || hop >= maxRedirects) return { status: answer.status, url: current.toString(), body: answer.body };
    current = next;
    form = undefined;
  }
}
