/**
 * Runs a script of the student's step folder with bash, as the student, in their engine (the
 * `script` check): first removes the containers it is about to create, then streams its output
 * into the build log.
 */
import type { ScriptRequest } from "../grading/grading-sandbox";
import type { ExecOutcome } from "../grading/evidence";
import type { LearnerEngine } from "./engine-manager";
import { describeDockerError } from "./docker-errors";
import { ignoreAlreadyDone } from "./host-docker";
import { runInLearnerShell } from "./learner-shell";

export async function runStepScript(engine: LearnerEngine, request: ScriptRequest): Promise<ExecOutcome> {
  try {
    const existing = await engine.inner.listContainers({ all: true });
    for (const c of existing) {
      const name = c.Names[0]?.slice(1) ?? c.Id.slice(0, 12);
      if (!request.removeAllContainers && !request.cleanup.includes(name)) continue;
      request.onLog(`Removing your container ${name} before running ${request.file}.\n`);
      await ignoreAlreadyDone(() => engine.inner.getContainer(c.Id).remove({ force: true }));
    }
    request.onLog(`$ bash ${request.file}\n`);
    // The file name travels as an argument, never spliced into the command line.
    const result = await runInLearnerShell(engine, {
      folder: request.folder,
      script: 'exec bash "$0" 2>&1',
      args: [request.file],
      timeoutMs: request.timeoutMs,
      onOutput: request.onLog,
    });
    if (result.timedOut) request.onLog(`\n(stopped waiting after ${Math.round(request.timeoutMs / 1000)} s)\n`);
    return { kind: "exec", exitCode: result.exitCode, output: result.output, timedOut: result.timedOut };
  } catch (error) {
    return { kind: "exec", exitCode: null, output: "", timedOut: false, error: describeDockerError(error) };
  }
}
