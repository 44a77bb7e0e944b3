/**
 * `npx tsx prisma/new-migration.ts <name>` — after changing prisma/schema.prisma, writes the
 * migration for both databases, offline and without a database server:
 *   prisma/migrations/<timestamp>_<name>/migration.sql            (SQLite)
 *   prisma/postgres/migrations/<timestamp>_<name>/migration.sql   (PostgreSQL)
 * Each is a datamodel-to-datamodel diff from the schema as of the previous migration, which is
 * kept next to it as prisma/migrations/<…>/schema.prisma. server/db/migrate.ts applies them.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { withProvider } from "./postgres-schema";
import { referencedDropWarning, referencedTableDrops } from "./referenced-table-drops";
import { REPO_ROOT, runPrisma } from "./run-prisma";

const SQLITE_DIR = path.join(REPO_ROOT, "prisma/migrations");
const POSTGRES_DIR = path.join(REPO_ROOT, "prisma/postgres/migrations");

function lastMigration(): string | undefined {
  if (!fs.existsSync(SQLITE_DIR)) return undefined;
  return fs
    .readdirSync(SQLITE_DIR)
    .filter((name) => fs.existsSync(path.join(SQLITE_DIR, name, "migration.sql")))
    .sort()
    .at(-1);
}

function diff(fromSchema: string | undefined, toSchema: string, tmp: string, label: string): string {
  const toFile = path.join(tmp, `${label}-to.prisma`);
  fs.writeFileSync(toFile, toSchema);
  const from = fromSchema === undefined ? ["--from-empty"] : ["--from-schema-datamodel", path.join(tmp, `${label}-from.prisma`)];
  if (fromSchema !== undefined) fs.writeFileSync(path.join(tmp, `${label}-from.prisma`), fromSchema);
  // The CLI opens the configured adapter even for datamodel-only diffs: keep it off the real database.
  return runPrisma(["migrate", "diff", ...from, "--to-schema-datamodel", toFile, "--script"], { DATABASE_URL: `file:${path.join(tmp, "scratch.db")}` });
}

function main() {
  const name = process.argv[2];
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    console.error("usage: npx tsx prisma/new-migration.ts <name>   (lower-case letters, digits, _)");
    process.exit(2);
  }
  const schema = fs.readFileSync(path.join(REPO_ROOT, "prisma/schema.prisma"), "utf8");
  const previous = lastMigration();
  const previousSchema = previous ? fs.readFileSync(path.join(SQLITE_DIR, previous, "schema.prisma"), "utf8") : undefined;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "workbench-migration-"));
  try {
    const sqliteSql = diff(previousSchema, schema, tmp, "sqlite");
    const postgresSql = diff(previousSchema && withProvider(previousSchema, "postgresql"), withProvider(schema, "postgresql"), tmp, "postgres");
    if (!/\S/.test(sqliteSql.replace(/^--.*$/gm, ""))) {
      console.log("The schema has not changed since the last migration; nothing written.");
      return;
    }
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const folder = `${stamp}_${name}`;
    for (const [dir, sql, provider] of [
      [SQLITE_DIR, sqliteSql, "sqlite"],
      [POSTGRES_DIR, postgresSql, "postgresql"],
    ] as const) {
      fs.mkdirSync(path.join(dir, folder), { recursive: true });
      fs.writeFileSync(path.join(dir, folder, "migration.sql"), sql);
      fs.writeFileSync(path.join(dir, "migration_lock.toml"), `# Written by prisma/new-migration.ts\nprovider = "${provider}"\n`);
    }
    fs.writeFileSync(path.join(SQLITE_DIR, folder, "schema.prisma"), schema);
    console.log(`wrote prisma/migrations/${folder} and prisma/postgres/migrations/${folder}`);
    const history = fs
      .readdirSync(SQLITE_DIR)
      .filter((entry) => fs.existsSync(path.join(SQLITE_DIR, entry, "migration.sql")))
      .map((entry) => fs.readFileSync(path.join(SQLITE_DIR, entry, "migration.sql"), "utf8"));
    const warning = referencedDropWarning(folder, referencedTableDrops(sqliteSql, history));
    if (warning) console.warn(warning);
    console.log("now run `npx tsx prisma/generate.ts` to update prisma/postgres/schema.prisma and both clients");
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main();
