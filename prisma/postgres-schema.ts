/**
 * Derives the PostgreSQL schema from prisma/schema.prisma: the same models; only the datasource
 * (provider and placeholder url) and the generated client's output path differ. Used by prisma/generate.ts and
 * prisma/new-migration.ts; never edit prisma/postgres/schema.prisma by hand.
 */

export const GENERATED_HEADER = "// GENERATED from prisma/schema.prisma by prisma/postgres-schema.ts. Do not edit: change the\n" + "// main schema and run `npx tsx prisma/generate.ts`.\n";

/** Swaps provider "sqlite" → "postgresql" (and its placeholder url) and the client output path. */
export function toPostgresSchema(sqliteSchema: string): string {
  const isSqlite = /datasource\s+\w+\s*\{[^}]*provider\s*=\s*"sqlite"/.test(sqliteSchema);
  let outputSwaps = 0;
  const body = withProvider(sqliteSchema, "postgresql").replace(/(generator\s+\w+\s*\{[^}]*?output\s*=\s*)"\.\.\/server\/db\/generated\/sqlite"/, (_m, head: string) => {
    outputSwaps++;
    return `${head}"../../server/db/generated/postgres"`;
  });
  if (!isSqlite || outputSwaps !== 1) {
    throw new Error('prisma/schema.prisma must have one datasource with provider = "sqlite" and a generator with output = "../server/db/generated/sqlite"');
  }
  return GENERATED_HEADER + body;
}

/** Placeholder urls (never connected to; the CLI only wants one that matches the provider). */
const PLACEHOLDER_URL = {
  sqlite: "file:./unused-see-prisma-config.db",
  postgresql: "postgresql://unused-see-prisma-config@localhost/unused",
} as const;

/** The schema with its datasource's provider and url set for `provider`. */
export function withProvider(schema: string, provider: "sqlite" | "postgresql"): string {
  return schema.replace(/(datasource\s+\w+\s*\{)([^}]*)\}/, (_m, head: string, block: string) => {
    const swapped = block.replace(/(provider\s*=\s*)"(sqlite|postgresql)"/, `$1"${provider}"`).replace(/(url\s*=\s*)"[^"]*"/, (_u, lhs: string) => `${lhs}"${PLACEHOLDER_URL[provider]}"`);
    return `${head}${swapped}}`;
  });
}
