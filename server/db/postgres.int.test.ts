/**
 * Migrations and repositories against a real PostgreSQL: a throwaway cluster on loopback (Debian's
 * postgresql package; scripts/ensure-postgres.sh installs it). Skipped with a message when the
 * server binaries are missing.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetConfigForTests } from "../config";
import { createLogger } from "../logger";
import { closeDb, createDb, getDatabaseProvider, getDb } from "./client";
import { migrateDatabase, MIGRATIONS_TABLE, readMigrations } from "./migrate";
import { defineRepositoryContract } from "./repository-contract";
import { findPostgresBinDir, startThrowawayPostgres, type ThrowawayPostgres } from "./testing/throwaway-postgres";

const binDir = findPostgresBinDir();
if (!binDir) console.warn("postgres.int.test: PostgreSQL server binaries not found; run scripts/ensure-postgres.sh. Skipping.");

const quiet = createLogger({ level: "silent" });

describe.skipIf(!binDir)("PostgreSQL", () => {
  let pg: ThrowawayPostgres;
  let dataDir: string;

  beforeAll(async () => {
    pg = await startThrowawayPostgres(binDir!);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "workbench-pg-data-"));
    process.env.DATA_DIR = dataDir;
    process.env.SESSION_SECRET = "s".repeat(32);
    process.env.DATABASE_URL = pg.url;
    resetConfigForTests();
    await closeDb();
  }, 120_000);

  afterAll(async () => {
    await closeDb();
    await pg?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  describe("migrations", () => {
    it("applies prisma/postgres/migrations and records them", async () => {
      expect(getDatabaseProvider()).toBe("postgresql");
      const expected = readMigrations("prisma/postgres/migrations").map((m) => m.name);
      expect(await migrateDatabase({ log: quiet })).toEqual({ applied: expected });
      const rows = await getDb().$queryRawUnsafe<{ name: string }[]>(`SELECT "name" FROM "${MIGRATIONS_TABLE}" ORDER BY "name"`);
      expect(rows.map((r) => r.name)).toEqual(expected);
    });

    it("is idempotent, also when several servers start at once", async () => {
      expect(await migrateDatabase({ log: quiet })).toEqual({ applied: [] });
      // A fresh schema migrated by three clients at the same time: each migration applied once.
      await getDb().$executeRawUnsafe('CREATE SCHEMA "race"');
      const clients = [1, 2, 3].map(() => inSchema("race"));
      try {
        const results = await Promise.all(clients.map((db) => migrateDatabase({ db, provider: "postgresql", log: quiet })));
        expect(results.flatMap((r) => r.applied).sort()).toEqual(readMigrations("prisma/postgres/migrations").map((m) => m.name));
        const rows = await clients[0]!.$queryRawUnsafe<unknown[]>(`SELECT * FROM "${MIGRATIONS_TABLE}"`);
        expect(rows).toHaveLength(results.flatMap((r) => r.applied).length);
      } finally {
        await Promise.all(clients.map((db) => db.$disconnect()));
      }
    });

    it("adopts a database migrated earlier by `prisma migrate deploy`", async () => {
      await getDb().$executeRawUnsafe('CREATE SCHEMA "adopted"');
      const scoped = inSchema("adopted");
      try {
        const [migration] = readMigrations("prisma/postgres/migrations");
        await scoped.$executeRawUnsafe(
          `CREATE TABLE "_prisma_migrations" ("id" VARCHAR(36) PRIMARY KEY, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ, "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ, "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`,
        );
        for (const statement of migration!.sql.split(";").filter((s) => s.replace(/--.*$/gm, "").trim())) await scoped.$executeRawUnsafe(statement);
        await scoped.$executeRawUnsafe(
          `INSERT INTO "_prisma_migrations" ("id", "checksum", "finished_at", "migration_name", "applied_steps_count") VALUES ('x', '${migration!.checksum}', now(), '${migration!.name}', 1)`,
        );
        const { applied } = await migrateDatabase({ db: scoped, provider: "postgresql", log: quiet });
        expect(applied).not.toContain(migration!.name);
        const rows = await scoped.$queryRawUnsafe<{ name: string }[]>(`SELECT "name" FROM "${MIGRATIONS_TABLE}"`);
        expect(rows.map((r) => r.name)).toContain(migration!.name);
      } finally {
        await scoped.$disconnect();
      }
    });

    it("moves password hashes into better-auth's credential rows, keeps what references an account, ends the old sessions", async () => {
      await getDb().$executeRawUnsafe('CREATE SCHEMA "before_better_auth"');
      const scoped = inSchema("before_better_auth");
      const all = "prisma/postgres/migrations";
      const moving = readMigrations(all).find((m) => m.name.endsWith("_better_auth"))!.name;
      const before = fs.mkdtempSync(path.join(dataDir, "pg-migrations-"));
      for (const name of fs.readdirSync(all)) if (name < moving && fs.statSync(path.join(all, name)).isDirectory()) fs.cpSync(path.join(all, name), path.join(before, name), { recursive: true });
      try {
        await migrateDatabase({ db: scoped, provider: "postgresql", migrationsDir: before, log: quiet });
        await scoped.$executeRawUnsafe(
          `INSERT INTO "Account" ("id", "email", "passwordHash", "role") VALUES ('acc-old', 'old@example.org', '$argon2id$v=19$old', 'teacher'), ('acc-lti', 'lms@example.org', '!lti', 'student')`,
        );
        await scoped.$executeRawUnsafe(`INSERT INTO "Class" ("id", "name", "teacherId", "steps", "joinCode") VALUES ('class-old', 'Before', 'acc-old', '[1]', 'JOINOLD1')`);
        await scoped.$executeRawUnsafe(`INSERT INTO "AuthSession" ("tokenHash", "accountId", "expiresAt") VALUES ('an-old-sha256', 'acc-old', '2999-01-01')`);
        expect((await migrateDatabase({ db: scoped, provider: "postgresql", migrationsDir: all, log: quiet })).applied).toContain(moving);
        // Raw queries: the generated client names the public schema in its queries.
        expect(await scoped.$queryRawUnsafe(`SELECT "userId", "accountId", "providerId", "password" FROM "Credential"`)).toEqual([
          { userId: "acc-old", accountId: "acc-old", providerId: "credential", password: "$argon2id$v=19$old" },
        ]);
        expect(await scoped.$queryRawUnsafe(`SELECT "id" FROM "Class" WHERE "teacherId" = 'acc-old'`)).toEqual([{ id: "class-old" }]);
        expect(await scoped.$queryRawUnsafe(`SELECT count(*)::int AS "n" FROM "AuthSession"`)).toEqual([{ n: 0 }]);
      } finally {
        await scoped.$disconnect();
      }
    });
  });

  /** A client whose tables live in another schema of the same database. */
  const inSchema = (schema: string) => createDb(`${pg.url}?options=${encodeURIComponent(`-c search_path=${schema}`)}`).db;

  describe("repositories", () => {
    defineRepositoryContract();
  });
});
