/**
 * The layer cache pulled on a save, ahead of the Check (./layer-cache-prefetch.ts), against the real
 * infra registry and fresh learner engines. A small reference (one apt-get line) is seeded as the
 * server seeds a step's build; a student saves the reference's Dockerfile: their engine starts the
 * pull; a Check pressed at once joins that pull (the engine's own events count one pull) and is told
 * it finishes a fetch begun on the save; a Check after the prefetch has ended finds the image there
 * (the pull only compares the manifest) and takes the apt-get layer from it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import type Docker from "dockerode";
import { createTestEngines, makeLearnerWorkspace } from "./testing/test-engines";
import { EngineGradingSandbox } from "./engine-grading-sandbox";
import { LEARNER_UID } from "./engine-options";
import { seedLayerCache, type ReferenceBuild } from "./layer-cache-seed";
import { layerCacheRef } from "./layer-cache-ref";
import { isInfraRegistryServing } from "./layer-cache-registry";
import { isLayerCachePullUnderWay } from "./layer-cache-pull";
import { LayerCachePrefetch } from "./layer-cache-prefetch";
import { createLogger } from "../logger";

// The compose layer cache test's reference (same folder, context and content): a run after it finds it seeded.
const folder = "inttest_compose_layer_cache";
const apt = "RUN apt-get update \\\n && apt-get install -y --no-install-recommends jq \\\n && rm -rf /var/lib/apt/lists/*";
const dockerfile = `FROM debian:latest\n${apt}\nRUN jq --version > /jq-version\nCMD ["sleep", "infinity"]\n`;
const composeFile = `version: "3.8"\nservices:\n  web:\n    build: ./web\n`;
const savedPath = `${folder}/web/Dockerfile`;

const solutionDir = mkdtempSync(path.join(os.tmpdir(), "wb-int-prefetch-solution-"));
const workspaces = new Map<string, string>();
const workspaceOf = (student: string) => {
  if (!workspaces.has(student)) workspaces.set(student, makeLearnerWorkspace(`wb-int-prefetch-${student}-`));
  return workspaces.get(student)!;
};
const engines = createTestEngines(solutionDir, { deploymentId: `prefetchtest${process.pid}`, workspaceHostPath: async (student) => workspaceOf(student) });
const log = createLogger({ level: "info", write: (line) => void process.stderr.write(`${line}\n`) });
const registryServes = await isInfraRegistryServing();
const build: ReferenceBuild = { step: 6, solutionDir, folder, context: "web", dockerfile: "Dockerfile" };
const ref = layerCacheRef(build);
const prefetch = new LayerCachePrefetch({
  builds: [build],
  engineOf: (student) => engines.current(student),
  readFile: (student, relPath) => readFile(path.join(workspaceOf(student), relPath), "utf8"),
  perMachine: () => 2,
  log,
});

function writeStep(dir: string) {
  mkdirSync(path.join(dir, folder, "web"), { recursive: true });
  writeFileSync(path.join(dir, folder, "docker-compose.yml"), composeFile);
  writeFileSync(path.join(dir, folder, "web", "Dockerfile"), dockerfile);
}

/** The engine's image pull events from now on (the engine's own account of its pulls): the images pulled, in order. */
async function watchPulls(inner: Docker): Promise<{ pulled: string[]; stop: () => void }> {
  const stream = (await inner.getEvents({ filters: JSON.stringify({ type: ["image"], event: ["pull"] }) } as never)) as unknown as NodeJS.ReadableStream & { destroy(): void };
  const pulled: string[] = [];
  stream.on("data", (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n").filter(Boolean)) pulled.push(String((JSON.parse(line) as { id?: unknown }).id));
  });
  return { pulled, stop: () => stream.destroy() };
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const began = Date.now();
  while (!(await condition())) {
    if (Date.now() - began > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function check(student: string) {
  const dir = workspaceOf(student);
  const sandbox = new EngineGradingSandbox(engines.current(student)!, dir);
  const progress: { at: number; message: string }[] = [];
  const began = Date.now();
  const outcome = await sandbox.build({
    folder,
    context: "web",
    dockerfile: "Dockerfile",
    tag: "checked",
    noCache: false,
    timeoutMs: 600_000,
    onLog: () => undefined,
    onProgress: (message: string) => void progress.push({ at: Date.now() - began, message }),
  });
  expect(outcome.ok, outcome.logTail).toBe(true);
  return { ms: Date.now() - began, outcome, progress };
}

beforeAll(async () => {
  if (!registryServes) return;
  mkdirSync(path.join(solutionDir, folder, "web"), { recursive: true });
  writeFileSync(path.join(solutionDir, folder, "web", "Dockerfile"), dockerfile);
  const [seeded] = await seedLayerCache({ engines, builds: [build], scope: "prefix", owner: "test", log, lockWaitMs: 14 * 60_000 });
  expect(["seeded", "current"]).toContain(seeded!.outcome);
});

afterAll(async () => {
  for (const student of workspaces.keys()) await engines.remove(student);
  for (const dir of workspaces.values()) rmSync(dir, { recursive: true, force: true });
  rmSync(solutionDir, { recursive: true, force: true });
});

describe.skipIf(!registryServes)("the layer cache pulled when the student saves", () => {
  it("a save starts the pull in the ready engine, and a Check pressed at once joins it: one pull", async () => {
    const student = "inttestprefetch1";
    const engine = await engines.ensure(student);
    const dir = workspaceOf(student);
    writeStep(dir);
    execFileSync("chown", ["-R", `${LEARNER_UID}:${LEARNER_UID}`, dir]);
    const pulls = await watchPulls(engine.inner);
    const saved = Date.now();
    prefetch.saved(student, savedPath);
    await until(() => isLayerCachePullUnderWay(engine.inner, ref), 10_000, "the prefetch's pull");
    const { ms, outcome, progress } = await check(student);
    pulls.stop();
    process.stdout.write(`save, then Check at once (joins the pull): Check ${(ms / 1000).toFixed(1)} s, ${((Date.now() - saved) / 1000).toFixed(1)} s from the save\n`);
    expect(progress.map((p) => p.message)).toContain("Finishing the fetch of the class's cache of the reference build, begun when you saved…");
    expect(progress.some((p) => p.message.startsWith("Fetching the class's cache"))).toBe(false);
    expect(outcome.logTail).toContain("Using cache");
    // The build pulls its base (debian:latest) itself; the class cache was pulled once.
    expect(
      pulls.pulled.filter((image) => image !== "debian:latest"),
      pulls.pulled.join(", "),
    ).toEqual([ref]);
  });

  it("a Check after the prefetch has ended finds the image: its pull only compares the manifest", async () => {
    const student = "inttestprefetch2";
    const engine = await engines.ensure(student);
    const dir = workspaceOf(student);
    writeStep(dir);
    execFileSync("chown", ["-R", `${LEARNER_UID}:${LEARNER_UID}`, dir]);
    const began = Date.now();
    prefetch.saved(student, savedPath);
    await until(() => isLayerCachePullUnderWay(engine.inner, ref), 10_000, "the prefetch's pull");
    await until(() => !isLayerCachePullUnderWay(engine.inner, ref), 120_000, "the prefetch's end");
    const prefetchMs = Date.now() - began;
    const image = await engine.inner.getImage(ref).inspect();
    const { ms, outcome, progress } = await check(student);
    const fetching = progress.find((p) => p.message.startsWith("Fetching the class's cache"));
    const sending = progress.find((p) => p.message.startsWith("Sending the build context"));
    const pullMs = sending!.at - fetching!.at;
    process.stdout.write(`prefetch ${(prefetchMs / 1000).toFixed(1)} s; the Check after it: ${(ms / 1000).toFixed(1)} s, its pull ${(pullMs / 1000).toFixed(2)} s\n`);
    expect((await engine.inner.getImage(ref).inspect()).Id).toBe(image.Id);
    expect(outcome.logTail).toContain("Using cache");
    expect(pullMs).toBeLessThan(Math.max(3_000, prefetchMs / 2));
  });
});
