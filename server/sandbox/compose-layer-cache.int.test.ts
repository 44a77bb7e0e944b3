/**
 * The class-wide layer cache in the grader's compose builds, and the pull skipped when a build
 * cannot use it, against the real infra registry and fresh learner engines. A small reference (one
 * apt-get line) is seeded as the server seeds a step's compose services; a student's identical
 * service then takes that layer from the cache in `docker-compose up --build` run by the grader,
 * their compose file left as they wrote it; a Dockerfile whose first RUN is not the reference's
 * builds without pulling the cache at all.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { createTestEngines, makeLearnerWorkspace } from "./testing/test-engines";
import { EngineGradingSandbox } from "./engine-grading-sandbox";
import { LEARNER_UID } from "./engine-options";
import { seedLayerCache, type ReferenceBuild } from "./layer-cache-seed";
import { layerCacheRef } from "./layer-cache-ref";
import { isInfraRegistryServing } from "./layer-cache-registry";
import { createLogger } from "../logger";

// A fixed folder: a later run finds its reference seeded (keyed by content) instead of pushing another.
const folder = "inttest_compose_layer_cache";
const project = "inttest_compose_layer_cache";
const apt = "RUN apt-get update \\\n && apt-get install -y --no-install-recommends jq \\\n && rm -rf /var/lib/apt/lists/*";
const dockerfile = `FROM debian:latest\n${apt}\nRUN jq --version > /jq-version\nCMD ["sleep", "infinity"]\n`;
const composeFile = `version: "3.8"\nservices:\n  web:\n    build: ./web\n`;

const solutionDir = mkdtempSync(path.join(os.tmpdir(), "wb-int-compose-cache-solution-"));
const workspaces = new Map<string, string>();
const workspaceOf = (student: string) => {
  if (!workspaces.has(student)) workspaces.set(student, makeLearnerWorkspace(`wb-int-compose-cache-${student}-`));
  return workspaces.get(student)!;
};
const engines = createTestEngines(solutionDir, { deploymentId: `composecachetest${process.pid}`, workspaceHostPath: async (student) => workspaceOf(student) });
const log = createLogger({ level: "info", write: (line) => void process.stderr.write(`${line}\n`) });
const registryServes = await isInfraRegistryServing();
const build: ReferenceBuild = { step: 6, solutionDir, folder, context: "web", dockerfile: "Dockerfile" };

function writeStep(dir: string, webDockerfile: string) {
  mkdirSync(path.join(dir, folder, "web"), { recursive: true });
  writeFileSync(path.join(dir, folder, "docker-compose.yml"), composeFile);
  writeFileSync(path.join(dir, folder, "web", "Dockerfile"), webDockerfile);
}

/** Each build step's instruction, and whether the engine took it from a cache. */
function cachedSteps(buildLog: string): { instruction: string; cached: boolean }[] {
  return buildLog
    .split(/^(?=Step \d+\/\d+ : )/m)
    .filter((part) => part.startsWith("Step "))
    .map((part) => ({ instruction: /^Step \d+\/\d+ : (.*)/.exec(part)![1]!, cached: /^ ---> Using cache$/m.test(part) }));
}

async function composeUpAs(student: string) {
  const dir = workspaceOf(student);
  execFileSync("chown", ["-R", `${LEARNER_UID}:${LEARNER_UID}`, dir]);
  const sandbox = new EngineGradingSandbox(await engines.ensure(student), dir);
  let output = "";
  const began = Date.now();
  const outcome = await sandbox.composeUp({ folder, file: "docker-compose.yml", project, build: true, stableSeconds: 0, timeoutMs: 600_000, onLog: (text) => (output += text) });
  expect(outcome.exitCode, output.slice(-3000)).toBe(0);
  return { ms: Date.now() - began, output };
}

async function hasImage(student: string, ref: string): Promise<boolean> {
  const engine = await engines.ensure(student);
  return engine.inner
    .getImage(ref)
    .inspect()
    .then(() => true)
    .catch(() => false);
}

beforeAll(async () => {
  if (!registryServes) return;
  writeStep(solutionDir, dockerfile);
  const began = Date.now();
  const [seeded] = await seedLayerCache({ engines, builds: [build], scope: "prefix", owner: "test", log, lockWaitMs: 14 * 60_000 });
  expect(seeded, JSON.stringify(seeded)).toMatchObject({ step: 6 });
  expect(["seeded", "current"]).toContain(seeded!.outcome);
  process.stdout.write(`compose fixture reference: ${seeded!.outcome} in ${((Date.now() - began) / 1000).toFixed(1)} s\n`);
});

afterAll(async () => {
  for (const student of workspaces.keys()) await engines.remove(student);
  for (const dir of workspaces.values()) rmSync(dir, { recursive: true, force: true });
  rmSync(solutionDir, { recursive: true, force: true });
});

describe.skipIf(!registryServes)("the class-wide layer cache in the grader's compose builds", () => {
  it("serves the reference's apt-get layer to a fresh engine's docker-compose up --build, the student's compose file untouched", async () => {
    const student = "inttestcomposecache1";
    writeStep(workspaceOf(student), dockerfile);
    const stepDir = path.join(workspaceOf(student), folder);
    const filesBefore = readdirSync(stepDir).sort();
    const { ms, output } = await composeUpAs(student);
    const steps = cachedSteps(output);
    process.stdout.write(`compose up --build in a fresh engine with the layer cache: ${(ms / 1000).toFixed(1)} s (pull included)\n`);
    expect(output).toContain("Fetching the class's cache of the reference build");
    expect(steps.find((s) => s.instruction.startsWith("RUN apt-get update"))?.cached, output.slice(-3000)).toBe(true);
    // The prefix ends at the apt-get line: the next one is the student's own work.
    expect(steps.find((s) => s.instruction.startsWith("RUN jq"))?.cached).toBe(false);
    expect(readFileSync(path.join(stepDir, "docker-compose.yml"), "utf8")).toBe(composeFile);
    expect(readdirSync(stepDir).sort()).toEqual(filesBefore);
  });

  it("keeps the student's own layers beside it: the second compose build of the same files is all from the cache", async () => {
    const { output } = await composeUpAs("inttestcomposecache1");
    const steps = cachedSteps(output).filter((s) => s.instruction.startsWith("RUN"));
    expect(steps.length).toBe(2);
    expect(
      steps.every((s) => s.cached),
      output.slice(-3000),
    ).toBe(true);
  });

  it("does not pull the cache for a service whose first RUN is not the reference's", async () => {
    const student = "inttestcomposecache2";
    writeStep(workspaceOf(student), 'FROM debian:latest\nRUN echo not the reference > /x\nCMD ["sleep", "infinity"]\n');
    const { ms, output } = await composeUpAs(student);
    process.stdout.write(`compose up --build, another first RUN, fresh engine: ${(ms / 1000).toFixed(1)} s\n`);
    expect(output).not.toContain("Fetching the class's cache");
    expect(await hasImage(student, layerCacheRef(build))).toBe(false);
  });

  it("does not pull the cache for a Dockerfile build check whose first RUN is not the reference's, and pulls it when it is", async () => {
    const student = "inttestcomposecache3";
    const dir = workspaceOf(student);
    writeStep(dir, "FROM debian:latest\nRUN echo not the reference > /x\n");
    execFileSync("chown", ["-R", `${LEARNER_UID}:${LEARNER_UID}`, dir]);
    const sandbox = new EngineGradingSandbox(await engines.ensure(student), dir);
    const progress: string[] = [];
    const request = { folder, context: "web", dockerfile: "Dockerfile", tag: "checked", noCache: false, timeoutMs: 600_000, onLog: () => undefined, onProgress: (m: string) => void progress.push(m) };
    const other = await sandbox.build(request);
    expect(other.ok, other.logTail).toBe(true);
    expect(progress.some((m) => m.startsWith("Fetching the class's cache"))).toBe(false);
    expect(await hasImage(student, layerCacheRef(build))).toBe(false);
    process.stdout.write(`build check, another first RUN, fresh engine: ${(other.durationMs / 1000).toFixed(1)} s (no pull)\n`);

    cpSync(path.join(solutionDir, folder, "web", "Dockerfile"), path.join(dir, folder, "web", "Dockerfile"));
    const same = await sandbox.build({ ...request, tag: "checked-reference" });
    expect(same.ok, same.logTail).toBe(true);
    expect(progress.some((m) => m.startsWith("Fetching the class's cache"))).toBe(true);
    expect(await hasImage(student, layerCacheRef(build))).toBe(true);
  });
});
