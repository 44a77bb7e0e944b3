/**
 * The move to better-auth, on real SQLite databases: an account made before the migration signs
 * in after it with its old password (its hash moved to a credential row), old sessions end, a
 * forged or edited session cookie is refused, and the signing secret is per installation.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getConfig, loadOrCreateSessionSecret, resetConfigForTests } from "../config";
import { closeDb, getDb } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { countAccountSessions, getAccountByEmail } from "../db/repositories";
import { createLogger } from "../logger";
import { currentAccount, resetSignInLimitsForTests, signIn, signOut } from "./accounts";
import { getAuth } from "./auth";
import { AUTH_COOKIE } from "./auth-cookie";
import { hashPassword } from "./passwords";
import { makeAccount, TEST_PASSWORD, TEST_SECRET } from "./testing/route-testing";

const MIGRATIONS = path.resolve("prisma/migrations");
const BETTER_AUTH_MIGRATION = fs.readdirSync(MIGRATIONS).find((name) => name.endsWith("_better_auth"))!;
const silent = createLogger({ level: "silent" });

let dataDir: string;
beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "workbench-better-auth-"));
  process.env.DATA_DIR = dataDir;
  process.env.SESSION_SECRET = TEST_SECRET;
  process.env.LOG_LEVEL = "silent";
  delete process.env.DATABASE_URL;
});
afterAll(async () => {
  await closeDb();
  fs.rmSync(dataDir, { recursive: true, force: true });
});
beforeEach(async () => {
  resetSignInLimitsForTests();
  await closeDb();
  for (const file of ["workbench.db", "workbench.db-wal", "workbench.db-shm"]) fs.rmSync(path.join(dataDir, file), { force: true });
  resetConfigForTests();
});

/** The migrations up to, not including, the move to better-auth. */
function migrationsBefore(): string {
  const dir = fs.mkdtempSync(path.join(dataDir, "migrations-"));
  for (const name of fs.readdirSync(MIGRATIONS)) {
    if (name >= BETTER_AUTH_MIGRATION || !fs.statSync(path.join(MIGRATIONS, name)).isDirectory()) continue;
    fs.cpSync(path.join(MIGRATIONS, name), path.join(dir, name), { recursive: true });
  }
  return dir;
}

describe("the migration to better-auth", () => {
  it("lets an account made before it sign in with its old password, keeps its classes and tokens, ends the old sessions, and leaves an LMS account without a password", async () => {
    const db = getDb();
    await migrateDatabase({ db, provider: "sqlite", migrationsDir: migrationsBefore(), log: silent });
    const oldHash = await hashPassword("an old password 123");
    await db.$executeRawUnsafe(`INSERT INTO "Account" ("id", "email", "passwordHash", "role", "mustChangePassword") VALUES ('acc-old', 'old@example.org', ?, 'teacher', false)`, oldHash);
    await db.$executeRawUnsafe(`INSERT INTO "Account" ("id", "email", "passwordHash", "role") VALUES ('acc-lti', 'lms@example.org', '!lti', 'student')`);
    await db.$executeRawUnsafe(`INSERT INTO "AuthSession" ("tokenHash", "accountId", "expiresAt") VALUES ('an-old-sha256', 'acc-old', '2999-01-01 00:00:00')`);
    await db.$executeRawUnsafe(`INSERT INTO "Class" ("id", "name", "teacherId", "steps", "joinCode") VALUES ('class-old', 'Before', 'acc-old', '[1]', 'JOINOLD1')`);
    await db.$executeRawUnsafe(`INSERT INTO "ApiToken" ("tokenHash", "id", "accountId", "name") VALUES ('a-token-sha256', 'tok1', 'acc-old', 'export')`);

    const { applied } = await migrateDatabase({ db, provider: "sqlite", log: silent });
    expect(applied).toContain(BETTER_AUTH_MIGRATION);

    expect(await countAccountSessions("acc-old")).toBe(0);
    // Rows that reference an account survive it (a rebuilt Account table would have cascaded their deletion).
    expect(await db.class.count({ where: { teacherId: "acc-old" } })).toBe(1);
    expect(await db.apiToken.count({ where: { accountId: "acc-old" } })).toBe(1);
    const { token, account } = await signIn({ email: "old@example.org", password: "an old password 123", address: "test" });
    expect(account).toMatchObject({ id: "acc-old", email: "old@example.org", role: "teacher", mustChangePassword: false });
    expect((await currentAccount(`${AUTH_COOKIE}=${token}`))?.id).toBe("acc-old");
    await expect(signIn({ email: "old@example.org", password: "not the old one", address: "test" })).rejects.toMatchObject({ code: "unauthorized" });
    // The LMS-made account kept no password: nothing signs it in with one (its launches do, server/lti/).
    expect(await db.credential.count({ where: { userId: "acc-lti" } })).toBe(0);
    await expect(signIn({ email: "lms@example.org", password: "!lti", address: "test" })).rejects.toMatchObject({ code: "unauthorized" });
    expect((await getAccountByEmail("lms@example.org"))?.role).toBe("student");
  });
});

describe("better-auth's session cookie", () => {
  it("refuses a forged, edited, re-signed or revoked cookie, and an unsigned token", async () => {
    await migrateDatabase({ log: silent });
    await makeAccount("cookie@example.org", "teacher");
    const { token } = await signIn({ email: "cookie@example.org", password: TEST_PASSWORD, address: "test" });
    const good = `${AUTH_COOKIE}=${token}`;
    expect((await currentAccount(good))?.email).toBe("cookie@example.org");

    const [sessionToken, signature] = decodeURIComponent(token).split(".") as [string, string];
    const flip = (text: string) => text.slice(0, 5) + (text[5] === "A" ? "B" : "A") + text.slice(6);
    const refused = [
      `${AUTH_COOKIE}=${sessionToken}`, // the token alone, as it is stored in the database
      `${AUTH_COOKIE}=${encodeURIComponent(`${flip(sessionToken)}.${signature}`)}`, // another token, the same signature
      `${AUTH_COOKIE}=${encodeURIComponent(`${sessionToken}.${flip(signature)}`)}`, // an edited signature
      `${AUTH_COOKIE}=${"A".repeat(32)}.${"B".repeat(43)}=`, // made up
      `${AUTH_COOKIE}=%E0%A4%A`, // not even percent-encoding
    ];
    for (const cookie of refused) expect(await currentAccount(cookie), cookie).toBeNull();

    // Signed with another installation's secret: refused here.
    process.env.SESSION_SECRET = "o".repeat(32);
    resetConfigForTests();
    const { token: foreign } = await signIn({ email: "cookie@example.org", password: TEST_PASSWORD, address: "test" });
    process.env.SESSION_SECRET = TEST_SECRET;
    resetConfigForTests();
    expect(await currentAccount(`${AUTH_COOKIE}=${foreign}`)).toBeNull();

    await signOut(good);
    expect(await currentAccount(good)).toBeNull();
  });

  it("is refused once its session expired, and the expired row is deleted", async () => {
    await migrateDatabase({ log: silent });
    const made = await makeAccount("expired@example.org", "student");
    const { token } = await signIn({ email: "expired@example.org", password: TEST_PASSWORD, address: "test" });
    await getDb().authSession.updateMany({ where: { accountId: made.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await currentAccount(`${AUTH_COOKIE}=${token}`)).toBeNull();
    expect(await getDb().authSession.count({ where: { accountId: made.id } })).toBe(0);
  });
});

describe("the signing secret", () => {
  it("is SESSION_SECRET, generated per installation (0600) when not given, never better-auth's built-in default", async () => {
    delete process.env.SESSION_SECRET;
    resetConfigForTests();
    const generated = getConfig().SESSION_SECRET;
    expect(fs.statSync(path.join(dataDir, "session-secret")).mode & 0o777).toBe(0o600);
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), "workbench-other-install-"));
    try {
      expect(loadOrCreateSessionSecret(elsewhere)).not.toBe(generated);
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
    const context = await getAuth().$context;
    expect(context.secret).toBe(generated);
    expect(context.secret).not.toMatch(/better-auth-secret/);
    process.env.SESSION_SECRET = TEST_SECRET;
    resetConfigForTests();
  });
});
