/**
 * What the class-wide layer cache costs a student's first Check when their Dockerfile cannot use
 * it (its first RUN is not the reference's): each sample builds such a step-1 Dockerfile in a fresh
 * engine (nothing in its build cache) twice, as the grader does now (the server reads the cached
 * image's history and pulls nothing) and as it did before (the step's cache pulled first, ≈ 1 GB
 * unpacked). The engine start is not counted; the pull happens only at a Check, never at engine start.
 *
 *   npx tsx bench/layer-cache-first-check.ts        (BENCH_FIRST_CHECK_SAMPLES, default 2)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { EngineGradingSandbox } from "../server/sandbox/engine-grading-sandbox";
import { LEARNER_UID } from "../server/sandbox/engine-options";
import { layerCacheRef, layerCacheRepository } from "../server/sandbox/layer-cache-ref";
import { pullLayerCache } from "../server/sandbox/layer-cache-pull";
import { registryManifestDigest } from "../server/sandbox/layer-cache-registry";
import { fmtMs, heading, log, machineLine, median, runStandalone, table, type BenchResult } from "./lib/common";
import { STEP1_FOLDER, startTestEngine, type TestEngine } from "./lib/step1";

const SAMPLES = Math.max(1, Math.min(5, Number(process.env.BENCH_FIRST_CHECK_SAMPLES ?? 2)));
const OWN_DOCKERFILE = 'FROM debian:latest\nRUN echo my own first line > /mine\nCMD ["bash"]\n';
const build = { folder: STEP1_FOLDER, context: ".", dockerfile: "Dockerfile" };
const load = () => os.loadavg()[0]!.toFixed(1);

async function firstCheck(engine: TestEngine, pullFirst: boolean): Promise<{ pullMs: number; buildMs: number }> {
  mkdirSync(path.join(engine.workspace, STEP1_FOLDER), { recursive: true });
  writeFileSync(path.join(engine.workspace, STEP1_FOLDER, "Dockerfile"), OWN_DOCKERFILE);
  execFileSync("chown", ["-R", `${LEARNER_UID}:${LEARNER_UID}`, engine.workspace]);
  let pullMs = 0;
  if (pullFirst) {
    const began = performance.now();
    if (!(await pullLayerCache(engine.engine.inner, layerCacheRef(build)))) throw new Error("the step-1 cache could not be pulled");
    pullMs = performance.now() - began;
  }
  const sandbox = new EngineGradingSandbox(engine.engine, engine.workspace);
  const outcome = await sandbox.build({ ...build, tag: "mon_image_wordpress", noCache: false, timeoutMs: 600_000, onLog: () => undefined, onProgress: () => undefined });
  if (!outcome.ok) throw new Error(`the build failed: ${outcome.error}`);
  return { pullMs, buildMs: outcome.durationMs };
}

export async function benchLayerCacheFirstCheck(): Promise<BenchResult> {
  heading("layer cache: a first Check whose Dockerfile cannot use it");
  log(machineLine());
  if (!(await registryManifestDigest(layerCacheRepository(build), "current"))) throw new Error("step 1 has no layer cache in the registry: start the server once (WB_LAYER_CACHE=prefix) to seed it");
  const rows: string[][] = [];
  const now: number[] = [];
  const before: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    for (const pullFirst of [false, true]) {
      const engine = await startTestEngine(pullFirst ? "firstcheckbefore" : "firstchecknow");
      const loadBefore = load();
      const { pullMs, buildMs } = await firstCheck(engine, pullFirst);
      await engine.remove();
      (pullFirst ? before : now).push(pullMs + buildMs);
      rows.push([pullFirst ? "before (cache pulled first)" : "now (no pull)", fmtMs(pullMs), fmtMs(buildMs), fmtMs(pullMs + buildMs), `${loadBefore} → ${load()}`]);
      log(rows[rows.length - 1]!.join("  "));
    }
  }
  log(table(["first Check", "pull", "build", "total", "load (1 min)"], rows));
  const line = `first Check, own first RUN: now ${fmtMs(median(now))}, before ${fmtMs(median(before))} (median of ${SAMPLES})`;
  log(line);
  return {
    name: "layer-cache-first-check",
    rows: [{ figure: "first Check, own first RUN (median)", value: `now ${fmtMs(median(now))}, before ${fmtMs(median(before))}`, detail: `${SAMPLES} fresh engines each` }],
    notes: [],
    finalLine: line,
  };
}

export const FIRST_CHECK_LIMIT_MS = 20 * 60_000;

if (require.main === module) runStandalone("layer-cache-first-check", FIRST_CHECK_LIMIT_MS, benchLayerCacheFirstCheck);
