/** Runs bash in a learner engine's container the way the learner's terminal does: same user, same DOCKER_HOST. */
import type { LearnerEngine } from "./engine-manager";
import { execCommand, type ExecResult } from "./exec-command";
import { INNER_DOCKER_HOST, LEARNER_USER, LEARNER_WORKSPACE } from "./engine-options";

export interface LearnerShellRequest {
  script: string;
  /** Folder relative to the workspace root; the script runs there. */
  folder: string;
  timeoutMs: number;
  /** Extra arguments for bash, after the script (`$0`, `$1`…). */
  args?: string[];
  onOutput?: (text: string) => void;
  maxOutput?: number;
}

export function runInLearnerShell(engine: LearnerEngine, request: LearnerShellRequest): Promise<ExecResult> {
  return execCommand(engine.container, {
    cmd: ["bash", "-c", request.script, ...(request.args ?? [])],
    user: LEARNER_USER,
    env: [`DOCKER_HOST=${INNER_DOCKER_HOST}`, "COMPOSE_INTERACTIVE_NO_CLI=1"],
    workingDir: request.folder ? `${LEARNER_WORKSPACE}/${request.folder}` : LEARNER_WORKSPACE,
    timeoutMs: request.timeoutMs,
    onOutput: request.onOutput,
    maxOutput: request.maxOutput,
  });
}
