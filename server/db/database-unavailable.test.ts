/** Which errors mean "the database is not available" (a clear 503 for the student) and which are bugs. */
import { describe, expect, it } from "vitest";
import { AppError, toErrorResponse } from "../app-error";
import { DATABASE_UNAVAILABLE_MESSAGE, asDatabaseUnavailable, isDatabaseUnavailable } from "./database-unavailable";

/** The shape Prisma 6 throws when SQLite stayed locked past the busy timeout (seen on a real lock). */
const sqliteLocked = Object.assign(new Error("Operation has timed out"), {
  name: "PrismaClientKnownRequestError",
  code: "P1008",
  meta: { modelName: "Student", driverAdapterError: { name: "DriverAdapterError", cause: { originalCode: "SQLITE_BUSY", originalMessage: "database is locked", kind: "SocketTimeout" } } },
});

describe("isDatabaseUnavailable", () => {
  it("recognises a locked SQLite file, an unreachable PostgreSQL and a read-only database", () => {
    expect(isDatabaseUnavailable(sqliteLocked)).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("Can't reach database server at `db:5432`"), { code: "P1001" }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isDatabaseUnavailable(new Error("x", { cause: Object.assign(new Error("attempt to write a readonly database"), { code: "SQLITE_READONLY" }) }))).toBe(true);
  });

  it("leaves mistakes of ours alone: a constraint, a missing table, a plain bug", () => {
    expect(isDatabaseUnavailable(Object.assign(new Error("Unique constraint failed"), { code: "P2002" }))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error("no such table: CheckRun"), { code: "P2021" }))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("cannot read properties of undefined"))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});

describe("asDatabaseUnavailable", () => {
  it("turns the fault into a 503 the student can read, and passes anything else through", () => {
    const mapped = asDatabaseUnavailable(sqliteLocked, "Student.upsert");
    expect(mapped).toBeInstanceOf(AppError);
    expect(toErrorResponse(mapped)).toEqual({
      status: 503,
      body: { error: { code: "database_unavailable", message: DATABASE_UNAVAILABLE_MESSAGE, text: { key: "error.databaseUnavailable" } } },
    });
    expect(DATABASE_UNAVAILABLE_MESSAGE).toBe("The workbench's database is not available at the moment, so nothing was saved. Try again in a minute; if it persists, tell your teacher.");
    const bug = new TypeError("bug");
    expect(asDatabaseUnavailable(bug, "Student.upsert")).toBe(bug);
  });
});
