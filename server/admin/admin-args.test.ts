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

describe("npm run admin -- lti-register", () => {
  const full = [
    "lti-register",
    "--issuer",
    "https://moodle.example.org",
    "--client-id",
    "abc123",
    "--deployment-id",
    "1",
    "--deployment-id",
    "2",
    "--auth-login-url",
    "https://moodle.example.org/mod/lti/auth.php",
    "--token-url",
    "https://moodle.example.org/mod/lti/token.php",
    "--jwks-url",
    "https://moodle.example.org/mod/lti/certs.php",
  ];

  it("reads the platform's issuer, client id, every deployment id and its three URLs", () => {
    expect(parseAdminArgs(full)).toEqual({
      command: "lti-register",
      issuer: "https://moodle.example.org",
      clientId: "abc123",
      deploymentIds: ["1", "2"],
      authLoginUrl: "https://moodle.example.org/mod/lti/auth.php",
      tokenUrl: "https://moodle.example.org/mod/lti/token.php",
      jwksUrl: "https://moodle.example.org/mod/lti/certs.php",
    });
  });

  it("refuses a missing deployment id, a plain-http URL off this machine, and create-user's options", () => {
    expect(parseAdminArgs(full.filter((arg, i) => arg !== "--deployment-id" && full[i - 1] !== "--deployment-id"))).toEqual({ error: expect.stringMatching(/--deployment-id/) });
    expect(parseAdminArgs(full.map((arg) => arg.replace("https://moodle.example.org/mod/lti/token", "http://moodle.example.org/mod/lti/token")))).toEqual({
      error: expect.stringMatching(/--token-url/),
    });
    expect(parseAdminArgs(full.map((arg) => arg.replace("https://moodle.example.org/mod/lti/certs", "http://127.0.0.1:8080/mod/lti/certs")))).toMatchObject({ command: "lti-register" });
    expect(parseAdminArgs([...full, "--role", "admin"])).toHaveProperty("error");
  });
});
