/**
 * What DATABASE_URL points at, and the Prisma driver adapter for it. Shared by the server's client,
 * the migration runner and prisma.config.ts (so it must not read server config or log).
 */
import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";

export type DatabaseTarget = { provider: "sqlite"; /** Absolute path of the database file. */ file: string } | { provider: "postgresql"; url: string };

export type DatabaseProvider = DatabaseTarget["provider"];

/** `file:…` (relative paths resolve against the working directory) or `postgres(ql)://…`. */
export function parseDatabaseUrl(url: string, cwd = process.cwd()): DatabaseTarget {
  if (url.startsWith("file:")) {
    const filePart = url.slice("file:".length).split("?")[0] ?? "";
    const file = filePart.startsWith("//") ? filePart.slice(2) : filePart;
    if (!file) throw new Error("DATABASE_URL file: needs a path, e.g. file:./data/workbench.db");
    return { provider: "sqlite", file: path.resolve(cwd, file) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) return { provider: "postgresql", url };
  throw new Error("DATABASE_URL must start with file: (SQLite) or postgres:// (PostgreSQL)");
}

/** The adapter factory Prisma needs for this database. Creates the SQLite file's folder. */
export function createAdapterFactory(target: DatabaseTarget): PrismaBetterSQLite3 | PrismaPg {
  if (target.provider === "sqlite") {
    fs.mkdirSync(path.dirname(target.file), { recursive: true });
    return new PrismaBetterSQLite3({ url: target.file, timeout: 10_000 });
  }
  return new PrismaPg({ connectionString: target.url, max: 10 });
}
