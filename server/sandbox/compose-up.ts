/**
 * `docker-compose down` then `up -d` for one project in a learner engine, run as the learner in
 * the step folder (docker-compose v1, as in their terminal). Containers of other projects that
 * hold a host port the file publishes are removed first, as the container check does, so a
 * stack the student left running does not make the grader's `up` fail.
 */
import { parse as parseYaml } from "yaml";
import type { ComposeUpRequest } from "../grading/grading-sandbox";
import type { ComposeUpOutcome } from "../grading/evidence";
import { readComposePort } from "../grading/compose/compose-ports";
import type { LearnerEngine } from "./engine-manager";
import { describeDockerError } from "./docker-errors";
import { ignoreAlreadyDone } from "./host-docker";
import { runInLearnerShell } from "./learner-shell";
import { demuxedText } from "./demuxed-text";

const tail = (text: string, lines: number) => text.split("\n").slice(-lines).join("\n");
const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;
const PROJECT_LABEL = "com.docker.compose.project";
const SERVICE_LABEL = "com.docker.compose.service";

/** Host ports the resolved compose file publishes (from `docker-compose config`). */
function publishedHostPorts(config: string): number[] {
  let document: unknown;
  try {
    document = parseYaml(config);
  } catch {
    return [];
  }
  const services = (document as { services?: Record<string, { ports?: unknown[] }> } | null)?.services ?? {};
  const ports: number[] = [];
  for (const service of Object.values(services)) {
    for (const entry of service?.ports ?? []) {
      const reading = readComposePort(entry);
      if (reading.ok && reading.port.host && /^\d+$/.test(reading.port.host)) ports.push(Number(reading.port.host));
    }
  }
  return ports;
}

export async function composeUp(engine: LearnerEngine, request: ComposeUpRequest): Promise<ComposeUpOutcome> {
  let output = "";
  const emit = (text: string) => {
    output = (output + text).slice(-100_000);
    request.onLog(text);
  };
  const compose = `docker-compose --ansi never -p ${quote(request.project)} -f ${quote(request.file)}`;
  const began = Date.now();
  const remaining = () => Math.max(1000, request.timeoutMs - (Date.now() - began));
  const outcome = (fields: Partial<ComposeUpOutcome>): ComposeUpOutcome => ({
    kind: "compose-up",
    exitCode: null,
    timedOut: false,
    outputTail: tail(output, 40),
    services: [],
    containers: [],
    ...fields,
  });

  try {
    // The file as compose reads it: syntax and schema errors surface here, with compose's words.
    const config = await runInLearnerShell(engine, { folder: request.folder, script: `${compose} config`, timeoutMs: 60_000, maxOutput: 500_000 });
    if (config.exitCode !== 0) {
      emit(`$ docker-compose -f ${request.file} config\n${config.output}`);
      return outcome({ error: `docker-compose cannot read ${request.file}`, outputTail: tail(config.output, 30) });
    }
    const listed = await runInLearnerShell(engine, { folder: request.folder, script: `${compose} config --services`, timeoutMs: 60_000 });
    const services = listed.output
      .split("\n")
      .map((s) => s.trim())
      .filter((s) => /^[\w.-]+$/.test(s));

    const ports = new Set(publishedHostPorts(config.output));
    for (const c of await engine.inner.listContainers({ all: true })) {
      if (c.Labels?.[PROJECT_LABEL] === request.project) continue;
      if (!c.Ports.some((p) => p.PublicPort !== undefined && ports.has(p.PublicPort))) continue;
      emit(`Removing your container ${c.Names[0]?.slice(1) ?? c.Id.slice(0, 12)}: it holds a port the compose file publishes.\n`);
      await ignoreAlreadyDone(() => engine.inner.getContainer(c.Id).remove({ force: true }));
    }

    emit(`$ docker-compose -p ${request.project} -f ${request.file} down --remove-orphans\n`);
    await runInLearnerShell(engine, { folder: request.folder, script: `${compose} down --remove-orphans 2>&1`, timeoutMs: remaining(), onOutput: emit });

    const up = `${compose} up -d${request.build ? " --build" : ""} 2>&1`;
    emit(`$ docker-compose -p ${request.project} -f ${request.file} up -d${request.build ? " --build" : ""}\n`);
    const result = await runInLearnerShell(engine, { folder: request.folder, script: up, timeoutMs: remaining(), onOutput: emit });
    if (result.timedOut || result.exitCode !== 0) return outcome({ services, exitCode: result.exitCode, timedOut: result.timedOut });

    if (request.stableSeconds > 0) {
      emit(`Watching the containers for ${request.stableSeconds} s…\n`);
      await new Promise((r) => setTimeout(r, request.stableSeconds * 1000));
    }
    const listedContainers = await engine.inner.listContainers({ all: true, filters: { label: [`${PROJECT_LABEL}=${request.project}`] } });
    const containers = await Promise.all(
      listedContainers.map(async (c) => {
        const container = engine.inner.getContainer(c.Id);
        const info = await container.inspect().catch(() => undefined);
        // With a restart policy a crashing service looks "running" between restarts: the
        // containers were just created, so any restart means its main process exited.
        const restarts = info?.RestartCount ?? 0;
        const running = (info?.State.Running ?? c.State === "running") && !info?.State.Restarting && restarts === 0;
        const state = info?.State.Restarting || restarts > 0 ? `restarting (it exited and was restarted ${restarts} time${restarts === 1 ? "" : "s"})` : c.State;
        const logs = running ? "" : demuxedText(await container.logs({ stdout: true, stderr: true, tail: 20 }).catch(() => Buffer.from("")));
        return {
          name: c.Names[0]?.slice(1) ?? c.Id.slice(0, 12),
          service: c.Labels?.[SERVICE_LABEL] ?? "",
          running,
          state,
          ...(!running && info ? { exitCode: info.State.ExitCode } : {}),
          logsTail: tail(logs, 15),
        };
      }),
    );
    return outcome({ services, exitCode: 0, containers });
  } catch (error) {
    return outcome({ error: describeDockerError(error) });
  }
}

/** Id of the running container of a compose service (the first one), undefined when there is none. */
export async function composeServiceContainer(inner: LearnerEngine["inner"], project: string, service: string): Promise<string | undefined> {
  const found = await inner.listContainers({ filters: { label: [`${PROJECT_LABEL}=${project}`, `${SERVICE_LABEL}=${service}`] } });
  return found[0]?.Id;
}
