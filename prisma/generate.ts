/**
 * `npx tsx prisma/generate.ts` — writes prisma/postgres/schema.prisma from the main schema and
 * generates both Prisma clients (server/db/generated/sqlite and …/postgres).
 * `--check` only verifies the PostgreSQL schema is up to date (for CI).
 */
import fs from "node:fs";
import path from "node:path";
import { toPostgresSchema } from "./postgres-schema";
import { REPO_ROOT, runPrisma } from "./run-prisma";

const MAIN_SCHEMA = path.join(REPO_ROOT, "prisma/schema.prisma");
const POSTGRES_SCHEMA = path.join(REPO_ROOT, "prisma/postgres/schema.prisma");

function main() {
  const expected = toPostgresSchema(fs.readFileSync(MAIN_SCHEMA, "utf8"));
  const current = fs.existsSync(POSTGRES_SCHEMA) ? fs.readFileSync(POSTGRES_SCHEMA, "utf8") : "";
  if (process.argv.includes("--check")) {
    if (current !== expected) {
      console.error("prisma/postgres/schema.prisma is out of date: run `npx tsx prisma/generate.ts`");
      process.exit(1);
    }
    return;
  }
  if (current !== expected) fs.writeFileSync(POSTGRES_SCHEMA, expected);
  for (const schema of [MAIN_SCHEMA, POSTGRES_SCHEMA]) {
    runPrisma(["generate", "--schema", path.relative(REPO_ROOT, schema)]);
    console.log(`generated the client for ${path.relative(REPO_ROOT, schema)}`);
  }
}

main();
