// Prisma CLI configuration. Offline-capable: the JS schema engine with a driver adapter, so no
// engine binary is downloaded (also set CHECKPOINT_DISABLE=1 to skip the version check).
// The server itself does not use Prisma's migrate: server/db/migrate.ts applies prisma/migrations
// (or prisma/postgres/migrations) and records them in _workbench_migrations.
import { defineConfig } from "prisma/config";
import { createAdapterFactory, parseDatabaseUrl } from "./server/db/database-url";

process.env.CHECKPOINT_DISABLE ??= "1";
// Same default as server/config.ts (DATA_DIR=./data). Only commands that connect use it.
const databaseUrl = process.env.DATABASE_URL || "file:./data/workbench.db";

export default defineConfig({
  schema: "prisma/schema.prisma",
  engine: "js",
  experimental: { adapter: true },
  adapter: async () => createAdapterFactory(parseDatabaseUrl(databaseUrl)),
});
