/**
 * `npm run doctor`: checks every precondition of a working workbench on this host and prints one
 * line per check (with the fix for each failure). Exit code 0 only when every check passes, a
 * warning (an advisory check's failure, marked !) aside.
 */
import path from "node:path";
import { closeDb } from "../db/client";
import { blockingFailures, doctorChecks, runDoctor } from "./doctor-checks";

const root = path.resolve(__dirname, "../..");

async function main(): Promise<number> {
  const reports = await runDoctor(doctorChecks(root));
  const width = Math.max(...reports.map((r) => r.name.length));
  for (const report of reports) {
    const mark = report.ok ? "✓" : report.advisory ? "!" : "✗";
    console.log(`${mark} ${report.name.padEnd(width)}  ${report.detail}`);
    if (!report.ok && report.fix && !report.skipped) console.log(`  ${"".padEnd(width)}  fix: ${report.fix}`);
  }
  const failed = blockingFailures(reports);
  const warned = reports.filter((r) => !r.ok && r.advisory).length;
  const warnings = warned ? ` (${warned} warning${warned === 1 ? "" : "s"}: the workbench runs, see the fix)` : "";
  console.log(failed.length ? `${failed.length} of ${reports.length} checks failed${warnings}` : `all ${reports.length} checks passed${warnings}`);
  return failed.length ? 1 : 0;
}

main()
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error: unknown) => {
    console.error(`error: the doctor could not run: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  })
  .finally(() => closeDb().catch(() => undefined));
