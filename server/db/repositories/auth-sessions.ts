/**
 * Signed-in sessions. The browser holds a random token; the table holds only its SHA-256
 * (`tokenHash`), so a copy of the database signs nobody in. Expired rows are never returned and
 * are deleted when met.
 */
import { getDb } from "../client";
import type { AccountRecord } from "./accounts";
import { getAccount } from "./accounts";

export async function createAuthSession(input: { tokenHash: string; accountId: string; expiresAt: Date }): Promise<void> {
  await getDb().authSession.create({ data: input });
}

/** The account of a live session, or null (unknown or expired: an expired row is deleted). */
export async function getAuthSessionAccount(tokenHash: string, now = new Date()): Promise<AccountRecord | null> {
  const db = getDb();
  const row = await db.authSession.findUnique({ where: { tokenHash } });
  if (!row) return null;
  if (row.expiresAt.getTime() <= now.getTime()) {
    await db.authSession.deleteMany({ where: { tokenHash } });
    return null;
  }
  return getAccount(row.accountId);
}

export async function deleteAuthSession(tokenHash: string): Promise<void> {
  await getDb().authSession.deleteMany({ where: { tokenHash } });
}

/** Signs the account out everywhere (after a password reset), except the session `keep`. */
export async function deleteAccountSessions(accountId: string, keep?: string): Promise<number> {
  const { count } = await getDb().authSession.deleteMany({ where: { accountId, ...(keep && { tokenHash: { not: keep } }) } });
  return count;
}
