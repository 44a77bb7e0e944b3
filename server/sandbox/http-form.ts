/**
 * Posts an HTML form (application/x-www-form-urlencoded) to a port published in a learner's
 * engine, with the same Host header as http-probe.ts so the site sees one consistent address.
 */
import http from "node:http";

const MAX_BODY = 512 * 1024;

export interface FormAnswer {
  status: number;
  location?: string;
  body: string;
}

export function postForm(ip: string, port: number, pathAndQuery: string, fields: Record<string, string>, timeoutMs: number): Promise<FormAnswer> {
  const payload = new URLSearchParams(fields).toString();
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: ip,
        port,
        method: "POST",
        path: pathAndQuery,
        timeout: timeoutMs,
        headers: {
          Host: port === 80 ? "localhost" : `localhost:${port}`,
          "User-Agent": "docker-workbench-grader",
          "Content-Type": "application/x-www-form-urlencoded",
          "Content-Length": Buffer.byteLength(payload),
        },
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          if (body.length < MAX_BODY) body += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`)));
    req.on("error", reject);
    req.end(payload);
  });
}
