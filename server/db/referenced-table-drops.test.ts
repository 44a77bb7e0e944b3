import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { referencedDropWarning, referencedTableDrops } from "../../prisma/referenced-table-drops";

const MIGRATIONS = path.resolve("prisma/migrations");
const folders = fs
  .readdirSync(MIGRATIONS)
  .filter((name) => fs.existsSync(path.join(MIGRATIONS, name, "migration.sql")))
  .sort();
const sqlOf = (suffix: string) =>
  fs.readFileSync(
    path.join(
      MIGRATIONS,
      folders.find((name) => name.endsWith(suffix))!,
      "migration.sql",
    ),
    "utf8",
  );
/** The migrations up to and including the one ending in `suffix`, as new-migration.ts reads them. */
const historyTo = (suffix: string) => folders.slice(0, folders.findIndex((name) => name.endsWith(suffix)) + 1).map((name) => fs.readFileSync(path.join(MIGRATIONS, name, "migration.sql"), "utf8"));

describe("the warning new-migration.ts prints for a SQLite table rebuild", () => {
  it("names the Class table and its members' table in the class_solution_steps rebuild", () => {
    const drops = referencedTableDrops(sqlOf("_class_solution_steps"), historyTo("_class_solution_steps"));
    expect(drops).toEqual([{ table: "Class", referencedBy: ["ClassMember"] }]);
    const warning = referencedDropWarning("20261204030028_class_solution_steps", drops);
    expect(warning).toContain('DROP TABLE "Class" (referenced by "ClassMember")');
    expect(warning).toContain("server/db/migrate.ts");
  });

  it("leaves out a dropped table nothing references (ClassMember in class_deadlines) and says nothing for a migration that only creates tables", () => {
    expect(referencedTableDrops(sqlOf("_class_deadlines"), historyTo("_class_deadlines"))).toEqual([{ table: "Class", referencedBy: ["ClassMember"] }]);
    const init = sqlOf("_init");
    expect(referencedTableDrops(init, historyTo("_init"))).toEqual([]);
    expect(referencedDropWarning("x", [])).toBeUndefined();
  });

  it("ignores a DROP TABLE written in a comment (better_auth explains the Account rebuild it avoids, and drops only AuthSession)", () => {
    const sql = sqlOf("_better_auth");
    expect(sql).toMatch(/^--.*DROP TABLE "Account"/m);
    expect(referencedTableDrops(sql, historyTo("_better_auth"))).toEqual([]);
  });
});
