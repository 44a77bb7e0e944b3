/**
 * Faults of the database itself (locked, unreachable, read-only, out of disk), told apart from
 * mistakes in a query: these are the infrastructure's, may pass in a moment, and are shown to the
 * student as such. The Prisma client (./client.ts) turns them into one AppError,
 * `database_unavailable` (HTTP 503), so every route and websocket message says the same clear
 * thing, and logs one line naming the operation that failed.
 */
import { AppError, isAppError } from "../app-error";
import { logger } from "../logger";
import { englishOf } from "../../lib/i18n/render-text";
import { say } from "../../lib/i18n/text-ref";

/** Said in the reader's language through the catalog; its English is DATABASE_UNAVAILABLE_MESSAGE. */
const DATABASE_UNAVAILABLE_TEXT = say("error.databaseUnavailable");
export const DATABASE_UNAVAILABLE_MESSAGE = englishOf(DATABASE_UNAVAILABLE_TEXT);

/** Prisma's codes for "could not reach / timed out waiting for the database". */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2034"]);
/** Driver adapter error kinds (the cause Prisma wraps) that mean the same. */
const ADAPTER_KINDS = new Set(["SocketTimeout", "DatabaseNotReachable", "ConnectionClosed", "TooManyConnections", "TransactionWriteConflict"]);
const SQLITE_CODES = /^SQLITE_(BUSY|LOCKED|READONLY|CANTOPEN|IOERR|FULL|PROTOCOL)/;
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "57P01", "57P03", "53300"]);

interface ErrorShape {
  code?: unknown;
  kind?: unknown;
  originalCode?: unknown;
  message?: unknown;
  meta?: { driverAdapterError?: { cause?: ErrorShape } };
  cause?: unknown;
}

/** Whether `error` (or what it wraps) says the database could not be used, rather than a bad query. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 4) return false;
  if (isAppError(error)) return error.code === "database_unavailable";
  const e = error as ErrorShape;
  const code = typeof e.code === "string" ? e.code : "";
  if (PRISMA_CODES.has(code) || SOCKET_CODES.has(code) || SQLITE_CODES.test(code)) return true;
  if (typeof e.kind === "string" && ADAPTER_KINDS.has(e.kind)) return true;
  if (typeof e.originalCode === "string" && (SQLITE_CODES.test(e.originalCode) || SOCKET_CODES.has(e.originalCode))) return true;
  if (
    typeof e.message === "string" &&
    /database is locked|database is busy|Can't reach database server|Connection terminated|attempt to write a readonly database|unable to open database file/i.test(e.message)
  ) {
    return true;
  }
  return isDatabaseUnavailable(e.meta?.driverAdapterError?.cause, depth + 1) || isDatabaseUnavailable(e.cause, depth + 1);
}

const log = logger.child({ area: "db" });

/**
 * `error` as the AppError a student sees when it is a database fault (logged once, with the
 * operation); any other error unchanged.
 */
export function asDatabaseUnavailable(error: unknown, operation: string): unknown {
  if (isAppError(error) || !isDatabaseUnavailable(error)) return error;
  log.error("database unavailable", { operation, error: describe(error) });
  return new AppError("database_unavailable", DATABASE_UNAVAILABLE_TEXT, { cause: error });
}

function describe(error: unknown): string {
  const e = error as ErrorShape;
  const cause = e.meta?.driverAdapterError?.cause;
  const detail = cause ? ` (${String(cause.originalCode ?? cause.kind ?? "")}: ${String(cause.message ?? (cause as { originalMessage?: unknown }).originalMessage ?? "")})` : "";
  return `${typeof e.code === "string" ? `${e.code} ` : ""}${
    String(e.message ?? error)
      .split("\n")
      .filter(Boolean)
      .pop() ?? ""
  }${detail}`.slice(0, 500);
}
