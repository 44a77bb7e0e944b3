/**
 * Which tables a SQLite migration drops while other tables reference them (Prisma's
 * "RedefineTables" rebuild: new_X, copy, DROP TABLE X, rename). Such a drop used to cascade away
 * the referencing rows, because SQLite ignores the migration's `PRAGMA foreign_keys=OFF` inside a
 * transaction; server/db/migrate.ts now turns foreign keys off before the transaction and checks
 * them before COMMIT. prisma/new-migration.ts names these drops so an author knows why that is safe.
 */

export interface ReferencedDrop {
  table: string;
  /** The tables whose foreign keys point at `table`, sorted. */
  referencedBy: string[];
}

const CREATE_TABLE = /CREATE TABLE "([^"]+)" \(([\s\S]*?)\n\);/g;
const REFERENCES = /REFERENCES "([^"]+)"/g;
const DROP_TABLE = /DROP TABLE (?:IF EXISTS )?"([^"]+)"/g;

/** A rebuilt table is created as new_X and renamed to X. */
function finalName(table: string): string {
  return table.startsWith("new_") ? table.slice("new_".length) : table;
}

/**
 * The drops in `migrationSql` of tables referenced by another table, as declared by the CREATE
 * TABLE statements in `schemaHistorySql` (every SQLite migration up to and including this one).
 */
export function referencedTableDrops(migrationSql: string, schemaHistorySql: string[]): ReferencedDrop[] {
  const referencedBy = new Map<string, Set<string>>();
  for (const sql of schemaHistorySql) {
    for (const [, created, body] of sql.matchAll(CREATE_TABLE)) {
      const child = finalName(created!);
      for (const [, parent] of body!.matchAll(REFERENCES)) {
        if (parent === child) continue;
        if (!referencedBy.has(parent!)) referencedBy.set(parent!, new Set());
        referencedBy.get(parent!)!.add(child);
      }
    }
  }
  const drops: ReferencedDrop[] = [];
  // Comments may name a drop they avoid (the better_auth migration's header does).
  for (const [, table] of migrationSql.replace(/--.*$/gm, "").matchAll(DROP_TABLE)) {
    const children = referencedBy.get(table!);
    if (children?.size && !drops.some((drop) => drop.table === table)) drops.push({ table: table!, referencedBy: [...children].sort() });
  }
  return drops;
}

/** The warning new-migration.ts prints, or undefined when the migration drops no referenced table. */
export function referencedDropWarning(folder: string, drops: ReferencedDrop[]): string | undefined {
  if (!drops.length) return undefined;
  const lines = drops.map((drop) => `  DROP TABLE "${drop.table}" (referenced by ${drop.referencedBy.map((t) => `"${t}"`).join(", ")})`);
  return [
    `note: prisma/migrations/${folder} rebuilds tables that other tables reference:`,
    ...lines,
    "  In a transaction SQLite ignores the migration's PRAGMA foreign_keys=OFF, so such a drop would delete every",
    "  referencing row ON DELETE CASCADE. server/db/migrate.ts turns foreign keys off before the transaction and runs",
    "  PRAGMA foreign_key_check before COMMIT, so the rows survive and a migration that leaves a dangling reference is",
    "  rolled back. Keep the copy (INSERT INTO new_… SELECT …) complete, and test the migration on a database with rows.",
  ].join("\n");
}
