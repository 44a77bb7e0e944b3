/**
 * Learner engines: one container per student running a rootless dockerd, created on demand,
 * shared by the student's tabs, removed after a period without any connection, and reaped at
 * start-up. Owns the lifecycle only; terminals and grading use the handles it returns.
 */
import type Docker from "dockerode";
import { getHostDocker, ignoreAlreadyDone } from "./host-docker";
import { labelFilter, type SandboxOwner } from "./labels";
import { execCommand } from "./exec-command";
import { createInnerEngineClient } from "./inner-engine-client";
import {
  ENGINE_IMAGE,
  INNER_DOCKER_HOST,
  LEARNER_NETWORK,
  LEARNER_USER,
  engineCreateOptions,
  engineReadyCommand,
} from "./engine-options";
import { AppError } from "../app-error";
import type { Logger } from "../logger";

export interface LearnerEngine {
  studentId: string;
  containerName: string;
  container: Docker.Container;
  /** Address of the engine container on the learners' network (published ports answer there). */
  ip: string;
  /** dockerode connected to the learner's own (inner) engine. */
  inner: Docker;
  startedAt: Date;
  readyMs: number;
}

export type EngineProgress = (state: "starting" | "ready", message: string) => void;

export interface EngineManagerOptions {
  owner: SandboxOwner;
  log: Logger;
  /** Host folder bind-mounted as the learner's workspace. */
  workspaceHostPath: (studentId: string) => Promise<string>;
  idleMs: number;
  memoryBytes: number;
  pidsLimit: number;
  nanoCpus: number;
  readyTimeoutMs?: number;
  instanceId: string;
  /** Told after a student's engine has been removed (idle, or on request). */
  onRemoved?: (studentId: string) => void;
}

const engineName = (owner: SandboxOwner, studentId: string) => `wb-${owner}-engine-${studentId}`;

export class EngineManager {
  private readonly engines = new Map<string, Promise<LearnerEngine>>();
  private readonly ready = new Map<string, LearnerEngine>();
  private readonly closers = new Map<string, () => void>();
  private readonly users = new Map<string, number>();
  private readonly idleTimers = new Map<string, NodeJS.Timeout>();
  private readonly docker = getHostDocker();

  constructor(private readonly options: EngineManagerOptions) {}

  /** The student's engine, started if needed. Concurrent callers share one start. */
  ensure(studentId: string, onProgress?: EngineProgress): Promise<LearnerEngine> {
    let engine = this.engines.get(studentId);
    if (!engine) {
      engine = this.start(studentId, onProgress);
      this.engines.set(studentId, engine);
      engine.then(
        (started) => this.ready.set(studentId, started),
        () => this.engines.delete(studentId),
      );
    } else {
      onProgress?.("starting", "Connecting to your Docker engine…");
    }
    return engine;
  }

  /** The student's engine if it is up, without starting one. */
  current(studentId: string): LearnerEngine | undefined {
    return this.ready.get(studentId);
  }

  /** Whether the student's engine container is still running (it can die, e.g. out of memory). */
  async isAlive(studentId: string): Promise<boolean> {
    const engine = this.engines.get(studentId);
    if (!engine) return false;
    try {
      const info = await (await engine).container.inspect();
      return info.State.Running;
    } catch {
      return false;
    }
  }

  /** Marks the engine in use (a socket is open); cancels any idle removal. */
  acquire(studentId: string): void {
    this.users.set(studentId, (this.users.get(studentId) ?? 0) + 1);
    clearTimeout(this.idleTimers.get(studentId));
    this.idleTimers.delete(studentId);
  }

  /** The last user leaving starts the idle countdown to removal. */
  release(studentId: string): void {
    const left = Math.max(0, (this.users.get(studentId) ?? 1) - 1);
    this.users.set(studentId, left);
    if (left > 0 || !this.engines.has(studentId)) return;
    const timer = setTimeout(() => {
      this.options.log.info("removing idle engine", { studentId });
      void this.remove(studentId).catch((error: unknown) =>
        this.options.log.error("idle engine removal failed", { studentId, error: String(error) }),
      );
    }, this.options.idleMs);
    timer.unref();
    this.idleTimers.set(studentId, timer);
  }

  /** Removes the student's engine container and its data volume. Repeatable. */
  async remove(studentId: string): Promise<void> {
    this.engines.delete(studentId);
    this.ready.delete(studentId);
    this.closers.get(studentId)?.();
    this.closers.delete(studentId);
    clearTimeout(this.idleTimers.get(studentId));
    this.idleTimers.delete(studentId);
    await this.removeContainerAndVolumes(engineName(this.options.owner, studentId));
    this.options.onRemoved?.(studentId);
  }

  /** Removes every engine this owner left behind (a crash, a restart). Returns how many. */
  async reap(): Promise<number> {
    const containers = await this.docker.listContainers({ all: true, filters: labelFilter("engine", this.options.owner) });
    await Promise.all(containers.map((c) => this.removeContainerAndVolumes(c.Id)));
    const { Volumes } = await this.docker.listVolumes({ filters: labelFilter("engine", this.options.owner) });
    await Promise.all((Volumes ?? []).map((v) => ignoreAlreadyDone(() => this.docker.getVolume(v.Name).remove())));
    return containers.length;
  }

  async shutdown(): Promise<void> {
    const ids = [...this.engines.keys()];
    await Promise.allSettled(ids.map((id) => this.remove(id)));
  }

  private async removeContainerAndVolumes(nameOrId: string): Promise<void> {
    const container = this.docker.getContainer(nameOrId);
    let volumes: string[] = [];
    try {
      const info = await container.inspect();
      volumes = info.Mounts.filter((m) => m.Type === "volume" && m.Name).map((m) => m.Name as string);
    } catch {
      return; // already gone
    }
    await ignoreAlreadyDone(() => container.remove({ force: true, v: true }));
    await Promise.all(volumes.map((name) => ignoreAlreadyDone(() => this.docker.getVolume(name).remove())));
  }

  private async start(studentId: string, onProgress?: EngineProgress): Promise<LearnerEngine> {
    const log = this.options.log.child({ studentId });
    const began = Date.now();
    const name = engineName(this.options.owner, studentId);
    onProgress?.("starting", "Starting your Docker engine…");
    await this.removeContainerAndVolumes(name); // a leftover from an earlier process is never reused

    const workspaceHostPath = await this.options.workspaceHostPath(studentId);
    let container: Docker.Container;
    try {
      container = await this.docker.createContainer(
        engineCreateOptions({
          studentId,
          name,
          workspaceHostPath,
          owner: this.options.owner,
          instanceId: this.options.instanceId,
          memoryBytes: this.options.memoryBytes,
          pidsLimit: this.options.pidsLimit,
          nanoCpus: this.options.nanoCpus,
        }),
      );
      await container.start();
    } catch (error) {
      log.error("engine container could not start", { error: String(error) });
      await this.removeContainerAndVolumes(name);
      throw new AppError(
        "engine_unavailable",
        `Your Docker engine could not be started (${describeDockerError(error)}). Try again in a moment; if it persists, tell your teacher.`,
        { cause: error },
      );
    }

    const deadline = began + (this.options.readyTimeoutMs ?? 60_000);
    let lastOutput = "";
    for (;;) {
      const probe = await execCommand(container, { cmd: engineReadyCommand, user: LEARNER_USER, timeoutMs: 5_000 }).catch(
        (error: unknown) => ({ exitCode: null, output: String(error), timedOut: false }),
      );
      if (probe.exitCode === 0) break;
      lastOutput = probe.output;
      const state = await container.inspect().catch(() => null);
      if (!state?.State.Running || Date.now() > deadline) {
        const logs = await container.logs({ stdout: true, stderr: true, tail: 30 }).catch(() => Buffer.from(""));
        log.error("engine did not become ready", { running: state?.State.Running, lastOutput, logs: String(logs).slice(-2000) });
        await this.removeContainerAndVolumes(name);
        throw new AppError("engine_unavailable", "Your Docker engine did not start in time. Try again; if it persists, tell your teacher.");
      }
      await new Promise((r) => setTimeout(r, 250));
    }

    const info = await container.inspect();
    const ip = info.NetworkSettings.Networks[LEARNER_NETWORK]?.IPAddress ?? Object.values(info.NetworkSettings.Networks)[0]?.IPAddress ?? "";
    const { docker: inner, close } = createInnerEngineClient({ container, user: LEARNER_USER, innerDockerHost: INNER_DOCKER_HOST });
    this.closers.set(studentId, close);
    const readyMs = Date.now() - began;
    log.info("engine ready", { readyMs, ip, image: ENGINE_IMAGE });
    onProgress?.("ready", `Your Docker engine is ready (${(readyMs / 1000).toFixed(1)} s).`);
    return { studentId, containerName: name, container, ip, inner, startedAt: new Date(), readyMs };
  }
}

export function describeDockerError(error: unknown): string {
  const e = error as { json?: { message?: string }; message?: string; code?: string };
  if (e?.code === "ENOENT" || e?.code === "ECONNREFUSED") return "the Docker service is not running";
  return e?.json?.message ?? e?.message ?? String(error);
}

