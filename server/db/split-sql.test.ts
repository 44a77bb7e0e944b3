import { describe, expect, it } from "vitest";
import { splitSqlStatements } from "./split-sql";

describe("splitSqlStatements", () => {
  it("splits on semicolons and drops comment-only pieces", () => {
    expect(splitSqlStatements("-- CreateTable\nCREATE TABLE a (x INT);\n\n-- done\n")).toEqual(["-- CreateTable\nCREATE TABLE a (x INT)"]);
    expect(splitSqlStatements("SELECT 1;SELECT 2;;")).toEqual(["SELECT 1", "SELECT 2"]);
  });

  it("does not split inside quotes, comments or dollar quotes", () => {
    const sql = [
      "INSERT INTO t VALUES ('a;b', 'it''s; fine')",
      'CREATE TABLE "we;ird" (x INT) /* a; comment */',
      "CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END; $body$ LANGUAGE plpgsql",
      "DO $$ BEGIN PERFORM 1; END $$",
    ];
    expect(splitSqlStatements(`${sql.join(";\n")};\n-- trailing; comment\n`)).toEqual(sql);
  });

  it("splits the generated migrations into their statements", async () => {
    const fs = await import("node:fs");
    const { readMigrations } = await import("./migrate");
    for (const dir of ["prisma/migrations", "prisma/postgres/migrations"]) {
      for (const [index, migration] of readMigrations(dir).entries()) {
        const statements = splitSqlStatements(migration.sql);
        // The first migration creates every table; a later one may be a single ALTER TABLE.
        expect(statements.length).toBeGreaterThanOrEqual(index === 0 ? 2 : 1);
        for (const s of statements) expect(s.replace(/^(--[^\n]*\n)+/, "")).not.toMatch(/;/);
        for (const s of statements) expect(s).toMatch(/^(--[^\n]*\n)*\s*(CREATE|ALTER|DROP|INSERT|UPDATE|DELETE|PRAGMA)/);
      }
      expect(fs.existsSync(dir)).toBe(true);
    }
  });
});
