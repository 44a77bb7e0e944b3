/**
 * `docker-compose down` then `up -d` for one project in a learner engine, run as the learner in
 * the step folder (docker-compose v1, as in their terminal). Containers of other projects that
 * hold a host port the file publishes are removed first, as the container check does, so a
 * stack the student left running does not make the grader's `up` fail. With --build, the services
 * compose builds use the class-wide layer cache as a Dockerfile build check does.
 */
import path from "node:path";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import type { ComposeUpRequest } from "../grading/grading-sandbox";
import type { ComposeUpOutcome } from "../grading/evidence";
import { readComposePort } from "../grading/compose/compose-ports";
import type { LearnerEngine } from "./engine-manager";
import { describeDockerError } from "./docker-errors";
import { ignoreAlreadyDone } from "./host-docker";
import { runInLearnerShell } from "./learner-shell";
import { demuxedText } from "./demuxed-text";
import { composeBuildServices } from "./compose-build-services";
import { LAYER_CACHE_PULL_TIMEOUT_MS } from "./layer-cache-pull";
import { layerCacheSources } from "./layer-cache-sources";
import { LEARNER_WORKSPACE } from "./engine-options";
import { ourError } from "./our-error";
import { say } from "../../lib/i18n/text-ref";

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
      return outcome({ ...ourError(say("probe.composeCannotRead", { file: request.file })), outputTail: tail(config.output, 30) });
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

    // The class-wide layer cache, as a Dockerfile build check uses it: named as cache_from in a
    // second compose file of the grader's, beside the student's (which stays as they wrote it).
    const cacheOverride = request.build ? await cacheFromOverride(engine, request, config.output, Math.min(remaining() / 2, LAYER_CACHE_PULL_TIMEOUT_MS), emit) : undefined;
    const withCache = cacheOverride ? ` -f "$override"` : "";
    const up = `${compose}${withCache} up -d${request.build ? " --build" : ""} 2>&1`;
    emit(`$ docker-compose -p ${request.project} -f ${request.file} up -d${request.build ? " --build" : ""}\n`);
    const script = cacheOverride ? `override=$(mktemp /tmp/wb-cache-from.XXXXXX.yml) && printf '%s' "$1" > "$override" || exit 1\n${up}\nstatus=$?\nrm -f "$override"\nexit $status` : up;
    const result = await runInLearnerShell(engine, { folder: request.folder, script, args: cacheOverride ? ["compose-up", cacheOverride] : undefined, timeoutMs: remaining(), onOutput: emit });
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

/** The grader's compose file giving each built service its cache_from (./layer-cache-sources.ts), or undefined when there is no cache to use. */
async function cacheFromOverride(engine: LearnerEngine, request: ComposeUpRequest, resolved: string, timeoutMs: number, emit: (text: string) => void): Promise<string | undefined> {
  const stepDir = path.posix.join(LEARNER_WORKSPACE, request.folder);
  const services = composeBuildServices(resolved, { folder: request.folder, stepDir, fileDir: stepDir, project: request.project });
  if (services.length === 0) return undefined;
  const builds = await Promise.all(
    services.map(async ({ build }) => {
      // Read as the learner, in their engine: the file is theirs.
      const read = await runInLearnerShell(engine, {
        folder: request.folder,
        script: 'head -c 1048576 -- "$1"',
        args: ["read", path.posix.join(stepDir, build.context, build.dockerfile)],
        timeoutMs: 10_000,
      }).catch(() => undefined);
      return { build, dockerfile: read?.exitCode === 0 ? read.output : undefined };
    }),
  );
  const sources = await layerCacheSources(engine.inner, {
    builds,
    ownTags: services.map((s) => s.imageTag),
    timeoutMs,
    onPulling: (joining) => emit(joining ? "Finishing the fetch of the class's cache of the reference build, begun when you saved…\n" : "Fetching the class's cache of the reference build…\n"),
  });
  if (!sources) return undefined;
  return stringifyYaml({ services: Object.fromEntries(services.map((s) => [s.service, { build: { cache_from: sources } }])) });
}

/** Id of the running container of a compose service (the first one), undefined when there is none. */
export async function composeServiceContainer(inner: LearnerEngine["inner"], project: string, service: string): Promise<string | undefined> {
  const found = await inner.listContainers({ filters: { label: [`${PROJECT_LABEL}=${project}`, `${SERVICE_LABEL}=${service}`] } });
  return found[0]?.Id;
}
