/**
 * Accounts: people who sign in with an e-mail and a password. The Account is better-auth's "user"
 * and the password its "credential" account row (server/identity/auth.ts maps them), stored only as
 * an argon2id hash (server/identity/passwords.ts makes it); e-mails are kept lower-cased. A student
 * account owns the anonymous Student record its work was done under (sign-up by join link).
 */
import { randomUUID } from "node:crypto";
import { getDb } from "../client";

export type AccountRole = "student" | "teacher" | "admin";
export const ACCOUNT_ROLES: readonly AccountRole[] = ["student", "teacher", "admin"];

export interface AccountRecord {
  id: string;
  email: string;
  role: AccountRole;
  mustChangePassword: boolean;
  studentId: string | null;
  createdAt: Date;
}

/** better-auth's provider id for an e-mail-and-password credential (its accountId is the Account's id). */
export const CREDENTIAL_PROVIDER = "credential";

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/**
 * Creates an account and, given a hash, its password credential, in one transaction (the admin CLI,
 * tests; sign-up goes through better-auth). A taken e-mail, or a student that already has an
 * account, rejects (isDuplicateAccount).
 */
export async function createAccount(input: { email: string; passwordHash: string; role: AccountRole; mustChangePassword?: boolean; studentId?: string }): Promise<AccountRecord> {
  const row = await getDb().$transaction(async (tx) => {
    const account = await tx.account.create({
      data: { email: normalizeEmail(input.email), role: input.role, mustChangePassword: input.mustChangePassword ?? false, studentId: input.studentId ?? null },
    });
    await tx.credential.create({ data: { id: randomUUID(), accountId: account.id, providerId: CREDENTIAL_PROVIDER, userId: account.id, password: input.passwordHash } });
    return account;
  });
  return toAccount(row);
}

/** True for the error createAccount throws when the e-mail (or the student) already has an account. */
export function isDuplicateAccount(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

export async function getAccount(id: string): Promise<AccountRecord | null> {
  const row = await getDb().account.findUnique({ where: { id } });
  return row && toAccount(row);
}

export async function getAccountByEmail(email: string): Promise<AccountRecord | null> {
  const row = await getDb().account.findUnique({ where: { email: normalizeEmail(email) } });
  return row && toAccount(row);
}

export async function getAccountByStudent(studentId: string): Promise<AccountRecord | null> {
  const row = await getDb().account.findUnique({ where: { studentId } });
  return row && toAccount(row);
}

/** The argon2id hash of the account's password, or null (no password: an LMS-made account). */
export async function getPasswordHash(accountId: string): Promise<string | null> {
  const row = await getDb().credential.findFirst({ where: { userId: accountId, providerId: CREDENTIAL_PROVIDER }, select: { password: true } });
  return row?.password ?? null;
}

/** Sets the account's password (making its credential row when it has none) and whether it must be changed at next sign-in. */
export async function setPassword(id: string, passwordHash: string, options: { mustChange: boolean }): Promise<void> {
  await getDb().$transaction(async (tx) => {
    await tx.account.update({ where: { id }, data: { mustChangePassword: options.mustChange } });
    const { count } = await tx.credential.updateMany({ where: { userId: id, providerId: CREDENTIAL_PROVIDER }, data: { password: passwordHash } });
    if (count === 0) await tx.credential.create({ data: { id: randomUUID(), accountId: id, providerId: CREDENTIAL_PROVIDER, userId: id, password: passwordHash } });
  });
}

function toAccount(row: { id: string; email: string; role: string; mustChangePassword: boolean; studentId: string | null; createdAt: Date }): AccountRecord {
  // An unknown role in the database is treated as the least privileged one.
  const role: AccountRole = row.role === "admin" || row.role === "teacher" ? row.role : "student";
  return { id: row.id, email: row.email, role, mustChangePassword: row.mustChangePassword, studentId: row.studentId, createdAt: row.createdAt };
}
