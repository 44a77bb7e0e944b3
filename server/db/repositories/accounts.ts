/**
 * Accounts: people who sign in with an e-mail and a password. The password is stored only as an
 * argon2id hash (server/identity/passwords.ts makes it); e-mails are kept lower-cased. A student
 * account owns the anonymous Student record its work was done under (sign-up by join link).
 */
import { getDb } from "../client";

export type AccountRole = "student" | "teacher" | "admin";
export const ACCOUNT_ROLES: readonly AccountRole[] = ["student", "teacher", "admin"];

export interface AccountRecord {
  id: string;
  email: string;
  role: AccountRole;
  passwordHash: string;
  mustChangePassword: boolean;
  studentId: string | null;
  createdAt: Date;
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** Creates an account. A taken e-mail, or a student that already has an account, rejects (isDuplicateAccount). */
export async function createAccount(input: { email: string; passwordHash: string; role: AccountRole; mustChangePassword?: boolean; studentId?: string }): Promise<AccountRecord> {
  const row = await getDb().account.create({
    data: {
      email: normalizeEmail(input.email),
      passwordHash: input.passwordHash,
      role: input.role,
      mustChangePassword: input.mustChangePassword ?? false,
      studentId: input.studentId ?? null,
    },
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

export async function setPassword(id: string, passwordHash: string, options: { mustChange: boolean }): Promise<void> {
  await getDb().account.update({ where: { id }, data: { passwordHash, mustChangePassword: options.mustChange } });
}

function toAccount(row: { id: string; email: string; role: string; passwordHash: string; mustChangePassword: boolean; studentId: string | null; createdAt: Date }): AccountRecord {
  // An unknown role in the database is treated as the least privileged one.
  const role: AccountRole = row.role === "admin" || row.role === "teacher" ? row.role : "student";
  return { ...row, role };
}
