/**
 * Gathers the evidence of a `persistence` check in a learner's inner engine: fresh named volumes,
 * a first container and the write script in it, that container removed (the volumes kept), a
 * second container on the same volumes and the read script in it. Everything it created (the
 * containers and the volumes) is removed at the end, whatever happened.
 */
import type Docker from "dockerode";
import type { PersistenceRequest } from "../grading/grading-sandbox";
import type { PersistenceOutcome, PersistenceRun, PersistenceScript } from "../grading/evidence";
import { describeDockerError } from "./docker-errors";
import { execCommand } from "./exec-command";
import { ignoreAlreadyDone } from "./host-docker";
import { demuxedText } from "./demuxed-text";
import { ourError } from "./our-error";
import { say } from "../../lib/i18n/text-ref";

/** Marks what this probe creates in the inner engine. */
const LABEL = "org.dockerworkbench.grader";
const LABEL_VALUE = "persistence";
/** How long a container must stay up after starting before the scripts run in it. */
const SETTLE_MS = 2000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function portBindings(publish: string[]) {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostPort: string }[]> = {};
  for (const mapping of publish) {
    const [hostPort = "", containerPort = ""] = mapping.split(":");
    const key = containerPort.includes("/") ? containerPort : `${containerPort}/tcp`;
    exposed[key] = {};
    bindings[key] = [{ HostPort: hostPort }];
  }
  return { exposed, bindings };
}

/** Removes the probe's container (by name) and any container still holding one of its volumes, then the volumes. */
async function removeLeftovers(docker: Docker, request: PersistenceRequest): Promise<void> {
  const holders = await docker.listContainers({ all: true, filters: { volume: request.mounts.map((m) => m.source) } });
  const named = await docker.listContainers({ all: true, filters: { name: [`^/${request.container}$`] } });
  for (const c of [...named, ...holders]) await ignoreAlreadyDone(() => docker.getContainer(c.Id).remove({ force: true }));
  for (const mount of request.mounts) await ignoreAlreadyDone(() => docker.getVolume(mount.source).remove({ force: true }));
}

async function startContainer(docker: Docker, request: PersistenceRequest): Promise<{ container?: Docker.Container; run: PersistenceRun }> {
  const { exposed, bindings } = portBindings(request.publish);
  let container: Docker.Container;
  try {
    container = await docker.createContainer({
      name: request.container,
      Image: request.image,
      Labels: { [LABEL]: LABEL_VALUE },
      ExposedPorts: exposed,
      HostConfig: {
        PortBindings: bindings,
        Mounts: request.mounts.map((m) => ({ Type: "volume" as const, Source: m.source, Target: m.target })),
      },
    });
  } catch (error) {
    return { run: { started: false, running: false, logsTail: "", error: describeDockerError(error) } };
  }
  try {
    await container.start();
  } catch (error) {
    return { container, run: { started: false, running: false, logsTail: "", error: describeDockerError(error) } };
  }
  await sleep(SETTLE_MS);
  return { container, run: await runState(container) };
}

async function runState(container: Docker.Container): Promise<PersistenceRun> {
  const info = await container.inspect();
  const logs = await container.logs({ stdout: true, stderr: true, tail: 30 }).catch(() => Buffer.from(""));
  return {
    started: true,
    running: info.State.Running,
    ...(info.State.Running ? {} : { exitCode: info.State.ExitCode }),
    logsTail: demuxedText(logs),
  };
}

/** Runs `script` until it exits 0, the container stops, or `timeoutMs` runs out. */
async function retryScript(container: Docker.Container, script: string, user: string | undefined, timeoutMs: number): Promise<{ script: PersistenceScript; run: PersistenceRun | null }> {
  const deadline = Date.now() + timeoutMs;
  let last: PersistenceScript = { exitCode: null, output: "", timedOut: false, tries: 0 };
  for (let tries = 1; ; tries++) {
    const left = Math.max(deadline - Date.now(), 1000);
    try {
      const result = await execCommand(container, { cmd: ["sh", "-c", script], user, timeoutMs: left, maxOutput: 8 * 1024 });
      last = { ...result, tries };
    } catch (error) {
      last = { exitCode: null, output: describeDockerError(error), timedOut: false, tries };
    }
    if (last.exitCode === 0) return { script: last, run: null };
    const state = await runState(container);
    if (!state.running) return { script: last, run: state };
    if (Date.now() >= deadline) return { script: last, run: null };
    await sleep(Math.min(1000 + tries * 500, 3000));
  }
}

export async function probePersistence(docker: Docker, request: PersistenceRequest): Promise<PersistenceOutcome> {
  const log = request.onLog;
  try {
    await removeLeftovers(docker, request);
    for (const mount of request.mounts) await docker.createVolume({ Name: mount.source, Labels: { [LABEL]: LABEL_VALUE } });
  } catch (error) {
    return { kind: "persistence", first: { started: false, running: false, logsTail: "" }, ...ourError(say("probe.volumesNotReady", { error: describeDockerError(error) })) };
  }
  const volumes = request.mounts.map((m) => `${m.source}:${m.target}`).join(", ");
  try {
    log(`Persistence: starting ${request.container} from ${request.image} with the named volumes ${volumes}…\n`);
    const first = await startContainer(docker, request);
    if (!first.container || !first.run.running) return { kind: "persistence", first: first.run };
    log("Persistence: writing test data…\n");
    const write = await retryScript(first.container, request.write, request.user, request.timeoutMs);
    if (write.run) return { kind: "persistence", first: write.run, write: write.script };
    if (write.script.exitCode !== 0) return { kind: "persistence", first: first.run, write: write.script };

    log(`Persistence: removing ${request.container} (keeping its volumes) and starting a new one on them…\n`);
    // As `docker rm -f` does: committed data must survive a container killed without warning.
    await ignoreAlreadyDone(() => first.container!.remove({ force: true }));
    const second = await startContainer(docker, request);
    if (!second.container || !second.run.running) return { kind: "persistence", first: first.run, write: write.script, second: second.run };
    log("Persistence: reading the test data back…\n");
    const read = await retryScript(second.container, request.read, request.user, request.timeoutMs);
    return { kind: "persistence", first: first.run, write: write.script, second: read.run ?? second.run, read: read.script };
  } catch (error) {
    return { kind: "persistence", first: { started: false, running: false, logsTail: "" }, error: describeDockerError(error) };
  } finally {
    await removeLeftovers(docker, request).catch((error) => log(`Persistence: could not remove the check's container or volumes: ${describeDockerError(error)}\n`));
  }
}
