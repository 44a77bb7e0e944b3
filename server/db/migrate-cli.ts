/** `npx tsx server/db/migrate-cli.ts` — applies pending migrations to DATABASE_URL and exits. */
import { closeDb } from "./client";
import { migrateDatabase } from "./migrate";

migrateDatabase()
  .then(({ applied }) => {
    console.log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
  })
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => closeDb());
