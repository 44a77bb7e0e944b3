/** Runs the local Prisma CLI offline (used by the scripts in this folder). */
import { spawnSync } from "node:child_process";
import path from "node:path";

export const REPO_ROOT = path.resolve(__dirname, "..");

export function runPrisma(args: string[], env: Record<string, string> = {}): string {
  const result = spawnSync(path.join(REPO_ROOT, "node_modules/.bin/prisma"), args, {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: { ...process.env, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1", ...env },
  });
  if (result.status !== 0) {
    throw new Error(`prisma ${args.join(" ")} failed:\n${result.stderr || result.stdout || String(result.error)}`);
  }
  return result.stdout;
}
