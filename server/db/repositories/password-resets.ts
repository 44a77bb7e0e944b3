/**
 * One-time password-reset links. Only the token's SHA-256 is stored; a link works once, before
 * its expiry.
 */
import { getDb } from "../client";

export async function createPasswordReset(input: { tokenHash: string; accountId: string; createdById: string; expiresAt: Date }): Promise<void> {
  await getDb().passwordReset.create({ data: input });
}

/**
 * Marks the reset used and returns its account id, or null when the token is unknown, used or
 * expired. Atomic: of two concurrent uses of one link, one wins.
 */
export async function consumePasswordReset(tokenHash: string, now = new Date()): Promise<string | null> {
  const db = getDb();
  const { count } = await db.passwordReset.updateMany({
    where: { tokenHash, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (count !== 1) return null;
  const row = await db.passwordReset.findUnique({ where: { tokenHash }, select: { accountId: true } });
  return row?.accountId ?? null;
}

/** Whether a link would still work (for the page that asks for the new password). */
export async function isPasswordResetUsable(tokenHash: string, now = new Date()): Promise<boolean> {
  const row = await getDb().passwordReset.findUnique({ where: { tokenHash } });
  return !!row && row.usedAt === null && row.expiresAt.getTime() > now.getTime();
}
