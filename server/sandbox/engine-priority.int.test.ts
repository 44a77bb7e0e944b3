/**
 * Interactive work wins the engine's CPU (ENGINE_NICE), against a real rootless engine: a process
 * that a build's RUN or a learner's container starts runs at the engine's lower priority (niceness
 * 10), and may not take it back, while a shell exec'd into the engine as the terminal's is stays
 * at 0. With ENGINE_NICE=0 nothing is lowered.
 */
import { afterAll, describe, expect, it } from "vitest";
import { rmSync } from "node:fs";
import { createTestEngines, makeLearnerWorkspace, runAsLearner } from "./testing/test-engines";
import { TerminalSession } from "./terminal-session";
import { INNER_DOCKER_HOST, LEARNER_USER, LEARNER_WORKSPACE } from "./engine-options";

const workspace = makeLearnerWorkspace("wb-int-priority-");
const engines = createTestEngines(workspace, { deploymentId: `prioritytest${process.pid}` });
const flat = createTestEngines(workspace, { deploymentId: `prioritytest${process.pid}`, nice: 0 });

afterAll(async () => {
  await Promise.all([engines.shutdown(), flat.shutdown()]);
  rmSync(workspace, { recursive: true, force: true });
});

/** A build whose RUN records its niceness, then a container of it and one of the base image print theirs. */
const BUILD_AND_RUN = [
  "set -e",
  "mkdir -p /tmp/priority && cd /tmp/priority",
  "printf 'FROM debian:bookworm\\nRUN nice > /nice-of-build.txt\\n' > Dockerfile",
  "docker build -q -t priority-test . >/dev/null",
  'echo "build $(docker run --rm priority-test cat /nice-of-build.txt)"',
  'echo "container $(docker run --rm debian:bookworm nice)"',
  // A learner's container trying to take the priority back (as root of its user namespace).
  'echo "renice $(docker run --rm debian:bookworm sh -c "renice -n 0 -p \\$\\$ >/dev/null 2>&1 && echo allowed || echo refused")"',
].join("\n");

/** The niceness the terminal's shell reports: the same TTY exec of `bash -l` the websocket opens for the page. */
async function terminalNiceness(engine: Awaited<ReturnType<typeof engines.ensure>>): Promise<string> {
  const spec = { user: LEARNER_USER, workingDir: LEARNER_WORKSPACE, cmd: ["bash", "-l"], env: ["TERM=xterm-256color", `DOCKER_HOST=${INNER_DOCKER_HOST}`] };
  const terminal = await TerminalSession.open(engine.container, spec, 120, 30);
  let output = "";
  const { detach } = terminal.attach({ output: (chunk) => void (output += chunk.data), exit: () => undefined }, 0);
  try {
    terminal.write("echo shell-nice-$(nice)-end\r");
    const answer = () => /shell-nice-(\d+)-end/.exec(output.replaceAll("echo shell-nice-$(nice)-end", ""))?.[1];
    const deadline = Date.now() + 20_000;
    while (answer() === undefined) {
      if (Date.now() > deadline) throw new Error(`no answer from the terminal: ${output.slice(-300)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return answer()!;
  } finally {
    detach();
    terminal.close();
  }
}

describe("engine priority", () => {
  it("runs builds and containers below the terminal's priority", async () => {
    const engine = await engines.ensure("inttestpriority1");
    const result = await runAsLearner(engine, BUILD_AND_RUN, 240_000);
    expect(result.exitCode, result.output).toBe(0);
    expect(result.output).toMatch(/^build 10$/m);
    expect(result.output).toMatch(/^container 10$/m);
    expect(result.output).toMatch(/^renice refused$/m);
    expect(await terminalNiceness(engine)).toBe("0");
  }, 300_000);

  it("lowers nothing with ENGINE_NICE=0", async () => {
    const engine = await flat.ensure("inttestpriority2");
    const result = await runAsLearner(engine, 'echo "container $(docker run --rm debian:bookworm nice)"', 120_000);
    expect(result.exitCode, result.output).toBe(0);
    expect(result.output).toMatch(/^container 0$/m);
  }, 180_000);
});
