/**
 * The teacher's read-only HTTP API (docs/api.md): a script sends `Authorization: Bearer wbt_…`
 * instead of a browser's session cookie. A token belongs to a teacher or admin account and reads
 * what that account's pages show (its classes' grids, CSV, analytics, students' work); it changes
 * nothing, so the routes that change a class still take a signed-in browser only. The token is
 * shown once when made; the database keeps its SHA-256.
 */
import { randomBytes } from "node:crypto";
import { AppError } from "../app-error";
import { say } from "../../lib/i18n/text-ref";
import { createApiToken, deleteApiToken, listApiTokens, useApiToken, type ApiTokenRecord } from "../db/repositories";
import { logger } from "../logger";
import { hashToken, newToken } from "./auth-cookie";
import { requireAccount, type SignedIn } from "./accounts";
import { TEACHING_ROLES } from "./classes";

const log = logger.child({ area: "identity" });
const TOKEN_PREFIX = "wbt_";
const BEARER = /^Bearer\s+(wbt_[A-Za-z0-9_-]{43})\s*$/;
/** How many tokens one account may hold (a script each is plenty). */
export const MAX_TOKENS_PER_ACCOUNT = 20;

export async function makeApiToken(actor: SignedIn, name: string): Promise<{ token: string; record: ApiTokenRecord }> {
  assertTeaching(actor);
  if ((await listApiTokens(actor.id)).length >= MAX_TOKENS_PER_ACCOUNT) {
    throw new AppError("bad_request", say("token.tooMany", { count: MAX_TOKENS_PER_ACCOUNT }));
  }
  const token = `${TOKEN_PREFIX}${newToken()}`;
  const record = await createApiToken({ tokenHash: hashToken(token), id: randomBytes(6).toString("hex"), accountId: actor.id, name: name.trim() });
  log.info("api token made", { accountId: actor.id, tokenId: record.id });
  return { token, record };
}

export function listMyApiTokens(actor: SignedIn): Promise<ApiTokenRecord[]> {
  assertTeaching(actor);
  return listApiTokens(actor.id);
}

export async function revokeApiToken(actor: SignedIn, id: string): Promise<void> {
  assertTeaching(actor);
  if (!(await deleteApiToken(actor.id, id))) throw new AppError("not_found", say("token.none"));
  log.info("api token revoked", { accountId: actor.id, tokenId: id });
}

/**
 * Who reads: the token's teacher when the request carries `Authorization: Bearer wbt_…`, else the
 * signed-in browser's (as requireAccount). A bad token is 401, never a fall-back to the cookie.
 */
export async function requireTeacherReader(request: Request): Promise<SignedIn> {
  const header = request.headers.get("authorization");
  if (header === null) return requireAccount(request.headers.get("cookie"), TEACHING_ROLES);
  const token = BEARER.exec(header)?.[1];
  const tokenHash = token ? hashToken(token) : null;
  const account = tokenHash ? await useApiToken(tokenHash) : null;
  if (!account || !tokenHash) throw new AppError("unauthorized", say("token.invalid"));
  if (account.mustChangePassword) throw new AppError("forbidden", say("token.mustChangePassword"));
  if (!(TEACHING_ROLES as readonly string[]).includes(account.role)) throw new AppError("forbidden", say("token.readersOnly"));
  return { id: account.id, email: account.email, role: account.role, mustChangePassword: false, studentId: account.studentId, sessionId: `token:${tokenHash}` };
}

function assertTeaching(actor: SignedIn): void {
  if (!(TEACHING_ROLES as readonly string[]).includes(actor.role)) throw new AppError("forbidden", say("token.onlyTeachers"));
}
