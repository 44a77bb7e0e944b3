/**
 * Child processes the server started while it was root keep root after the server drops it. tsx's
 * esbuild service is one (a long-lived child that compiles on request and can write files): it is
 * stopped before the drop, and started again, as the server's user, at its next use. Any other
 * root child but the root helper stops the start.
 */
import fs from "node:fs";
import path from "node:path";

/** Pids and names of this process's children that run as root (from /proc). */
export function rootChildren(parent = process.pid): { pid: number; command: string }[] {
  return fs.readdirSync("/proc").flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    try {
      const status = fs.readFileSync(`/proc/${entry}/status`, "utf8");
      const ppid = Number(/^PPid:\s*(\d+)/m.exec(status)?.[1]);
      const euid = Number(/^Uid:\s*\d+\s+(\d+)/m.exec(status)?.[1]);
      const zombie = /^State:\s*Z/m.test(status);
      if (ppid !== parent || euid !== 0 || zombie) return [];
      return [{ pid: Number(entry), command: fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").replace(/\0/g, " ").trim().slice(0, 200) }];
    } catch {
      return []; // gone meanwhile
    }
  });
}

/** Stops tsx's esbuild service (if this process runs under tsx) and waits until no root child but `keep` is left. */
export async function stopRootChildren(keep: number | undefined, timeoutMs = 5_000): Promise<void> {
  const esbuild = loadEsbuild();
  await esbuild?.stop();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = rootChildren().filter((child) => child.pid !== keep);
    if (!left.length) return;
    if (Date.now() > deadline) throw new Error(`processes started as root would stay root after the server drops it: ${left.map((c) => `${c.pid} ${c.command}`).join("; ")}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The esbuild module tsx uses (the same instance, so stop() stops its service), if any. */
function loadEsbuild(): { stop(): Promise<void> | void } | undefined {
  try {
    const tsx = require.resolve("tsx", { paths: [process.cwd(), path.join(__dirname, "../..")] });
    return require(require.resolve("esbuild", { paths: [path.dirname(tsx)] })) as { stop(): Promise<void> | void };
  } catch {
    return undefined;
  }
}
