/**
 * Signed-in sessions: better-auth's session rows (server/identity/auth.ts makes, finds and deletes
 * them one by one). This ends many at once: a password change or reset signs the account out of
 * its other browsers.
 */
import { getDb } from "../client";

/** Signs the account out everywhere, except the session whose id is `keep`; answers how many ended. */
export async function deleteAccountSessions(accountId: string, keep?: string): Promise<number> {
  const { count } = await getDb().authSession.deleteMany({ where: { accountId, ...(keep && { id: { not: keep } }) } });
  return count;
}

/** How many live sessions the account has (tests, the operator). */
export async function countAccountSessions(accountId: string, now = new Date()): Promise<number> {
  return getDb().authSession.count({ where: { accountId, expiresAt: { gt: now } } });
}
