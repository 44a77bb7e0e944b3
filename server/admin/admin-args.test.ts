import { describe, expect, it } from "vitest";
import { parseAdminArgs } from "./admin-args";

describe("npm run admin -- arguments", () => {
  it("reads create-user with a role and a lower-cased e-mail", () => {
    expect(parseAdminArgs(["create-user", "--role", "admin", "--email", " Root@Example.ORG "])).toEqual({ command: "create-user", role: "admin", email: "root@example.org" });
    expect(parseAdminArgs(["create-user", "--email=t@example.org", "--role=teacher"])).toMatchObject({ role: "teacher" });
  });

  it("refuses an unknown role, a missing or malformed e-mail, an unknown command or option", () => {
    expect(parseAdminArgs(["create-user", "--role", "root", "--email", "a@b.org"])).toEqual({ error: "--role must be one of student, teacher, admin" });
    expect(parseAdminArgs(["create-user", "--role", "teacher"])).toEqual({ error: "--email must be an e-mail address" });
    expect(parseAdminArgs(["create-user", "--role", "teacher", "--email", "not-an-email"])).toEqual({ error: "--email must be an e-mail address" });
    expect(parseAdminArgs(["delete-user"])).toEqual({ error: "unknown command: delete-user" });
    expect(parseAdminArgs([])).toEqual({ error: "no command given" });
    expect(parseAdminArgs(["create-user", "--role", "teacher", "--email", "a@b.org", "--force"])).toHaveProperty("error");
  });
});
