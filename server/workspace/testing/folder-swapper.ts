/**
 * A hostile learner's process for tests: swaps two names (a folder and a link to a host folder)
 * with renameat2(RENAME_EXCHANGE) in a tight loop, as a student can from their sandbox while the
 * server reads the workspace. A python3 child (ctypes), so no native build is needed. Linux only.
 */
import { spawn, type ChildProcess } from "node:child_process";

const SCRIPT = `
import ctypes, sys
libc = ctypes.CDLL(None, use_errno=True)
renameat2 = libc.renameat2
renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
AT_FDCWD, RENAME_EXCHANGE = -100, 2
a, b = sys.argv[1].encode(), sys.argv[2].encode()
if renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE) != 0:
    sys.exit("renameat2 failed: errno %d" % ctypes.get_errno())
print("swapping", flush=True)
while True:
    renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE)
`;

/** Starts swapping `a` and `b` (absolute paths); resolves once the first swap is done. Kill it to stop. */
export function startSwapping(a: string, b: string): Promise<ChildProcess> {
  const child = spawn("python3", ["-c", SCRIPT, a, b], { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout!.once("data", () => resolve(child));
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the swapping process ended (${code}): ${stderr}`)));
  });
}

/** Stops the swapping process and waits until it is gone (so the names stay put afterwards). */
export async function stopSwapping(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await gone;
}
