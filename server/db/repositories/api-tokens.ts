/**
 * Teachers' tokens for the read-only HTTP API. Like sessions, only the token's SHA-256 is stored;
 * `id` is a short public name for listing and revoking, never enough to use it.
 */
import { getDb } from "../client";
import { getAccount, type AccountRecord } from "./accounts";

export interface ApiTokenRecord {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

const publicFields = { id: true, name: true, createdAt: true, lastUsedAt: true } as const;

export async function createApiToken(input: { tokenHash: string; id: string; accountId: string; name: string }): Promise<ApiTokenRecord> {
  return getDb().apiToken.create({ data: input, select: publicFields });
}

/** The account of a token (and when it was last used is noted), or null for an unknown one. */
export async function useApiToken(tokenHash: string, now = new Date()): Promise<AccountRecord | null> {
  const db = getDb();
  const row = await db.apiToken.findUnique({ where: { tokenHash }, select: { accountId: true } });
  if (!row) return null;
  await db.apiToken.updateMany({ where: { tokenHash }, data: { lastUsedAt: now } });
  return getAccount(row.accountId);
}

/** The account's tokens, newest first. */
export async function listApiTokens(accountId: string): Promise<ApiTokenRecord[]> {
  return getDb().apiToken.findMany({ where: { accountId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: publicFields });
}

/** Revokes one of the account's tokens; false when it has none by that id. */
export async function deleteApiToken(accountId: string, id: string): Promise<boolean> {
  const { count } = await getDb().apiToken.deleteMany({ where: { accountId, id } });
  return count === 1;
}
