/**
 * For integration tests: a temporary workspace owned by the sandbox user and an EngineManager
 * (owner "test") on it, plus a shell helper that runs commands as the learner's terminal does.
 */
import { chownSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { EngineManager, type EngineManagerOptions, type LearnerEngine } from "../engine-manager";
import { execCommand, type ExecResult } from "../exec-command";
import { INNER_DOCKER_HOST, LEARNER_UID, LEARNER_USER } from "../engine-options";
import { createLogger, type Logger } from "../../logger";

export function makeLearnerWorkspace(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  chownSync(dir, LEARNER_UID, LEARNER_UID);
  return dir;
}

export function createTestEngines(workspace: string, overrides: Partial<EngineManagerOptions> = {}): EngineManager {
  return new EngineManager({
    owner: "test",
    log: createLogger({ level: "warn", write: (line) => void process.stderr.write(`${line}\n`) }),
    workspaceHostPath: async () => workspace,
    idleMs: 600_000,
    memoryBytes: 2 * 1024 ** 3,
    pidsLimit: 1024,
    nanoCpus: 1e9,
    instanceId: "integration-test",
    ...overrides,
  });
}

/** A bash script run as the learner, with the inner engine as DOCKER_HOST, like their terminal. */
export function runAsLearner(engine: LearnerEngine, script: string, timeoutMs = 120_000): Promise<ExecResult> {
  return execCommand(engine.container, { cmd: ["bash", "-c", script], user: LEARNER_USER, env: [`DOCKER_HOST=${INNER_DOCKER_HOST}`], timeoutMs });
}

/** Polls until the condition holds; throws after timeoutMs. */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A logger that keeps every line (with when it was written) for a test to read, and prints warnings and errors. */
export function recordingLogger(): { log: Logger; lines: (Record<string, unknown> & { at: number })[] } {
  const lines: (Record<string, unknown> & { at: number })[] = [];
  const log = createLogger({
    level: "info",
    write: (line) => {
      const record = JSON.parse(line) as Record<string, unknown>;
      lines.push({ ...record, at: Date.now() });
      if (record.level === "error" || record.level === "warn") process.stderr.write(`${line}\n`);
    },
  });
  return { log, lines };
}
