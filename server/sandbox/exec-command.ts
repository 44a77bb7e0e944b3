/** Runs a command in a container (host or inner engine alike) and collects its output. */
import { PassThrough } from "node:stream";
import type Docker from "dockerode";

export interface ExecResult {
  exitCode: number | null;
  output: string;
  timedOut: boolean;
}

export interface ExecOptions {
  cmd: string[];
  user?: string;
  env?: string[];
  workingDir?: string;
  timeoutMs: number;
  /** Keep at most this many characters of output (the tail). */
  maxOutput?: number;
  onOutput?: (text: string) => void;
}

export async function execCommand(container: Docker.Container, options: ExecOptions): Promise<ExecResult> {
  const maxOutput = options.maxOutput ?? 64 * 1024;
  const exec = await container.exec({
    Cmd: options.cmd,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
    User: options.user,
    Env: options.env,
    WorkingDir: options.workingDir,
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  let output = "";
  const sink = new PassThrough();
  sink.on("data", (chunk: Buffer) => {
    const text = chunk.toString("utf8");
    options.onOutput?.(text);
    output = (output + text).slice(-maxOutput);
  });
  container.modem.demuxStream(stream, sink, sink);

  const finished = new Promise<void>((resolve) => {
    stream.on("end", resolve);
    stream.on("close", resolve);
    stream.on("error", () => resolve());
  });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = await Promise.race([finished.then(() => false), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), options.timeoutMs)))]);
  clearTimeout(timer);
  if (timedOut) {
    stream.destroy();
    return { exitCode: null, output, timedOut: true };
  }
  const info = await exec.inspect();
  return { exitCode: info.ExitCode ?? null, output, timedOut: false };
}
