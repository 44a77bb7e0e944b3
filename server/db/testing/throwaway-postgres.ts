/**
 * A throwaway PostgreSQL cluster for tests: initdb in a temporary folder, started on loopback on a
 * free port with Debian's binaries, as the `postgres` user when we are root (PostgreSQL refuses to
 * run as root). `await using pg = await startThrowawayPostgres()` or call `stop()`.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../../http/testing/free-port";

/** Debian's newest installed server binaries folder, e.g. /usr/lib/postgresql/15/bin; or null. */
export function findPostgresBinDir(): string | null {
  const base = "/usr/lib/postgresql";
  if (!fs.existsSync(base)) return null;
  const versions = fs
    .readdirSync(base)
    .filter((v) => fs.existsSync(path.join(base, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(base, versions[0], "bin") : null;
}

export interface ThrowawayPostgres extends AsyncDisposable {
  url: string;
  stop(): Promise<void>;
}

export async function startThrowawayPostgres(binDir = findPostgresBinDir()): Promise<ThrowawayPostgres> {
  if (!binDir) throw new Error("PostgreSQL server binaries not found (run scripts/ensure-postgres.sh)");
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "workbench-pg-"));
  const dataDir = path.join(dir, "data");
  const port = await freePort();
  const run = (command: string, args: string[]) => {
    const [file, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", path.join(binDir, command), ...args]] : [path.join(binDir, command), args];
    const result = spawnSync(file, argv, { encoding: "utf8", cwd: dir });
    if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr || result.stdout || result.error}`);
  };
  if (asRoot) execFileSync("chown", ["postgres:postgres", dir]);
  let started = false;
  const stop = async () => {
    if (started) {
      started = false;
      try {
        run("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "stop"]);
      } catch {
        // already gone
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    run("initdb", ["-D", dataDir, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
    run("pg_ctl", [
      "-D",
      dataDir,
      "-l",
      path.join(dir, "server.log"),
      "-w",
      "-t",
      "60",
      "-o",
      `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
      "start",
    ]);
    started = true;
  } catch (error) {
    const log = fs.existsSync(path.join(dir, "server.log")) ? fs.readFileSync(path.join(dir, "server.log"), "utf8") : "";
    await stop();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${log}`);
  }
  return { url: `postgresql://postgres@127.0.0.1:${port}/postgres`, stop, [Symbol.asyncDispose]: stop };
}
