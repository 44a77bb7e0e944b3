/**
 * The one error type for faults of our own or of the infrastructure. `code` is what callers branch
 * on; `userMessage` is safe to show a student (no host paths, no stack, no secrets). `message` is
 * the same text, so code that shows `error.message` leaks nothing; details for the logs go in
 * `cause`. A learner's failing check is a result, never an AppError. Given as a catalog message
 * (lib/i18n/texts), the error keeps it as `text`, for a page to say in its reader's language.
 */
import { englishOf } from "../lib/i18n/render-text";
import { say, type TextRef } from "../lib/i18n/text-ref";

const STATUS_BY_CODE = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported: 415,
  rate_limited: 429,
  internal: 500,
  engine_unavailable: 503,
  /** The database did not answer (locked, unreachable, read-only): nothing was saved. */
  database_unavailable: 503,
  /** The operator has not enabled multi-node clusters (WB_CLUSTER_MODE). */
  cluster_disabled: 503,
  timeout: 504,
} as const;

export type AppErrorCode = keyof typeof STATUS_BY_CODE;

export interface AppErrorOptions {
  /** The underlying fault, for the logs. */
  cause?: unknown;
}

export class AppError extends Error {
  override readonly name = "AppError";
  readonly code: AppErrorCode;
  readonly userMessage: string;
  /** The message as a catalog TextRef, when it was given as one (its English is `userMessage`). */
  readonly text?: TextRef;
  readonly status: number;

  constructor(code: AppErrorCode, userMessage: string | TextRef, options: AppErrorOptions = {}) {
    const english = typeof userMessage === "string" ? userMessage : englishOf(userMessage);
    super(english, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.userMessage = english;
    if (typeof userMessage !== "string") this.text = userMessage;
    this.status = STATUS_BY_CODE[code];
  }
}

/**
 * True for an AppError, also one from another copy of this module (the custom server and Next's
 * route bundle each load their own), recognised by its shape.
 */
export function isAppError(error: unknown): error is AppError {
  if (error instanceof AppError) return true;
  if (!(error instanceof Error) || error.name !== "AppError") return false;
  const { code, userMessage } = error as Partial<AppError>;
  return typeof code === "string" && code in STATUS_BY_CODE && typeof userMessage === "string";
}

export function hasAppErrorCode(error: unknown, code: AppErrorCode): error is AppError {
  return isAppError(error) && error.code === code;
}

/** Any thrown value as an AppError; unknown faults become "internal" with a generic message. */
export function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  return new AppError("internal", say("error.oursRetry"), { cause: error });
}

/** The JSON body and HTTP status a route handler answers with for this error (`text`: its catalog message, for the page to say in its reader's language). */
export function toErrorResponse(error: unknown): { status: number; body: { error: { code: AppErrorCode; message: string; text?: TextRef } } } {
  const appError = toAppError(error);
  const { status, code, userMessage: message, text } = appError;
  return { status, body: { error: { code, message, ...(text && { text }) } } };
}
