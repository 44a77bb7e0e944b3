/**
 * For the account and class route tests (app/api/auth, app/api/classes): a freshly migrated SQLite database in a temporary
 * DATA_DIR, requests shaped as the workbench page sends them, and the people each test acts as.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { resetConfigForTests } from "@/server/config";
import { closeDb } from "@/server/db/client";
import { migrateDatabase } from "@/server/db/migrate";
import { createAccount, ensureStudent, type AccountRole } from "@/server/db/repositories";
import { createLogger } from "@/server/logger";
import { hashPassword } from "@/server/identity/passwords";
import { encodeStudentCookie, STUDENT_COOKIE } from "@/server/identity/student-cookie";

export const TEST_SECRET = "s".repeat(32);

export async function useTestDatabase(): Promise<() => Promise<void>> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "workbench-auth-test-"));
  process.env.DATA_DIR = dataDir;
  process.env.SESSION_SECRET = TEST_SECRET;
  process.env.LOG_LEVEL = "silent";
  delete process.env.DATABASE_URL;
  resetConfigForTests();
  await closeDb();
  await migrateDatabase({ log: createLogger({ level: "silent" }) });
  return async () => {
    await closeDb();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}

/** A request as the workbench's own page sends it (same-origin), with the given cookies. */
export function pageRequest(url: string, options: { method?: string; body?: unknown; cookie?: string; headers?: Record<string, string> } = {}): Request {
  const headers: Record<string, string> = { "sec-fetch-site": "same-origin", ...options.headers };
  if (options.cookie) headers.cookie = options.cookie;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  return new Request(new URL(url, "http://localhost:3000"), {
    method: options.method ?? (options.body === undefined ? "GET" : "POST"),
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
}

/** The `name=value` pairs of a response's Set-Cookie headers, as a Cookie header. */
export function cookiesOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0]!)
    .join("; ");
}

export const studentCookie = (studentId: string) => `${STUDENT_COOKIE}=${encodeStudentCookie(studentId, TEST_SECRET)}`;

export const TEST_PASSWORD = "correct horse battery";

/** An account with TEST_PASSWORD (already changed: no one-time password pending). */
export async function makeAccount(email: string, role: AccountRole, studentId?: string) {
  if (studentId) await ensureStudent(studentId, `Student ${studentId.slice(0, 4)}`);
  return createAccount({ email, role, passwordHash: await hashPassword(TEST_PASSWORD), studentId });
}
