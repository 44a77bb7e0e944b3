/**
 * What the account and class routes share: a small JSON body read through the size-limited reader
 * and checked with zod, and JSON answers that set cookies.
 */
import type { z } from "zod";
import { AppError } from "@/server/app-error";
import { readJsonBody } from "../../_lib/read-body";

/** Every account or class form is a few short fields. */
export const AUTH_BODY_LIMIT = 4 * 1024;

export async function readValidBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  const body = await readJsonBody(request, AUTH_BODY_LIMIT, "This form is too large.");
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new AppError("bad_request", parsed.error.issues[0]?.message ?? "This form is not valid.");
  return parsed.data;
}

/** A no-store JSON answer with Set-Cookie headers. */
export function jsonWithCookies(body: unknown, cookies: string[], status = 200): Response {
  const headers = new Headers({ "content-type": "application/json", "cache-control": "no-store" });
  for (const cookie of cookies) headers.append("set-cookie", cookie);
  return new Response(JSON.stringify(body), { status, headers });
}
