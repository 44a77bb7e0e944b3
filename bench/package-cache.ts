/**
 * The class-wide Debian package cache on step 1's cold build (the reference Dockerfile, no build
 * cache): where the bytes come from and how long the build takes, beside the plain docker CLI.
 *
 * 1. warm-up: one student's engine builds step 1 (fills the package cache if it was empty; its
 *    figure shows what the first student of a class pays);
 * 2. floor: `docker build --no-cache` of the same Dockerfile with the host's docker CLI, on the
 *    learners' network, so it meets the same warm package cache: no engine, no limits;
 * 3. class: BENCH_CACHE_STUDENTS (default 3) fresh engines with the production limits build it at
 *    the same moment, as students pressing Check at the same minute.
 * Per build: duration, and the bytes the package cache served from its disk vs fetched from the
 * mirror (its access log, server/sandbox/package-cache-log.ts).
 *
 *   npm run bench -- cache        or        npx tsx bench/package-cache.ts
 */
import { chownSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { EngineGradingSandbox } from "../server/sandbox/engine-grading-sandbox";
import { LEARNER_UID } from "../server/sandbox/engine-options";
import { cacheTraffic, packageCacheLines } from "../server/sandbox/package-cache-log";
import { fmtMiB, fmtMs, heading, log, machineLine, onCleanup, runStandalone, sleep, table, type BenchResult } from "./lib/common";
import { hostBuild, removeHostImage } from "./lib/host-build";
import { STEP1_FOLDER, describeLimits, productionEngineLimits, startTestEngine, step1Solution, type TestEngine } from "./lib/step1";

const STUDENTS = Math.max(1, Math.min(8, Number(process.env.BENCH_CACHE_STUDENTS ?? 3)));
const BUILD_TIMEOUT_MS = 20 * 60_000;

interface Build {
  label: string;
  ms: number;
  ok: boolean;
  fromCache: number;
  fromMirror: number;
  requests: number;
}

async function measured(label: string, build: () => Promise<boolean>): Promise<Build> {
  const from = Date.now();
  const ok = await build();
  const to = Date.now();
  await sleep(1000); // the cache's last log lines
  const traffic = cacheTraffic(await packageCacheLines(from, to + 1000));
  return { label, ms: to - from, ok, ...traffic };
}

async function engineBuild(engine: TestEngine, tag: string): Promise<boolean> {
  const folder = path.join(engine.workspace, STEP1_FOLDER);
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, "Dockerfile"), step1Solution());
  chownSync(folder, LEARNER_UID, LEARNER_UID);
  chownSync(path.join(folder, "Dockerfile"), LEARNER_UID, LEARNER_UID);
  const outcome = await new EngineGradingSandbox(engine.engine, engine.workspace).build({
    folder: STEP1_FOLDER,
    context: ".",
    dockerfile: "Dockerfile",
    tag,
    noCache: true,
    timeoutMs: BUILD_TIMEOUT_MS,
    onLog: () => undefined,
    onProgress: () => undefined,
  });
  if (!outcome.ok) log(`  ${engine.studentId}: build failed: ${outcome.error ?? ""}\n${outcome.logTail.slice(-1500)}`);
  return outcome.ok;
}

export async function benchPackageCache(): Promise<BenchResult> {
  heading(`package cache: step 1 built cold, ${STUDENTS} students at once`);
  log(machineLine());
  const limits = productionEngineLimits();
  const builds: Build[] = [];

  const first = await startTestEngine("cachewarm", limits);
  builds.push(await measured("warm-up: one student (the cache filled if it was empty)", () => engineBuild(first, "wb-bench-cache")));
  await first.remove();

  const floorTag = `wb-bench-cache-floor:${process.pid}`;
  onCleanup(`image ${floorTag}`, () => removeHostImage(floorTag));
  builds.push(await measured("floor: docker build --no-cache on the host, warm package cache", () => hostBuild(floorTag)));

  const engines = await Promise.all(Array.from({ length: STUDENTS }, (_, i) => startTestEngine(`cache${i + 1}`, limits)));
  // At the same moment the cache's log cannot tell whose request a line is: the class's traffic is
  // counted once, over the window of all the builds.
  const perStudent: Build[] = [];
  const classBuild = await measured(`class: ${STUDENTS} students at the same moment (all of them)`, async () => {
    const oks = await Promise.all(
      engines.map(async (engine, i) => {
        const began = Date.now();
        const ok = await engineBuild(engine, "wb-bench-cache");
        perStudent.push({ label: `  student ${i + 1} of ${STUDENTS}`, ms: Date.now() - began, ok, fromCache: Number.NaN, fromMirror: Number.NaN, requests: Number.NaN });
        return ok;
      }),
    );
    return oks.every(Boolean);
  });
  builds.push(classBuild, ...perStudent.sort((a, b) => a.label.localeCompare(b.label)));
  for (const engine of engines) await engine.remove();

  const cell = (n: number, format: (n: number) => string) => (Number.isNaN(n) ? "" : format(n));
  log(
    table(
      ["build", "duration", "from the cache", "from the mirror", "requests", ""],
      builds.map((b) => [b.label, fmtMs(b.ms), cell(b.fromCache, fmtMiB), cell(b.fromMirror, fmtMiB), cell(b.requests, String), b.ok ? "" : "FAILED"]),
    ),
  );
  const floor = builds[1]!;
  const slowest = perStudent.reduce((a, b) => (b.ms > a.ms ? b : a));
  return {
    name: "package-cache",
    rows: [
      {
        figure: "cache: step 1 cold build, first student",
        value: fmtMs(builds[0]!.ms),
        detail: `${fmtMiB(builds[0]!.fromMirror)} fetched from the mirror, ${fmtMiB(builds[0]!.fromCache)} from the cache`,
      },
      { figure: "cache: floor (docker CLI on the host)", value: fmtMs(floor.ms), detail: "same Dockerfile, --no-cache, warm package cache, no engine limits" },
      {
        figure: `cache: ${STUDENTS} students at once, slowest`,
        value: fmtMs(slowest.ms),
        detail: `${(slowest.ms / floor.ms).toFixed(2)}× one floor build, ${(slowest.ms / (STUDENTS * floor.ms)).toFixed(2)}× ${STUDENTS} floor builds in a row; ${fmtMiB(classBuild.fromMirror)} fetched from the mirror, ${fmtMiB(classBuild.fromCache)} from the cache`,
      },
    ],
    notes: [`engine limits ${describeLimits(limits)} each; the floor has none, and ${STUDENTS} builds share this machine's cores`],
  };
}

export const CACHE_LIMIT_MS = 45 * 60_000;

if (require.main === module) runStandalone("package-cache", CACHE_LIMIT_MS, benchPackageCache);
