/**
 * What every route handler shares: JSON answers that are never cached, one mapping from errors to
 * `{ error: { code, message } }` with the AppError's status, and the small parsers for parameters.
 * Route handlers stay thin: parse, call one server function, answer.
 */
import { AppError, isAppError, toErrorResponse } from "@/server/app-error";
import { logger } from "@/server/logger";
import { say } from "@/lib/i18n/text-ref";
import { getConfig } from "@/server/config";
import { originPolicyOf, type OriginPolicy } from "@/server/http/allowed-origins";
import { isFromOwnPage } from "@/server/http/own-page";

const NO_STORE = { "cache-control": "no-store" } as const;
const log = logger.child({ area: "api" });

export function json<T>(body: T, status = 200): Response {
  return Response.json(body, { status, headers: NO_STORE });
}

/** Any thrown value as an error answer; faults that are not AppErrors are logged and hidden. */
export function errorResponse(error: unknown): Response {
  if (!isAppError(error)) log.error("route failed", { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  else if (error.status >= 500) log.error("route failed", { code: error.code, error: String(error.cause ?? error.message) });
  const { status, body } = toErrorResponse(error);
  return json(body, status);
}

/** Runs a handler body and turns anything it throws into an error answer. */
export async function respond(body: () => Promise<Response>): Promise<Response> {
  try {
    return await body();
  } catch (error) {
    return errorResponse(error);
  }
}

/**
 * Refuses requests sent by another site or another origin on the same site (a form on a foreign
 * page, or a student's preview container's page, posting with the student's cookie): only the
 * workbench's own page passes (server/http/own-page.ts has the rule). Refusals are logged.
 */
export function assertSameSite(request: Request, policy?: OriginPolicy): void {
  const site = request.headers.get("sec-fetch-site");
  const origin = request.headers.get("origin");
  const host = request.headers.get("host") ?? new URL(request.url).host;
  if (isFromOwnPage({ method: request.method, secFetchSite: site, origin, host }, policy ?? originPolicyOf(getConfig()))) return;
  log.warn("cross-origin request refused", {
    method: request.method,
    path: new URL(request.url).pathname,
    secFetchSite: site?.slice(0, 40) ?? null,
    origin: origin?.slice(0, 200) ?? null,
  });
  throw new AppError("forbidden", say("request.notFromPage"));
}

export function parseStep(raw: string | null | undefined): number {
  const step = raw != null && /^\d{1,2}$/.test(raw) ? Number(raw) : NaN;
  if (!(step >= 1 && step <= 99)) throw new AppError("bad_request", say("request.badStep"));
  return step;
}

/**
 * A workspace-relative path as the browser sends it. Only obvious mistakes are refused here; the
 * server's file functions are the real guard (they resolve every path inside the workspace).
 */
export function parseWorkspacePath(raw: string | null, what: "path" | "folder" = "path"): string {
  const path = (raw ?? "").trim();
  const named = { what: say(what === "folder" ? "request.theFolder" : "request.thePath") };
  if (!path) throw new AppError("bad_request", say("request.pathMissing", named));
  if (path.length > 512) throw new AppError("bad_request", say("request.pathTooLong", named));
  if (path.startsWith("/") || path.includes("\\") || path.includes("\0") || path.split("/").includes("..")) {
    throw new AppError("bad_request", say("request.pathOutside", named));
  }
  return path;
}
