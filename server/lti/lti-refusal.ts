/**
 * Why a login or launch was refused: an AppError (its message is what the error page shows) with a
 * short `reason` for the server's log line and for tests to branch on.
 */
import type { Locale } from "../../lib/i18n/locale";
import type { TextRef } from "../../lib/i18n/text-ref";
import { AppError, type AppErrorCode } from "../app-error";

export type LtiRefusalReason =
  | "unknown-platform"
  | "ambiguous-platform"
  | "bad-request"
  | "state-missing"
  | "bad-signature"
  | "unknown-key"
  | "platform-keys-unreachable"
  | "expired"
  | "wrong-issuer"
  | "wrong-audience"
  | "bad-token"
  | "nonce-replayed"
  | "unknown-deployment"
  | "wrong-message"
  | "class-not-ready";

export class LtiRefusal extends AppError {
  readonly reason: LtiRefusalReason;
  /** The language the launch asked for (its locale claim), when it named one the workbench speaks. */
  locale?: Locale;

  constructor(reason: LtiRefusalReason, code: AppErrorCode, userMessage: TextRef, cause?: unknown) {
    super(code, userMessage, cause === undefined ? {} : { cause });
    this.reason = reason;
  }
}

export const isLtiRefusal = (error: unknown): error is LtiRefusal => error instanceof LtiRefusal;
