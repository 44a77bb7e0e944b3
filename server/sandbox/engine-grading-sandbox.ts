/** The grader's view of a learner engine: build, run and probe through the inner engine's API. */
import path from "node:path";
import type Docker from "dockerode";
import type { GradingSandbox, BuildRequest, ExecRequest, RunRequest, PersistenceRequest, ComposeUpRequest, ScriptRequest, WordpressJourneyRequest } from "../grading/grading-sandbox";
import type {
  BuildOutcome,
  ComposeUpOutcome,
  ContainersOutcome,
  ContainerOutcome,
  ExecOutcome,
  HttpOutcome,
  ImageConfigOutcome,
  PackagesOutcome,
  PersistenceOutcome,
  ProcessesOutcome,
  WordpressJourneyOutcome,
} from "../grading/evidence";
import type { LearnerEngine } from "./engine-manager";
import { describeDockerError } from "./docker-errors";
import { packBuildContext } from "./build-context";
import { readBuildEvent, type BuildStreamState } from "./build-output";
import { execCommand } from "./exec-command";
import { demuxedText } from "./demuxed-text";
import { probePersistence } from "./persistence-probe";
import { composeServiceContainer, composeUp } from "./compose-up";
import { listLearnerContainers } from "./list-containers";
import { runStepScript } from "./run-script";
import { runWordpressJourney } from "./wordpress-journey";
import { probeHttp } from "./http-probe";
import { ignoreAlreadyDone } from "./host-docker";
import { runInLearnerShell } from "./learner-shell";
import { listProcessesWithTools } from "./list-processes";
import { runGraderTools } from "./grader-tools";
import { readImagePackages } from "./image-packages";
import { LAYER_CACHE_PULL_TIMEOUT_MS } from "./layer-cache-pull";
import { layerCacheSources } from "./layer-cache-sources";
import { markEngineBuilding } from "./layer-cache-prefetch";
import { readTarFileText } from "./tar-file-text";
import { LOCAL_BUILD_HOST, type BuildGate, type BuildSlot } from "./build-slots";
import { isAppError } from "../app-error";
import { englishOf } from "../../lib/i18n/render-text";
import { say } from "../../lib/i18n/text-ref";

const tail = (text: string, lines: number) => text.split("\n").slice(-lines).join("\n");

export class EngineGradingSandbox implements GradingSandbox {
  constructor(
    private readonly engine: LearnerEngine,
    /** The workspace folder on the host (bind-mounted in the engine). */
    private readonly workspaceHostPath: string,
    /**
     * Awaited before each image build (a build check, compose `up --build`, a script check that builds): a slot of the machine
     * the engine runs on (./build-slots.ts). None: builds start at once (the benches, the CLI).
     */
    private readonly buildGate?: BuildGate,
  ) {}

  private get inner(): Docker {
    return this.engine.inner;
  }

  /** The machine this engine builds on: its swarm node, or the server's host. */
  private get buildHost(): string {
    return this.engine.node?.id ?? LOCAL_BUILD_HOST;
  }

  /** Runs `work` in a build slot; the wait comes before it, so the work's own timeout and duration leave the wait out. */
  private async inBuildSlot<T>(work: () => Promise<T>): Promise<T> {
    const slot: BuildSlot | undefined = await this.buildGate?.(this.buildHost);
    // No pull of the layer cache begins ahead of a Check in this engine while it builds (./layer-cache-prefetch.ts).
    const built = markEngineBuilding(this.inner);
    try {
      return await work();
    } finally {
      built();
      slot?.release();
    }
  }

  build(request: BuildRequest): Promise<BuildOutcome> {
    return this.inBuildSlot(() => this.buildNow(request));
  }

  private async buildNow(request: BuildRequest): Promise<BuildOutcome> {
    const began = Date.now();
    let log = "";
    const emit = (text: string) => {
      log = (log + text).slice(-200_000);
      request.onLog(text);
    };
    let context: Buffer;
    try {
      // Opened from the workspace root without following links: the learner may swap folders meanwhile.
      context = await packBuildContext(this.workspaceHostPath, path.posix.join(request.folder, request.context));
    } catch (error) {
      const errorText = isAppError(error) ? error.text : undefined;
      return { kind: "build", ok: false, error: (error as Error).message, ...(errorText ? { errorText } : {}), timedOut: false, logTail: "", durationMs: 0 };
    }
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), request.timeoutMs);
    const state: BuildStreamState = { ok: false };
    try {
      // The class-wide cache of this step's reference build (written by the server only): layers
      // whose instructions match the reference's come from it. A --no-cache build uses no cache.
      // With any cache source, the builder ignores the engine's own layers outside those sources'
      // histories: the student's own last images go in beside it (see ownCacheSources).
      // It is pulled only when the Dockerfile can use it (see layerCacheSources).
      const cacheFrom = request.noCache
        ? undefined
        : await layerCacheSources(this.inner, {
            builds: [{ build: request, dockerfile: await readTarFileText(context, request.dockerfile).catch(() => undefined) }],
            ownTags: [request.tag],
            timeoutMs: Math.min(request.timeoutMs / 2, LAYER_CACHE_PULL_TIMEOUT_MS),
            onPulling: (joining) =>
              request.onProgress(joining ? "Finishing the fetch of the class's cache of the reference build, begun when you saved…" : "Fetching the class's cache of the reference build…"),
          });
      request.onProgress("Sending the build context to your engine…");
      const stream = await this.inner.buildImage(
        context as unknown as NodeJS.ReadableStream,
        {
          t: request.tag,
          dockerfile: request.dockerfile,
          nocache: request.noCache,
          rm: true,
          forcerm: true,
          // The API wants a JSON list; dockerode passes strings through as they are.
          ...(cacheFrom ? { cachefrom: JSON.stringify(cacheFrom) } : {}),
          abortSignal: abort.signal,
        } as Docker.ImageBuildOptions,
      );
      await new Promise<void>((resolve, reject) => {
        this.inner.modem.followProgress(
          stream,
          (error) => (error ? reject(error) : resolve()),
          (event: unknown) => {
            const line = readBuildEvent(state, event);
            if (!line) return;
            emit(line.text);
            if (line.step) request.onProgress(`Build step ${line.step.current} of ${line.step.total}`, line.step.current / line.step.total);
          },
        );
      });
    } catch (error) {
      const timedOut = abort.signal.aborted;
      clearTimeout(timer);
      const tooLong = say("build.tooLong", { seconds: Math.round(request.timeoutMs / 1000) });
      return {
        kind: "build",
        ok: false,
        timedOut,
        error: timedOut ? englishOf(tooLong) : describeDockerError(error),
        ...(timedOut ? { errorText: tooLong } : {}),
        logTail: tail(log, 40),
        durationMs: Date.now() - began,
      };
    }
    clearTimeout(timer);
    const noImage = !state.ok && !state.error ? say("build.noImage") : undefined;
    if (noImage) state.error = englishOf(noImage);
    return { kind: "build", ok: state.ok, error: state.error, ...(noImage ? { errorText: noImage } : {}), timedOut: false, logTail: tail(log, 40), durationMs: Date.now() - began };
  }

  /** Replaces any container of that name, or holding one of its host ports, then runs it. */
  async runContainer(request: RunRequest): Promise<ContainerOutcome> {
    const hostPorts = new Set(request.publish.map((p) => Number(p.split(":")[0])));
    const existing = await this.inner.listContainers({ all: true });
    for (const c of existing) {
      const sameName = c.Names.some((n) => n === `/${request.name}`);
      const samePort = c.Ports.some((p) => p.PublicPort !== undefined && hostPorts.has(p.PublicPort));
      if (sameName || samePort) {
        request.onLog(`Removing your container ${c.Names[0]?.slice(1) ?? c.Id.slice(0, 12)} to run the checked one in its place.\n`);
        await ignoreAlreadyDone(() => this.inner.getContainer(c.Id).remove({ force: true }));
      }
    }
    const exposed: Record<string, object> = {};
    const bindings: Record<string, { HostPort: string }[]> = {};
    for (const mapping of request.publish) {
      const [hostPort, containerPort] = mapping.split(":");
      const key = containerPort!.includes("/") ? containerPort! : `${containerPort}/tcp`;
      exposed[key] = {};
      bindings[key] = [{ HostPort: hostPort! }];
    }
    let container: Docker.Container;
    try {
      container = await this.inner.createContainer({
        name: request.name,
        Image: request.image,
        ExposedPorts: exposed,
        HostConfig: { PortBindings: bindings },
      });
      await container.start();
    } catch (error) {
      return { kind: "container", started: false, running: false, logsTail: "", error: describeDockerError(error) };
    }
    request.onLog(`Started ${request.name}; watching it for ${request.stableSeconds} s…\n`);
    await new Promise((r) => setTimeout(r, request.stableSeconds * 1000));
    const info = await container.inspect();
    const logs = await container.logs({ stdout: true, stderr: true, tail: 30 }).catch(() => Buffer.from(""));
    return {
      kind: "container",
      started: true,
      running: info.State.Running,
      exitCode: info.State.Running ? undefined : info.State.ExitCode,
      logsTail: demuxedText(logs),
    };
  }

  async inspectImage(image: string): Promise<ImageConfigOutcome> {
    const info = await this.inner.getImage(image).inspect();
    const config = info.Config;
    return {
      kind: "image-config",
      env: config.Env ?? [],
      user: config.User ?? "",
      exposedPorts: Object.keys(config.ExposedPorts ?? {}),
      volumes: Object.keys(config.Volumes ?? {}),
      cmd: (config.Cmd as string[] | null) ?? null,
      entrypoint: (config.Entrypoint as string[] | null) ?? null,
    };
  }

  /** Read by the grader's tools beside the container, not by programs of the student's image. */
  listProcesses(containerName: string): Promise<ProcessesOutcome> {
    return listProcessesWithTools(this.inner, containerName);
  }

  /** Read from the image's files by the grader, not by the image's dpkg-query. */
  listPackages(image: string, verify: string[] = []): Promise<PackagesOutcome> {
    return readImagePackages(this.inner, image, verify);
  }

  checkPersistence(request: PersistenceRequest): Promise<PersistenceOutcome> {
    return probePersistence(this.inner, request);
  }

  httpGet(request: { port: number; path: string; followRedirects: number; timeoutMs: number }): Promise<HttpOutcome> {
    // An engine on another swarm node: its address is not routed from here, its tunnel reaches its ports.
    return probeHttp(this.engine.ip, request.port, request.path, request.followRedirects, Math.min(request.timeoutMs, 10_000), this.engine.tunnel);
  }

  async execInContainer(request: ExecRequest): Promise<ExecOutcome> {
    try {
      const target = request.composeProject ? await composeServiceContainer(this.inner, request.composeProject, request.container) : undefined;
      if (request.tools === "grader") {
        const run = await runGraderTools(this.inner, { target: target ?? request.container, script: request.script, timeoutMs: request.timeoutMs });
        return { kind: "exec", exitCode: run.exitCode, output: run.output, timedOut: run.timedOut };
      }
      const result = await execCommand(this.inner.getContainer(target ?? request.container), {
        cmd: ["sh", "-c", request.script],
        user: request.user,
        timeoutMs: request.timeoutMs,
      });
      return { kind: "exec", exitCode: result.exitCode, output: result.output, timedOut: result.timedOut };
    } catch (error) {
      return { kind: "exec", exitCode: null, output: "", timedOut: false, error: describeDockerError(error) };
    }
  }

  async runShell(request: { folder: string; script: string; timeoutMs: number }): Promise<ExecOutcome> {
    try {
      const result = await runInLearnerShell(this.engine, request);
      return { kind: "exec", exitCode: result.exitCode, output: result.output, timedOut: result.timedOut };
    } catch (error) {
      return { kind: "exec", exitCode: null, output: "", timedOut: false, error: describeDockerError(error) };
    }
  }

  composeUp(request: ComposeUpRequest): Promise<ComposeUpOutcome> {
    // Only `up --build` builds: a plain `up` runs what is there and never waits for a slot.
    return request.build ? this.inBuildSlot(() => composeUp(this.engine, request)) : composeUp(this.engine, request);
  }

  runScript(request: ScriptRequest): Promise<ExecOutcome> {
    // The student's script (build_and_launch.sh) builds its images: it runs in a build slot, its timeout starting after the wait.
    return request.builds ? this.inBuildSlot(() => runStepScript(this.engine, request)) : runStepScript(this.engine, request);
  }

  listContainers(): Promise<ContainersOutcome> {
    return listLearnerContainers(this.inner);
  }

  wordpressJourney(request: WordpressJourneyRequest): Promise<WordpressJourneyOutcome> {
    return runWordpressJourney(this.engine, request);
  }
}
