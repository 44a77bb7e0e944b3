/**
 * The class-wide layer cache against the real infra registry and real learner engines: the step-1
 * reference is seeded as the server seeds it by default (up to its first RUN) by an engine of the
 * server's (or found seeded, keyed by its content); a fresh engine building the reference Dockerfile
 * gets the apt-get layer from the cache; another student's Dockerfile differing in one RUN line
 * rebuilds that line and keeps the cached layer before it; a learner's engine cannot write into the
 * cache; an unreachable cache means an uncached build.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { createTestEngines, makeLearnerWorkspace, runAsLearner } from "./testing/test-engines";
import { EngineGradingSandbox } from "./engine-grading-sandbox";
import { LEARNER_UID } from "./engine-options";
import { seedLayerCache, type SeedResult } from "./layer-cache-seed";
import { LAYER_CACHE_CURRENT_TAG, LAYER_CACHE_REGISTRY, layerCacheRef, layerCacheRepository } from "./layer-cache-ref";
import { isInfraRegistryServing, registryManifestDigest } from "./layer-cache-registry";
import { pullLayerCache } from "./layer-cache-pull";
import { referenceBuilds } from "../grading-services/reference-builds";
import { getCourse } from "../lessons/load-lessons";
import { createLogger } from "../logger";

const workspace = makeLearnerWorkspace("wb-int-layer-cache-");
const otherWorkspace = makeLearnerWorkspace("wb-int-layer-cache-other-");
const students = ["inttestlayercache1", "inttestlayercache2"];
const workspaceOf = (student: string) => (student === students[1] ? otherWorkspace : workspace);
const engines = createTestEngines(workspace, { deploymentId: `layercachetest${process.pid}`, workspaceHostPath: async (student) => workspaceOf(student) });
const log = createLogger({ level: "info", write: (line) => void process.stderr.write(`${line}\n`) });
const registryServes = await isInfraRegistryServing();

let folder = "";
let seeded: SeedResult | undefined;

/** Each build step's instruction, and whether the engine took it from the cache. */
function cachedSteps(buildLog: string): { step: number; instruction: string; cached: boolean }[] {
  const steps = buildLog.split(/^(?=Step \d+\/\d+ : )/m).filter((part) => part.startsWith("Step "));
  return steps.map((part) => {
    const [, step, instruction] = /^Step (\d+)\/\d+ : (.*)/.exec(part)!;
    return { step: Number(step), instruction: instruction!, cached: /^ ---> Using cache$/m.test(part) };
  });
}

async function buildIn(student: string, expectOk = true): Promise<{ ms: number; log: string }> {
  const sandbox = new EngineGradingSandbox(await engines.ensure(student), workspaceOf(student));
  let buildLog = "";
  const began = Date.now();
  const outcome = await sandbox.build({
    folder,
    context: ".",
    dockerfile: "Dockerfile",
    tag: "mon_image_wordpress",
    noCache: false,
    timeoutMs: 600_000,
    onLog: (text) => (buildLog += text),
    onProgress: () => undefined,
  });
  if (expectOk) {
    expect(outcome.error, buildLog.slice(-3000)).toBeUndefined();
    expect(outcome.ok).toBe(true);
  } else expect(outcome.ok, buildLog.slice(-3000)).toBe(false);
  return { ms: Date.now() - began, log: buildLog };
}

beforeAll(async () => {
  if (!registryServes) return;
  const builds = referenceBuilds(await getCourse()).filter((b) => b.step === 1);
  expect(builds).toHaveLength(1);
  const build = builds[0]!;
  folder = build.folder;
  for (const dir of [workspace, otherWorkspace]) {
    cpSync(path.join(build.solutionDir, build.folder), path.join(dir, folder), { recursive: true });
    execFileSync("chown", ["-R", `${LEARNER_UID}:${LEARNER_UID}`, dir]);
  }
  const began = Date.now();
  [seeded] = await seedLayerCache({ engines, builds, scope: "prefix", owner: "test", log, lockWaitMs: 14 * 60_000 });
  process.stdout.write(`layer cache seeding of step 1: ${seeded?.outcome} in ${((Date.now() - began) / 1000).toFixed(1)} s\n`);
});

afterAll(async () => {
  for (const student of students) await engines.remove(student);
  for (const dir of [workspace, otherWorkspace]) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!registryServes)("class-wide layer cache", () => {
  it("is seeded from the step-1 reference solution, and a second seeding finds it current", async () => {
    expect(seeded, JSON.stringify(seeded)).toMatchObject({ step: 1 });
    expect(["seeded", "current"]).toContain(seeded!.outcome);
    const again = await seedLayerCache({ engines, builds: referenceBuilds(await getCourse()).filter((b) => b.step === 1), scope: "prefix", owner: "test", log, lockWaitMs: 14 * 60_000 });
    expect(again.map((r) => r.outcome)).toEqual(["current"]);
  });

  it("serves the reference's apt-get layer to a fresh engine building the reference Dockerfile", async () => {
    const { ms, log: buildLog } = await buildIn(students[0]!);
    const steps = cachedSteps(buildLog);
    process.stdout.write(
      `step-1 reference build in a fresh engine with the layer cache: ${(ms / 1000).toFixed(1)} s (pull included); ${steps.filter((s) => s.cached).length} of ${steps.length} steps from the cache\n`,
    );
    const apt = steps.find((s) => s.instruction.startsWith("RUN apt-get update"));
    expect(apt?.cached, buildLog.slice(-3000)).toBe(true);
  });

  it("rebuilds a RUN line that differs from the reference, and keeps the cached layers before it", async () => {
    const file = path.join(otherWorkspace, folder, "Dockerfile");
    const original = readFileSync(file, "utf8");
    const changed = original.replace("unzip -q latest.zip", "unzip -qo latest.zip");
    expect(changed).not.toBe(original);
    writeFileSync(file, changed);
    const { ms, log: buildLog } = await buildIn(students[1]!);
    process.stdout.write(`step-1 Dockerfile with its second RUN changed, fresh engine: ${(ms / 1000).toFixed(1)} s\n`);
    const steps = cachedSteps(buildLog);
    expect(steps.find((s) => s.instruction.startsWith("RUN apt-get update"))?.cached, buildLog.slice(-3000)).toBe(true);
    const changedStep = steps.find((s) => s.instruction.includes("unzip -qo latest.zip"));
    expect(changedStep?.cached).toBe(false);
    expect(steps.filter((s) => s.step > changedStep!.step).some((s) => s.cached)).toBe(false);
  });

  it("keeps the student's own cache beside it: a second Check reuses the line they changed, even after a failed build", async () => {
    // Follows the previous test, in the same engine: its changed RUN line was built there once.
    const file = path.join(otherWorkspace, folder, "Dockerfile");
    const changed = readFileSync(file, "utf8");
    const changedLine = (log: string) => cachedSteps(log).find((s) => s.instruction.includes("unzip -qo latest.zip"));
    writeFileSync(file, `${changed.trimEnd()}\nRUN echo own-layer > /own-layer && false\n`);
    const failed = await buildIn(students[1]!, false);
    expect(changedLine(failed.log)?.cached, failed.log.slice(-3000)).toBe(true);
    writeFileSync(file, `${changed.trimEnd()}\nRUN echo own-layer > /own-layer\n`);
    const again = await buildIn(students[1]!);
    process.stdout.write(`second Check of the changed Dockerfile, same engine: ${(again.ms / 1000).toFixed(1)} s\n`);
    expect(changedLine(again.log)?.cached, again.log.slice(-3000)).toBe(true);
    const third = await buildIn(students[1]!);
    expect(
      cachedSteps(third.log).every((s) => s.cached || /^(FROM|CMD|EXPOSE|ENTRYPOINT|ENV|WORKDIR|LABEL|USER)\b/.test(s.instruction)),
      third.log.slice(-3000),
    ).toBe(true);
    writeFileSync(file, changed);
  });

  it("refuses a push from a learner's engine: the cache stays as the server wrote it", async () => {
    const build = { folder, context: ".", dockerfile: "Dockerfile" };
    const repository = layerCacheRepository(build);
    const before = await registryManifestDigest(repository, LAYER_CACHE_CURRENT_TAG);
    expect(before).toBeDefined();
    const engine = await engines.ensure(students[0]!);
    const poison = `${LAYER_CACHE_REGISTRY}/${repository}:${LAYER_CACHE_CURRENT_TAG}`;
    const push = await runAsLearner(engine, `docker pull -q debian:latest >/dev/null && docker tag debian:latest ${poison} && docker push ${poison}`, 180_000);
    expect(push.exitCode, push.output).not.toBe(0);
    expect(push.output).toMatch(/405|Method not allowed/i);
    expect(await registryManifestDigest(repository, LAYER_CACHE_CURRENT_TAG)).toBe(before);
    // The next Check pulls the registry's image again over what the learner tagged under its name.
    expect(await pullLayerCache(engine.inner, layerCacheRef(build))).toBe(layerCacheRef(build));
  });

  it("goes uncached, without failing, when the cache cannot be reached", async () => {
    const engine = await engines.ensure(students[0]!);
    const began = Date.now();
    expect(await pullLayerCache(engine.inner, "registry.invalid:5000/workbench-cache/nothing:current", 30_000)).toBeUndefined();
    expect(await pullLayerCache(engine.inner, `${LAYER_CACHE_REGISTRY}/workbench-cache/never-seeded:current`, 30_000)).toBeUndefined();
    expect(Date.now() - began).toBeLessThan(30_000);
  });
});
