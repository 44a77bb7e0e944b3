import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { toPostgresSchema, withProvider } from "../../prisma/postgres-schema";

const main = fs.readFileSync("prisma/schema.prisma", "utf8");

describe("the PostgreSQL schema", () => {
  it("is the main schema with only the provider, url and client output swapped", () => {
    const pg = toPostgresSchema(main);
    expect(pg).toContain('provider = "postgresql"');
    expect(pg).toContain('output       = "../../server/db/generated/postgres"');
    const strip = (s: string) => s.replace(/^\/\/.*\n/gm, "").replace(/^\s*(provider|url|output)\s*=.*$/gm, "");
    expect(strip(pg)).toBe(strip(main));
    expect(withProvider(withProvider(main, "postgresql"), "sqlite")).toBe(main);
  });

  it("is up to date on disk (run `npx tsx prisma/generate.ts` after changing the main schema)", () => {
    expect(fs.readFileSync("prisma/postgres/schema.prisma", "utf8")).toBe(toPostgresSchema(main));
  });

  it("has a migration for each SQLite migration, under the same name", () => {
    const names = (dir: string) =>
      fs
        .readdirSync(dir)
        .filter((n) => fs.existsSync(`${dir}/${n}/migration.sql`))
        .sort();
    expect(names("prisma/postgres/migrations")).toEqual(names("prisma/migrations"));
  });
});
