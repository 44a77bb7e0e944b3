/** An account made as an operator makes one: the admin CLI against the running workbench's database. */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { REPO_ROOT, type RunningWorkbench } from "./workbench-server";

/** `npm run admin -- create-user --role ROLE --email EMAIL`; the one-time password it prints. */
export function createUserWithCli(workbench: RunningWorkbench, role: "admin" | "teacher" | "student", email: string): string {
  const out = execFileSync(process.execPath, ["--import", "tsx", "server/admin/admin-cli.ts", "create-user", "--role", role, "--email", email], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATA_DIR: workbench.dataDir, LOG_LEVEL: "warn" },
    encoding: "utf8",
  });
  const password = /^one-time password: (\S+)$/m.exec(out)?.[1];
  assert.ok(password, `the CLI printed a one-time password:\n${out}`);
  return password;
}
