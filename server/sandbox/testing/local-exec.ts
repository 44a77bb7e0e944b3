/**
 * Tests of what runs in an engine through `docker exec` (the preview tunnel's Perl relay) without an
 * engine: the command runs on this host, and its output is framed as dockerode's hijacked exec
 * stream carries it (stdout 1, stderr 2), so the code under test reads exactly what Docker sends.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { Duplex } from "node:stream";

/** One frame of Docker's multiplexed exec stream: kind (1 stdout, 2 stderr), three zero bytes, the length, the payload. */
export function dockerStreamFrame(kind: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header[0] = kind;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

/** Starts `cmd` here and returns the stream an exec's `start({ hijack: true })` would: closing it closes the process's stdin, as Docker does. */
export function spawnHijackedExec(cmd: string[]): { raw: Duplex; child: ChildProcess } {
  const child = spawn(cmd[0]!, cmd.slice(1), { stdio: "pipe" });
  const raw = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, callback) {
      child.stdin.write(chunk, () => callback());
    },
    final(callback) {
      child.stdin.end();
      callback();
    },
    destroy(error, callback) {
      child.stdin.end(); // the hijacked connection closed: Docker closes the process's stdin
      callback(error);
    },
  });
  child.stdout.on("data", (d: Buffer) => raw.push(dockerStreamFrame(1, d)));
  child.stderr.on("data", (d: Buffer) => raw.push(dockerStreamFrame(2, d)));
  child.on("close", () => raw.push(null));
  return { raw, child };
}
