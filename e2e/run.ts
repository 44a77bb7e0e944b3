/**
 * `npm run test:e2e`: builds the app if needed, then runs the browser tests with node's test
 * runner. Writes "<passed> <failed>" to $E2E_RESULTS when set (scripts/test.sh sums them).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT, ensureNextBuild } from "./support/workbench-server";
import { SHOTS, WORKBENCH_LOG_PREFIX } from "./support/browser";

const serverLogs = () => (existsSync(SHOTS) ? readdirSync(SHOTS).filter((f) => f.startsWith(WORKBENCH_LOG_PREFIX) && f.endsWith(".log")) : []);
for (const log of serverLogs()) rmSync(path.join(SHOTS, log));

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
// A failed test: each server's warnings and errors (its last 30), to read beside the browser's side of the failure.
if (count("fail") > 0) {
  for (const log of serverLogs()) {
    const lines = readFileSync(path.join(SHOTS, log), "utf8")
      .split("\n")
      .filter((line) => /"level":"(warn|error|fatal)"/.test(line));
    if (lines.length > 0) process.stdout.write(`\n--- ${log}: its last ${Math.min(30, lines.length)} warnings and errors ---\n${lines.slice(-30).join("\n")}\n`);
  }
}
if (process.env.E2E_RESULTS) writeFileSync(process.env.E2E_RESULTS, `${count("pass")} ${count("fail")}\n`);
process.exit(result.status ?? 1);
