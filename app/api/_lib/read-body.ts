/**
 * Reads a request body while counting its bytes, and stops at the limit: a body is never held in
 * memory beyond `limit` bytes, with or without Content-Length (chunked uploads declare none).
 * Route handlers read bodies only through these functions.
 */
import { AppError } from "@/server/app-error";
import { logger } from "@/server/logger";
import type { TextRef } from "@/lib/i18n/text-ref";

const log = logger.child({ area: "api" });

/** The body's bytes; AppError "too_large" (413) as soon as more than `limit` bytes arrived (with `tooLargeMessage`: a catalog message to be said in the reader's language). */
export async function readBody(request: Request, limit: number, tooLargeMessage: string | TextRef): Promise<Uint8Array<ArrayBuffer>> {
  const refuse = (received: number) => {
    log.warn("request body refused: too large", { method: request.method, path: new URL(request.url).pathname, limit, received });
    return new AppError("too_large", tooLargeMessage);
  };
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) throw refuse(Number(declared));
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > limit) {
      // Stop reading: what the client still sends is discarded by the HTTP server, never kept.
      void reader.cancel().catch(() => undefined);
      throw refuse(received);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** The body as UTF-8 text, at most `limit` bytes of it. */
export async function readTextBody(request: Request, limit: number, tooLargeMessage: string | TextRef): Promise<string> {
  return new TextDecoder().decode(await readBody(request, limit, tooLargeMessage));
}

/** The body parsed as JSON (null when it is not JSON), at most `limit` bytes of it. */
export async function readJsonBody(request: Request, limit: number, tooLargeMessage: string | TextRef): Promise<unknown> {
  const text = await readTextBody(request, limit, tooLargeMessage);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** The body parsed as a multipart or urlencoded form, at most `limit` bytes of it. */
export async function readFormBody(request: Request, limit: number, tooLargeMessage: string | TextRef): Promise<FormData> {
  const body = await readBody(request, limit, tooLargeMessage);
  const contentType = request.headers.get("content-type") ?? "";
  return new Response(body, { headers: { "content-type": contentType } }).formData();
}
