/**
 * `npm run test:e2e`: builds the app if needed, then runs the browser tests with node's test
 * runner. Writes "<passed> <failed>" to $E2E_RESULTS when set (scripts/test.sh sums them).
 */
import { spawnSync } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT, ensureNextBuild } from "./support/workbench-server";

ensureNextBuild();
const specs = readdirSync(path.join(REPO_ROOT, "e2e"))
  .filter((f) => f.endsWith(".e2e.ts"))
  .map((f) => path.join("e2e", f));
const result = spawnSync(path.join(REPO_ROOT, "node_modules/.bin/tsx"), ["--test", "--test-reporter=spec", ...specs], {
  cwd: REPO_ROOT,
  encoding: "utf8",
  stdio: ["ignore", "pipe", "inherit"],
});
process.stdout.write(result.stdout);
const count = (name: string) => Number(new RegExp(`^ℹ ${name} (\\d+)`, "m").exec(result.stdout)?.[1] ?? 0);
if (process.env.E2E_RESULTS) writeFileSync(process.env.E2E_RESULTS, `${count("pass")} ${count("fail")}\n`);
process.exit(result.status ?? 1);
