/**
 * A student's first Check of step 1's reference Dockerfile in a fresh engine, with the class-wide
 * layer cache pulled when they save (server/sandbox/layer-cache-prefetch.ts) against pulled by the
 * Check (as before). Each sample: a fresh engine, the reference Dockerfile saved, then
 *   - before: Check at once (the Check pulls the cache, then builds);
 *   - now:    the save starts the pull; the student reads for BENCH_PREFETCH_WAIT_SECONDS (30), then presses Check.
 * Measured: Check pressed → the build's end (no build slot wait: the bench's builds are alone).
 * Step 1's cache is seeded first when the registry lacks it (the server's own seeding, `prefix`).
 *
 *   npx tsx bench/layer-cache-prefetch.ts        (BENCH_PREFETCH_SAMPLES, default 1)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { EngineGradingSandbox } from "../server/sandbox/engine-grading-sandbox";
import { EngineManager } from "../server/sandbox/engine-manager";
import { LEARNER_UID } from "../server/sandbox/engine-options";
import { layerCacheRepository } from "../server/sandbox/layer-cache-ref";
import { registryManifestDigest } from "../server/sandbox/layer-cache-registry";
import { LayerCachePrefetch } from "../server/sandbox/layer-cache-prefetch";
import { seedLayerCache } from "../server/sandbox/layer-cache-seed";
import { referenceBuilds } from "../server/grading-services/reference-builds";
import { createLogger } from "../server/logger";
import { fmtMs, heading, log, machineLine, median, now, runStandalone, sleep, table, type BenchResult } from "./lib/common";
import { STEP1_FOLDER, productionEngineLimits, startTestEngine, step1Lesson, step1Solution, type TestEngine } from "./lib/step1";

const SAMPLES = Math.max(1, Math.min(5, Number(process.env.BENCH_PREFETCH_SAMPLES ?? 1)));
const WAIT_MS = Math.max(0, Number(process.env.BENCH_PREFETCH_WAIT_SECONDS ?? 30)) * 1000;
const build = { folder: STEP1_FOLDER, context: ".", dockerfile: "Dockerfile" };
const load = () => os.loadavg()[0]!.toFixed(1);
const quiet = createLogger({ level: "warn", write: (l) => void process.stderr.write(`${l}\n`) });

function saveReference(engine: TestEngine): void {
  mkdirSync(path.join(engine.workspace, STEP1_FOLDER), { recursive: true });
  writeFileSync(path.join(engine.workspace, STEP1_FOLDER, "Dockerfile"), step1Solution());
  execFileSync("chown", ["-R", `${LEARNER_UID}:${LEARNER_UID}`, engine.workspace]);
}

/** Check pressed → the build's end; and how long the Check's cache stage lasted. */
async function check(engine: TestEngine): Promise<{ ms: number; pullMs: number; joined: boolean }> {
  const sandbox = new EngineGradingSandbox(engine.engine, engine.workspace);
  const began = now();
  let pullBegan: number | undefined;
  let pullMs = 0;
  let joined = false;
  const outcome = await sandbox.build({
    ...build,
    tag: "mon_image_wordpress",
    noCache: false,
    timeoutMs: 900_000,
    onLog: () => undefined,
    onProgress: (message) => {
      if (message.includes("class's cache")) {
        pullBegan = now();
        joined = message.startsWith("Finishing");
      } else if (pullBegan !== undefined && pullMs === 0) pullMs = now() - pullBegan;
    },
  });
  if (!outcome.ok) throw new Error(`the build failed: ${outcome.error}`);
  return { ms: now() - began, pullMs, joined };
}

async function ensureSeeded(): Promise<string> {
  if (await registryManifestDigest(layerCacheRepository(build), "current")) return "already seeded";
  const builds = referenceBuilds([await step1Lesson()]).filter((b) => b.folder === build.folder && b.context === build.context && b.dockerfile === build.dockerfile);
  const engines = new EngineManager({ owner: "test", log: quiet, workspaceHostPath: async () => os.tmpdir(), idleMs: 3_600_000, ...productionEngineLimits(), instanceId: "bench-prefetch-seed" });
  const began = now();
  const [seeded] = await seedLayerCache({ engines, builds, scope: "prefix", owner: "test", log: quiet, lockWaitMs: 20 * 60_000 });
  if (!seeded || !["seeded", "current"].includes(seeded.outcome)) throw new Error(`step 1's cache could not be seeded: ${JSON.stringify(seeded)}`);
  return `seeded in ${fmtMs(now() - began)}`;
}

export async function benchLayerCachePrefetch(): Promise<BenchResult> {
  heading("layer cache: pulled on the save, or by the Check");
  log(machineLine());
  log(`step 1's cache: ${await ensureSeeded()}`);
  const rows: string[][] = [];
  const before: number[] = [];
  const after: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    {
      const engine = await startTestEngine("prefetchbefore");
      const loadBefore = load();
      saveReference(engine);
      const { ms, pullMs } = await check(engine);
      await engine.remove();
      before.push(ms);
      rows.push(["before: the Check pulls", "—", fmtMs(pullMs), fmtMs(ms), `${loadBefore} → ${load()}`]);
      log(rows[rows.length - 1]!.join("  "));
    }
    {
      const engine = await startTestEngine("prefetchnow");
      const loadBefore = load();
      let prefetchMs: number | undefined;
      const prefetch = new LayerCachePrefetch({
        builds: [build],
        engineOf: (studentId) => (studentId === engine.studentId ? engine.engine : undefined),
        readFile: (_studentId, relPath) => readFile(path.join(engine.workspace, relPath), "utf8"),
        perMachine: () => 2,
        log: createLogger({ level: "info", write: (line) => (line.includes("layer cache prefetched") ? (prefetchMs = Number(/"ms":(\d+)/.exec(line)?.[1])) : undefined) }),
      });
      saveReference(engine);
      prefetch.saved(engine.studentId, `${STEP1_FOLDER}/Dockerfile`);
      await sleep(WAIT_MS);
      const { ms, pullMs, joined } = await check(engine);
      await engine.remove();
      after.push(ms);
      const prefetched = prefetchMs === undefined ? `still pulling at ${WAIT_MS / 1000} s` : fmtMs(prefetchMs);
      rows.push([`now: saved, Check ${WAIT_MS / 1000} s later`, prefetched, `${fmtMs(pullMs)}${joined ? " (joined)" : ""}`, fmtMs(ms), `${loadBefore} → ${load()}`]);
      log(rows[rows.length - 1]!.join("  "));
    }
  }
  log(table(["first Check, step 1's reference, fresh engine", "pull on the save", "Check's cache stage", "Check → build's end", "load (1 min)"], rows));
  const line = `Check → build's end, reference Dockerfile, fresh engine: saved ${WAIT_MS / 1000} s before ${fmtMs(median(after))}, the Check pulling ${fmtMs(median(before))} (median of ${SAMPLES})`;
  log(line);
  return {
    name: "layer-cache-prefetch",
    rows: [{ figure: "first Check of the reference (median)", value: `prefetched ${fmtMs(median(after))}, pulled by the Check ${fmtMs(median(before))}`, detail: `${SAMPLES} fresh engines each` }],
    notes: [],
    finalLine: line,
  };
}

export const PREFETCH_LIMIT_MS = 40 * 60_000;

if (require.main === module) runStandalone("layer-cache-prefetch", PREFETCH_LIMIT_MS, benchLayerCachePrefetch);
