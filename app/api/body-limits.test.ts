/**
 * Every route that reads a request body stops reading at its limit: a 300 MiB chunked upload
 * (no Content-Length) is refused with 413 after about the limit was read, and the process's
 * memory does not grow with the upload.
 */
import http from "node:http";
import { Readable } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("@/server/app-api", () => ({
  requireStudent: vi.fn(async () => ({ id: "alice", name: "Alice" })),
  writeFile: vi.fn(async () => undefined),
  uploadFiles: vi.fn(async () => undefined),
  startStepFrom: vi.fn(async () => ({})),
  getStartOptions: vi.fn(async () => []),
  readFile: vi.fn(async () => ""),
  deleteFile: vi.fn(async () => undefined),
}));

import * as appApi from "@/server/app-api";
import { resetConfigForTests } from "@/server/config";
import { PUT as putContent } from "./files/content/route";
import { POST as postUpload } from "./files/upload/route";
import { POST as postStartFrom } from "./steps/[step]/start-from/route";
import { streamUntilAnswered } from "@/server/http/testing/raw-http";
import { renderText } from "@/lib/i18n/render-text";
import type { TextRef } from "@/lib/i18n/text-ref";
import { listenOnFreePort, type ListeningServer } from "@/server/http/testing/listen";

const MiB = 1024 * 1024;
const UPLOAD = 300 * MiB;
const CHUNK = 64 * 1024;

/** A request whose body is generated on demand, as a chunked upload arrives: nothing is declared. */
function hugeRequest(url: string, method: string, contentType: string): { request: Request; pulled: () => number } {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulled >= UPLOAD) return controller.close();
        pulled += CHUNK;
        controller.enqueue(new Uint8Array(CHUNK).fill(0x61));
      },
    },
    { highWaterMark: 0 },
  );
  const init = { method, body, duplex: "half", headers: { "content-type": contentType, "sec-fetch-site": "same-origin", host: "localhost:3000" } };
  return { request: new Request(url, init as RequestInit), pulled: () => pulled };
}

const routes: { name: string; limit: number; call: (request: Request) => Promise<Response>; url: string; method: string; type: string; french: string }[] = [
  {
    name: "PUT /api/files/content",
    french: "Un fichier peut contenir au plus 1\u00a0Mio de texte.",
    limit: 1 * MiB,
    call: (r) => putContent(r),
    url: "http://localhost:3000/api/files/content?path=a/Dockerfile",
    method: "PUT",
    type: "text/plain",
  },
  {
    name: "POST /api/files/upload",
    french: "Un import peut contenir au plus 20\u00a0Mio.",
    limit: 20 * MiB + 64 * 1024,
    call: (r) => postUpload(r),
    url: "http://localhost:3000/api/files/upload",
    method: "POST",
    type: "multipart/form-data; boundary=x",
  },
  {
    name: "POST /api/steps/2/start-from",
    french: "La requête est trop volumineuse.",
    limit: 4096,
    call: (r) => postStartFrom(r, { params: Promise.resolve({ step: "2" }) }),
    url: "http://localhost:3000/api/steps/2/start-from",
    method: "POST",
    type: "application/json",
  },
];

beforeAll(() => {
  // The refusals are logged; the logger reads its level from the configuration.
  process.env.SESSION_SECRET ??= "s".repeat(32);
  process.env.LOG_LEVEL = "silent";
  resetConfigForTests();
});
beforeEach(() => vi.clearAllMocks());

describe("request bodies are counted while they stream", () => {
  for (const route of routes) {
    it(`${route.name}: 413 once the limit is passed, without reading (or keeping) the other ~300 MiB`, async () => {
      global.gc?.();
      const rssBefore = process.memoryUsage().rss;
      let rssPeak = rssBefore;
      const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 5);
      const { request, pulled } = hugeRequest(route.url, route.method, route.type);
      const response = await route.call(request);
      clearInterval(sampler);
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);

      expect(response.status).toBe(413);
      const body = (await response.json()) as { error: { code: string; message: string; text?: TextRef } };
      expect(body.error.code).toBe("too_large");
      expect(body.error.message).toMatch(/at most|too large/i);
      // Said to a French student in French: the answer carries its catalog message.
      expect(body.error.text && renderText(body.error.text, "fr")).toBe(route.french);
      // Reading stopped right after the limit: at most a few chunks more were pulled.
      expect(pulled()).toBeLessThanOrEqual(route.limit + 4 * CHUNK);
      // And memory did not follow the upload (buffering it first costs ~3x its size).
      expect(rssPeak - rssBefore).toBeLessThan(96 * MiB);
      expect(appApi.writeFile).not.toHaveBeenCalled();
      expect(appApi.uploadFiles).not.toHaveBeenCalled();
      expect(appApi.startStepFrom).not.toHaveBeenCalled();
    });
  }

  it("still accepts bodies within the limits", async () => {
    const put = await putContent(
      new Request("http://localhost:3000/api/files/content?path=a/Dockerfile", {
        method: "PUT",
        body: "FROM debian\n",
        headers: { "sec-fetch-site": "same-origin", "content-type": "text/plain" },
      }),
    );
    expect(put.status).toBe(200);
    expect(appApi.writeFile).toHaveBeenCalledWith("alice", "a/Dockerfile", "FROM debian\n");

    const form = new FormData();
    form.set("dir", "a");
    form.append("files", new File(["hello"], "hello.txt"));
    const upload = await postUpload(new Request("http://localhost:3000/api/files/upload", { method: "POST", body: form, headers: { "sec-fetch-site": "same-origin" } }));
    expect(upload.status).toBe(200);
    expect(appApi.uploadFiles).toHaveBeenCalledWith("alice", "a", [{ name: "hello.txt", content: new Uint8Array(Buffer.from("hello")) }]);

    const start = await postStartFrom(
      new Request("http://localhost:3000/api/steps/2/start-from", { method: "POST", body: JSON.stringify({ source: "mine" }), headers: { "sec-fetch-site": "same-origin" } }),
      { params: Promise.resolve({ step: "2" }) },
    );
    expect(start.status).toBe(200);
    expect(appApi.startStepFrom).toHaveBeenCalledWith("alice", 2, "mine", false);
  });
});

describe("over HTTP, as Next.js hands the body to a route (the IncomingMessage as the Request's stream)", () => {
  let site: ListeningServer;
  let port = 0;

  beforeAll(async () => {
    const server = http.createServer((req, res) => {
      const request = new Request(`http://${req.headers.host}${req.url}`, {
        method: req.method,
        headers: req.headers as Record<string, string>,
        body: req as unknown as ReadableStream,
        duplex: "half",
      } as RequestInit);
      void putContent(request).then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      });
    });
    site = await listenOnFreePort(server);
    port = site.port;
  });

  afterAll(() => site.close());

  it("a 300 MiB chunked upload gets its 413 while it is still being sent, and memory stays flat", async () => {
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 5);
    let sent = 0;
    const chunk = Buffer.alloc(CHUNK, 0x61);
    const upload = Readable.from(
      (function* () {
        while (sent < UPLOAD) {
          sent += CHUNK;
          yield chunk;
        }
      })(),
    );
    const { status, body } = await streamUntilAnswered(
      port,
      { method: "PUT", path: "/api/files/content?path=a/Dockerfile", headers: { "content-type": "text/plain", "sec-fetch-site": "same-origin" } },
      upload,
    );
    clearInterval(sampler);
    expect(status).toBe(413);
    expect(JSON.parse(body)).toMatchObject({ error: { code: "too_large" } });
    expect(sent).toBeLessThan(UPLOAD / 2);
    expect(rssPeak - rssBefore).toBeLessThan(96 * MiB);
  });
});
