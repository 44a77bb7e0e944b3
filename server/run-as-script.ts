/**
 * Runs a command-line module's `main` when the file is the one node was asked to run (not when a
 * test imports it), exiting with its code; an error ends it with its message and code 1.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";

export function runAsScript(moduleUrl: string, main: (args: string[]) => Promise<number>): void {
  if (!process.argv[1] || path.resolve(process.argv[1]) !== path.resolve(fileURLToPath(moduleUrl))) return;
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
