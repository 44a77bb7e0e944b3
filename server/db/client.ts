/**
 * The single Prisma client, created lazily from DATABASE_URL with the matching driver adapter
 * (better-sqlite3 for file:, pg for postgres://). Each provider has its own generated client
 * (prisma/generate.ts); both expose the same models, so the rest of the code sees one `Db` type.
 *
 * The instance lives on globalThis so the custom server (tsx) and Next's route handlers (bundled
 * separately) share one connection pool in one process, and dev-mode reloads do not leak clients.
 */
import { getConfig } from "../config";
import { createAdapterFactory, parseDatabaseUrl, type DatabaseProvider } from "./database-url";
import { PrismaClient as PostgresPrismaClient } from "./generated/postgres/client";
import { PrismaClient as SqlitePrismaClient } from "./generated/sqlite/client";
import { asDatabaseUnavailable } from "./database-unavailable";

export type Db = SqlitePrismaClient;

interface DbHolder {
  db: Db;
  provider: DatabaseProvider;
  url: string;
}

const HOLDER_KEY = Symbol.for("docker-workbench.db");
const globalStore = globalThis as typeof globalThis & { [HOLDER_KEY]?: DbHolder };

/** Builds a new client for `url`. Prefer getDb(); this is for tools and tests. */
export function createDb(url: string): { db: Db; provider: DatabaseProvider } {
  const target = parseDatabaseUrl(url);
  const adapter = createAdapterFactory(target);
  if (target.provider === "sqlite") return { db: new SqlitePrismaClient({ adapter }), provider: "sqlite" };
  // Same models, generated for PostgreSQL; the query API the repositories use is identical.
  return { db: new PostgresPrismaClient({ adapter }) as unknown as Db, provider: "postgresql" };
}

function holder(): DbHolder {
  const url = getConfig().DATABASE_URL;
  const existing = globalStore[HOLDER_KEY];
  if (existing && existing.url === url) return existing;
  if (existing) void existing.db.$disconnect().catch(() => undefined);
  const made = createDb(url);
  const created = { db: reportingUnavailable(made.db), provider: made.provider, url };
  globalStore[HOLDER_KEY] = created;
  return created;
}

/**
 * The client whose every query turns a database fault (locked, unreachable: see
 * ./database-unavailable.ts) into AppError `database_unavailable`, logged with the operation.
 */
function reportingUnavailable(db: Db): Db {
  return db.$extends({
    query: {
      async $allOperations({ model, operation, args, query }) {
        try {
          return await query(args);
        } catch (error) {
          throw asDatabaseUnavailable(error, model ? `${model}.${operation}` : operation);
        }
      },
    },
  }) as unknown as Db;
}

/** The process-wide client for the configured DATABASE_URL. */
export function getDb(): Db {
  return holder().db;
}

export function getDatabaseProvider(): DatabaseProvider {
  return holder().provider;
}

/** Disconnects and forgets the client (shutdown, tests). The next getDb() creates a new one. */
export async function closeDb(): Promise<void> {
  const existing = globalStore[HOLDER_KEY];
  globalStore[HOLDER_KEY] = undefined;
  await existing?.db.$disconnect();
}
