/** Repositories and migrations against a real SQLite file in a temporary folder. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetConfigForTests } from "../config";
import { createLogger } from "../logger";
import { closeDb, createDb, getDb } from "./client";
import { migrateDatabase, MIGRATIONS_TABLE } from "./migrate";
import { defineRepositoryContract } from "./repository-contract";

const quiet = createLogger({ level: "silent" });
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "workbench-db-test-"));
  process.env.DATA_DIR = dataDir;
  process.env.SESSION_SECRET = "s".repeat(32);
  delete process.env.DATABASE_URL; // the default: file:<DATA_DIR>/workbench.db
  resetConfigForTests();
  await closeDb();
  const { applied } = await migrateDatabase({ log: quiet });
  expect(applied.length).toBeGreaterThan(0);
});

afterAll(async () => {
  await closeDb();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("SQLite migrations", () => {
  it("created the database file under DATA_DIR and records what it applied", async () => {
    expect(fs.existsSync(path.join(dataDir, "workbench.db"))).toBe(true);
    const rows = await getDb().$queryRawUnsafe<{ name: string }[]>(`SELECT "name" FROM "${MIGRATIONS_TABLE}"`);
    expect(rows.map((r) => r.name)).toEqual(
      fs
        .readdirSync("prisma/migrations")
        .filter((n) => /^\d+_/.test(n))
        .sort(),
    );
  });

  it("is idempotent", async () => {
    expect(await migrateDatabase({ log: quiet })).toEqual({ applied: [] });
  });

  it("refuses a migration that was edited after it was applied", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "workbench-migrations-"));
    const file = path.join(dataDir, "edited.db");
    const { db, provider } = createDb(`file:${file}`);
    try {
      fs.mkdirSync(path.join(dir, "20260101000000_one"));
      fs.writeFileSync(path.join(dir, "20260101000000_one/migration.sql"), 'CREATE TABLE "A" ("id" TEXT PRIMARY KEY);');
      expect(await migrateDatabase({ db, provider, migrationsDir: dir, log: quiet })).toEqual({ applied: ["20260101000000_one"] });
      fs.writeFileSync(path.join(dir, "20260101000000_one/migration.sql"), 'CREATE TABLE "B" ("id" TEXT PRIMARY KEY);');
      await expect(migrateDatabase({ db, provider, migrationsDir: dir, log: quiet })).rejects.toThrow(/changed after it was applied/);
    } finally {
      await db.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("keeps the runs recorded before the mode column, as practice runs", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "workbench-migrations-"));
    const { db, provider } = createDb(`file:${path.join(dataDir, "before-mode.db")}`);
    try {
      const all = fs
        .readdirSync("prisma/migrations")
        .filter((n) => /^\d+_/.test(n))
        .sort();
      const modeAt = all.findIndex((n) => n.endsWith("_check_run_mode"));
      expect(modeAt).toBeGreaterThan(0);
      const copy = (names: string[]) => names.forEach((n) => fs.cpSync(path.join("prisma/migrations", n), path.join(dir, n), { recursive: true }));
      copy(all.slice(0, modeAt));
      await migrateDatabase({ db, provider, migrationsDir: dir, log: quiet });
      await db.$executeRawUnsafe(`INSERT INTO "Student" ("id", "name") VALUES ('old00001', 'Old')`);
      await db.$executeRawUnsafe(`INSERT INTO "CheckRun" ("id", "studentId", "step", "status", "score", "passed", "filesSnapshot") VALUES ('run1', 'old00001', 1, 'finished', 1, true, '{}')`);
      copy(all.slice(modeAt));
      await migrateDatabase({ db, provider, migrationsDir: dir, log: quiet });
      const rows = await db.$queryRawUnsafe<{ mode: string; passed: unknown }[]>(`SELECT "mode", "passed" FROM "CheckRun" WHERE "id" = 'run1'`);
      expect(rows.map((r) => r.mode)).toEqual(["practice"]);
    } finally {
      await db.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("rolls back a migration that fails halfway and records nothing", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "workbench-migrations-"));
    const { db, provider } = createDb(`file:${path.join(dataDir, "halfway.db")}`);
    try {
      fs.mkdirSync(path.join(dir, "20260101000000_bad"));
      fs.writeFileSync(path.join(dir, "20260101000000_bad/migration.sql"), 'CREATE TABLE "C" ("id" TEXT);\nTHIS IS NOT SQL;');
      await expect(migrateDatabase({ db, provider, migrationsDir: dir, log: quiet })).rejects.toThrow(/20260101000000_bad failed/);
      const tables = await db.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'C'`);
      expect(tables).toEqual([]);
      const recorded = await db.$queryRawUnsafe<unknown[]>(`SELECT * FROM "${MIGRATIONS_TABLE}"`);
      expect(recorded).toEqual([]);
    } finally {
      await db.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

defineRepositoryContract();
