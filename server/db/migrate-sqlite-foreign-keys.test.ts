/**
 * SQLite migrations that rebuild a table (Prisma's "RedefineTables": create new_X, copy, DROP TABLE
 * X, rename) on a real database file: the rows that reference X with ON DELETE CASCADE survive, and
 * a migration that leaves a row pointing nowhere is rolled back with the table named.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../logger";
import { createDb, type Db } from "./client";
import { migrateDatabase } from "./migrate";

const MIGRATIONS = path.resolve("prisma/migrations");
/** The first migration that does DROP TABLE "Class" (ClassMember references Class with a cascade). */
const CLASS_REBUILD = fs.readdirSync(MIGRATIONS).find((name) => name.endsWith("_class_solution_steps"))!;
const silent = createLogger({ level: "silent" });

let dir: string;
let db: Db;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "workbench-migrate-fk-"));
  db = createDb(`file:${path.join(dir, "workbench.db")}`).db;
});
afterEach(async () => {
  await db.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A migrations folder holding the real migrations named before `before`. */
function migrationsBefore(before: string): string {
  const out = fs.mkdtempSync(path.join(dir, "migrations-"));
  for (const name of fs.readdirSync(MIGRATIONS)) {
    if (name >= before || !fs.statSync(path.join(MIGRATIONS, name)).isDirectory()) continue;
    fs.cpSync(path.join(MIGRATIONS, name), path.join(out, name), { recursive: true });
  }
  return out;
}

async function foreignKeysOn(): Promise<boolean> {
  const rows = await db.$queryRawUnsafe<{ foreign_keys: bigint | number }[]>("PRAGMA foreign_keys");
  return Number(rows[0]?.foreign_keys) === 1;
}

describe("SQLite migrations that rebuild a referenced table", () => {
  it("keep a class's members when the Class table is rebuilt, and leave foreign keys enforced afterwards", async () => {
    expect(CLASS_REBUILD).toBeDefined();
    await migrateDatabase({ db, provider: "sqlite", migrationsDir: migrationsBefore(CLASS_REBUILD), log: silent });
    await db.$executeRawUnsafe(`INSERT INTO "Account" ("id", "email", "passwordHash", "role") VALUES ('teacher-1', 'teacher@example.org', 'x', 'teacher')`);
    await db.$executeRawUnsafe(`INSERT INTO "Class" ("id", "name", "teacherId", "steps", "joinCode") VALUES ('class-1', 'Docker 101', 'teacher-1', '[1,2]', 'JOIN0001')`);
    await db.$executeRawUnsafe(`INSERT INTO "Student" ("id", "name") VALUES ('student-1', 'Ada'), ('student-2', 'Grace')`);
    await db.$executeRawUnsafe(`INSERT INTO "ClassMember" ("classId", "studentId") VALUES ('class-1', 'student-1'), ('class-1', 'student-2')`);

    const { applied } = await migrateDatabase({ db, provider: "sqlite", migrationsDir: MIGRATIONS, log: silent });
    expect(applied).toContain(CLASS_REBUILD);
    expect(applied.some((name) => name.endsWith("_class_deadlines"))).toBe(true);

    expect(await db.class.findUnique({ where: { id: "class-1" }, select: { name: true, joinCode: true, teacherId: true } })).toEqual({
      name: "Docker 101",
      joinCode: "JOIN0001",
      teacherId: "teacher-1",
    });
    const members = await db.classMember.findMany({ where: { classId: "class-1" }, orderBy: { studentId: "asc" }, select: { studentId: true } });
    expect(members.map((m) => m.studentId)).toEqual(["student-1", "student-2"]);

    // Enforcement is back on for the server's queries: deleting the class cascades to its members.
    expect(await foreignKeysOn()).toBe(true);
    await db.$executeRawUnsafe(`DELETE FROM "Class" WHERE "id" = 'class-1'`);
    expect(await db.classMember.count()).toBe(0);
  });

  it("rolls back a migration that leaves a dangling reference, names the table, and keeps foreign keys on", async () => {
    const migrations = fs.mkdtempSync(path.join(dir, "own-"));
    const write = (name: string, sql: string) => {
      fs.mkdirSync(path.join(migrations, name));
      fs.writeFileSync(path.join(migrations, name, "migration.sql"), sql);
    };
    write(
      "20990101000000_parent_child",
      `CREATE TABLE "Parent" ("id" TEXT NOT NULL PRIMARY KEY);
CREATE TABLE "Child" ("id" TEXT NOT NULL PRIMARY KEY, "parentId" TEXT NOT NULL, CONSTRAINT "Child_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Parent" ("id") ON DELETE CASCADE);
INSERT INTO "Parent" ("id") VALUES ('p1');
INSERT INTO "Child" ("id", "parentId") VALUES ('c1', 'p1');`,
    );
    await migrateDatabase({ db, provider: "sqlite", migrationsDir: migrations, log: silent });
    // A rebuild that forgets to copy the parent's rows: the child's row would point nowhere.
    write(
      "20990101000001_lossy_rebuild",
      `CREATE TABLE "new_Parent" ("id" TEXT NOT NULL PRIMARY KEY, "label" TEXT NOT NULL DEFAULT '');
DROP TABLE "Parent";
ALTER TABLE "new_Parent" RENAME TO "Parent";`,
    );

    await expect(migrateDatabase({ db, provider: "sqlite", migrationsDir: migrations, log: silent })).rejects.toThrow(/migration 20990101000001_lossy_rebuild failed: .*"Child".*"Parent"/);
    // Nothing of it stayed: the old table with its row, the child's row, and no record of the migration.
    expect(await db.$queryRawUnsafe(`SELECT "id" FROM "Parent"`)).toEqual([{ id: "p1" }]);
    expect(await db.$queryRawUnsafe(`SELECT "id", "parentId" FROM "Child"`)).toEqual([{ id: "c1", parentId: "p1" }]);
    expect(await db.$queryRawUnsafe(`SELECT "name" FROM "_workbench_migrations" WHERE "name" = '20990101000001_lossy_rebuild'`)).toEqual([]);
    expect(await foreignKeysOn()).toBe(true);
  });
});
