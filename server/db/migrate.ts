/**
 * Applies the migration SQL files to the configured database and records each in
 * `_workbench_migrations` (name, sha-256 of migration.sql, time). Used at server start instead of
 * `prisma migrate deploy`, which fails on PostgreSQL with driver adapters (Prisma #27403), and the
 * same on SQLite so both behave alike. Idempotent; each migration runs in one transaction (DDL is
 * transactional on both databases; on SQLite with foreign keys off around it and checked before
 * COMMIT, see withSqliteForeignKeysOff); concurrent starters serialize on PostgreSQL through an advisory
 * lock and on SQLite through the write lock, and a loser that finds its migration recorded by the
 * winner carries on.
 *
 * Folders: prisma/migrations (SQLite) and prisma/postgres/migrations (PostgreSQL), written by
 * prisma/new-migration.ts. A database migrated earlier with `prisma migrate deploy` is adopted: its
 * finished entries in _prisma_migrations count as applied.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { logger as rootLogger, type Logger } from "../logger";
import { getDatabaseProvider, getDb, type Db } from "./client";
import type { DatabaseProvider } from "./database-url";
import type { Prisma } from "./generated/sqlite/client";
import { splitSqlStatements } from "./split-sql";

export const MIGRATIONS_TABLE = "_workbench_migrations";
const MIGRATION_NAME = /^\d+_[A-Za-z0-9_]+$/;
/** Arbitrary constant key for pg_advisory_xact_lock. */
const PG_LOCK_KEY = 727_403;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateOptions {
  db?: Db;
  provider?: DatabaseProvider;
  /** Defaults to prisma/migrations or prisma/postgres/migrations under the working directory. */
  migrationsDir?: string;
  log?: Logger;
}

export function defaultMigrationsDir(provider: DatabaseProvider, cwd = process.cwd()): string {
  return path.join(cwd, "prisma", ...(provider === "postgresql" ? ["postgres"] : []), "migrations");
}

/** The migrations in a folder, in name order. */
export function readMigrations(dir: string): Migration[] {
  if (!fs.existsSync(dir)) throw new Error(`migrations folder not found: ${dir}`);
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => {
      if (!MIGRATION_NAME.test(entry.name)) throw new Error(`bad migration folder name: ${entry.name}`);
      const sql = fs.readFileSync(path.join(dir, entry.name, "migration.sql"), "utf8");
      return { name: entry.name, sql, checksum: sha256(sql) };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Brings the database up to date. Returns the names of the migrations it applied. */
export async function migrateDatabase(options: MigrateOptions = {}): Promise<{ applied: string[] }> {
  const db = options.db ?? getDb();
  const provider = options.provider ?? getDatabaseProvider();
  const log = (options.log ?? rootLogger).child({ area: "db" });
  const migrations = readMigrations(options.migrationsDir ?? defaultMigrationsDir(provider));

  if (provider === "sqlite") {
    // Readers do not block the writer and vice versa; persistent in the file.
    await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  }
  // Under the lock: PostgreSQL's CREATE TABLE IF NOT EXISTS is not safe against a concurrent twin.
  await inMigrationTransaction(db, provider, async (tx) => {
    await tx.$executeRawUnsafe(`CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" ("name" TEXT NOT NULL PRIMARY KEY, "checksum" TEXT NOT NULL, "appliedAt" TEXT NOT NULL)`);
    await adoptPrismaHistory(tx, provider, log);
  });

  const recorded = await readRecorded(db);
  for (const migration of migrations) {
    const checksum = recorded.get(migration.name);
    if (checksum !== undefined && checksum !== migration.checksum) {
      throw new Error(`migration ${migration.name} was changed after it was applied (checksum differs); restore it and add a new migration instead`);
    }
  }
  const known = new Set(migrations.map((m) => m.name));
  const unknown = [...recorded.keys()].filter((name) => !known.has(name));
  if (unknown.length) log.warn("database has migrations this code does not know (newer code ran here?)", { unknown });

  const applied: string[] = [];
  for (const migration of migrations.filter((m) => !recorded.has(m.name))) {
    const began = Date.now();
    try {
      const ran = await applyMigration(db, provider, migration);
      if (ran) applied.push(migration.name);
      log.info(ran ? "applied migration" : "migration already applied by another process", { migration: migration.name, ms: Date.now() - began });
    } catch (error) {
      // Another process may have applied it between our read and our attempt.
      if ((await readRecorded(db)).get(migration.name) === migration.checksum) continue;
      throw new Error(`migration ${migration.name} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
  return { applied };
}

/**
 * The migrations not yet applied to the database (nothing is written). Throws when the database
 * cannot be reached; a database never migrated has every migration pending.
 */
export async function pendingMigrations(options: Omit<MigrateOptions, "log"> = {}): Promise<string[]> {
  const db = options.db ?? getDb();
  const provider = options.provider ?? getDatabaseProvider();
  const migrations = readMigrations(options.migrationsDir ?? defaultMigrationsDir(provider));
  await db.$queryRawUnsafe("SELECT 1");
  const recorded = await readRecorded(db).catch(() => new Map<string, string>());
  return migrations.filter((m) => !recorded.has(m.name)).map((m) => m.name);
}

type Tx = Prisma.TransactionClient;

/** One transaction, holding the migration lock on PostgreSQL (SQLite's write lock does that job). */
async function inMigrationTransaction<T>(db: Db, provider: DatabaseProvider, body: (tx: Tx) => Promise<T>): Promise<T> {
  return db.$transaction(
    async (tx) => {
      if (provider === "postgresql") await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${PG_LOCK_KEY})`);
      return body(tx);
    },
    { maxWait: 60_000, timeout: 10 * 60_000 },
  );
}

async function applyMigration(db: Db, provider: DatabaseProvider, migration: Migration): Promise<boolean> {
  if (provider === "postgresql") return runMigration(db, provider, migration);
  return withSqliteForeignKeysOff(db, () => runMigration(db, provider, migration));
}

/**
 * SQLite ignores `PRAGMA foreign_keys` inside a transaction, so the `PRAGMA foreign_keys=OFF` that
 * Prisma writes around a table rebuild (new_X, copy, DROP TABLE X, rename) did nothing in our
 * per-migration transaction, and dropping X deleted every row referencing it ON DELETE CASCADE (a
 * class's members with the Class table). As SQLite documents for schema changes: enforcement off
 * before the transaction, the references checked before COMMIT (see runMigration), and the previous
 * setting back afterwards, also when the migration failed. The adapter (better-sqlite3) has one
 * connection, so the pragma applies to the one that runs the migration; PostgreSQL needs none of
 * this (its DDL keeps foreign keys within the transaction).
 */
async function withSqliteForeignKeysOff<T>(db: Db, body: () => Promise<T>): Promise<T> {
  const before = await db.$queryRawUnsafe<{ foreign_keys: bigint | number }[]>("PRAGMA foreign_keys");
  const wasOn = Number(before[0]?.foreign_keys) === 1;
  await db.$executeRawUnsafe("PRAGMA foreign_keys = OFF");
  try {
    return await body();
  } finally {
    if (wasOn) await db.$executeRawUnsafe("PRAGMA foreign_keys = ON");
  }
}

/** Throws, naming the tables, when a row references a row that does not exist (SQLite, in the migration's transaction). */
async function checkSqliteForeignKeys(tx: Tx): Promise<void> {
  const dangling = await tx.$queryRawUnsafe<{ table: string; parent: string }[]>("PRAGMA foreign_key_check");
  if (!dangling.length) return;
  const counts = new Map<string, number>();
  for (const row of dangling) {
    const key = `"${row.table}" → "${row.parent}"`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const list = [...counts].map(([key, n]) => `${key} (${n} row${n === 1 ? "" : "s"})`).join(", ");
  throw new Error(`it would leave rows referencing rows that no longer exist: ${list}; rolled back, nothing changed`);
}

async function runMigration(db: Db, provider: DatabaseProvider, migration: Migration): Promise<boolean> {
  return inMigrationTransaction(db, provider, async (tx) => {
    const already = await tx.$queryRaw<{ name: string }[]>`SELECT "name" FROM "_workbench_migrations" WHERE "name" = ${migration.name}`;
    if (already.length) return false;
    for (const statement of splitSqlStatements(migration.sql)) await tx.$executeRawUnsafe(statement);
    if (provider === "sqlite") await checkSqliteForeignKeys(tx);
    const appliedAt = new Date().toISOString();
    await tx.$executeRaw`INSERT INTO "_workbench_migrations" ("name", "checksum", "appliedAt") VALUES (${migration.name}, ${migration.checksum}, ${appliedAt})`;
    return true;
  });
}

async function readRecorded(db: Db | Tx): Promise<Map<string, string>> {
  const rows = await db.$queryRaw<{ name: string; checksum: string }[]>`SELECT "name", "checksum" FROM "_workbench_migrations"`;
  return new Map(rows.map((row) => [row.name, row.checksum]));
}

/** Copies finished entries of Prisma's own history table, once, into ours. */
async function adoptPrismaHistory(db: Tx, provider: DatabaseProvider, log: Logger): Promise<void> {
  const exists =
    provider === "sqlite"
      ? await db.$queryRaw<{ n: number }[]>`SELECT COUNT(*) AS "n" FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`
      : await db.$queryRaw<{ n: number }[]>`SELECT COUNT(*)::int AS "n" FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = '_prisma_migrations'`;
  if (!Number(exists[0]?.n)) return;
  const ours = await db.$queryRaw<{ n: number }[]>`SELECT COUNT(*) AS "n" FROM "_workbench_migrations"`;
  if (Number(ours[0]?.n)) return;
  const rows = await db.$queryRaw<{ migration_name: string; checksum: string }[]>`
    SELECT "migration_name", "checksum" FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL`;
  const appliedAt = new Date().toISOString();
  for (const row of rows) {
    await db.$executeRaw`INSERT INTO "_workbench_migrations" ("name", "checksum", "appliedAt") VALUES (${row.migration_name}, ${row.checksum}, ${appliedAt})`;
  }
  if (rows.length) log.info("adopted migrations applied by prisma migrate", { migrations: rows.map((r) => r.migration_name) });
}

function sha256(text: string): string {
  return crypto.createHash("sha256").update(text).digest("hex");
}
