/**
 * A class at 9:00: N students (BENCH_CLASS_STUDENTS, default 30) open step 1 at the same moment and
 * press Check within one minute (student i at i × BENCH_CLASS_SPREAD_S / N seconds, once their
 * engine is ready) with the reference solution, over the real websocket of a real workbench
 * (production build, temporary DATA_DIR, engine pool off, the server's own engine limit and queue:
 * server/sandbox/engine-admission.ts). Every student is new, so every build is cold.
 *
 * Prints each student's time to result (Check pressed → check.finished) and build time (the
 * `build` progress stage), p50/p95/max of the time to result, the 1st and the Nth student's cold
 * build (in the order they pressed Check), the floor (the host's plain `docker build --no-cache`
 * of the same Dockerfile with a warm package cache, run first), the host's CPU and memory peaks
 * and the server's RSS peak, and last `class of N: p50 X s, p95 Y s, Nth cold build Z s, floor F s`.
 *
 * N is at most BENCH_CLASS_MAX (60); beyond the server's engine limit students queue for an engine
 * as in class. Every engine this workbench started is removed at the end, on failure and on Ctrl-C.
 *
 *   npm run bench -- class        or        BENCH_CLASS_STUDENTS=3 npx tsx bench/class.ts
 */
import { cacheTraffic, packageCacheLines } from "../server/sandbox/package-cache-log";
import { getHostDocker, ignoreAlreadyDone } from "../server/sandbox/host-docker";
import { fmtMiB, fmtMs, heading, log, machineLine, now, onCleanup, runStandalone, sleep, stats, table, type BenchResult } from "./lib/common";
import { hostBuild, removeHostImage } from "./lib/host-build";
import { hostUsageSampler } from "./lib/host-usage";
import { STEP1_FOLDER, StageClock, groupStages, step1Solution } from "./lib/step1";
import { newStudentCookie, startBenchWorkbench, type BenchWorkbench } from "./lib/workbench";
import { BenchSocket } from "./lib/ws-client";

const MAX_STUDENTS = Math.max(1, Number(process.env.BENCH_CLASS_MAX ?? 60));
const STUDENTS = Math.max(1, Math.min(MAX_STUDENTS, Math.floor(Number(process.env.BENCH_CLASS_STUDENTS ?? 30)) || 30));
const SPREAD_MS = Math.max(0, Number(process.env.BENCH_CLASS_SPREAD_S ?? 60)) * 1000;
/** BENCH_CLASS_FLOOR=0 skips the floor (a quick run; its figures then read n/a). */
const FLOOR = process.env.BENCH_CLASS_FLOOR !== "0";
const ENGINE_TIMEOUT_MS = 30 * 60_000;
const CHECK_TIMEOUT_MS = 30 * 60_000;

interface Student {
  index: number;
  engineMs: number;
  pressedAtMs: number;
  resultMs: number;
  buildMs: number;
  /** The Check's wait for a build slot ("queue" stage), apart from the build. */
  buildWaitMs: number;
  passed: boolean;
  queuedAt?: number;
  error?: string;
}

/** 1st, 2nd, 3rd, 4th, 11th, 21st… */
export function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
  return `${n}${suffix}`;
}

/** The floor with a warm package cache: built again if the first build still fetched from the mirror. */
async function measureFloor(): Promise<{ ms: number; fetchedMiB: number; runs: number }> {
  const tag = `wb-bench-class-floor:${process.pid}`;
  onCleanup(`image ${tag}`, () => removeHostImage(tag));
  for (let run = 1; ; run++) {
    const from = Date.now();
    if (!(await hostBuild(tag))) throw new Error("the floor build (docker build on the host) failed");
    const ms = Date.now() - from;
    await sleep(1000); // the cache's last log lines
    const traffic = cacheTraffic(await packageCacheLines(from, Date.now()));
    const fetchedMiB = traffic.fromMirror / 1024 / 1024;
    log(`floor build ${run}: ${fmtMs(ms)}; ${fmtMiB(traffic.fromMirror)} fetched from the mirror, ${fmtMiB(traffic.fromCache)} from the package cache`);
    if (fetchedMiB < 1 || run === 2) return { ms, fetchedMiB, runs: run };
  }
}

async function oneStudent(wb: BenchWorkbench, index: number, classStart: number): Promise<Student> {
  const student: Student = { index, engineMs: NaN, pressedAtMs: NaN, resultMs: NaN, buildMs: NaN, buildWaitMs: NaN, passed: false };
  try {
    const cookie = await newStudentCookie(wb, "/steps/1");
    const socket = await BenchSocket.open(wb, cookie.header);
    socket.onMessage = (m) => {
      if (m.type === "engine.status" && m.queue && student.queuedAt === undefined) student.queuedAt = m.queue.position;
    };
    const ready = await socket.next("engine.status", ENGINE_TIMEOUT_MS, (m) => m.state === "ready" || m.state === "error");
    if (ready.state === "error") throw new Error(`engine error: ${ready.message}`);
    student.engineMs = now() - classStart;
    // The student writes their Dockerfile once their terminal is there, and the editor saves it (which starts the layer cache's pull).
    const target = `${wb.url}/api/files/content?path=${encodeURIComponent(`${STEP1_FOLDER}/Dockerfile`)}`;
    const saved = await fetch(target, { method: "PUT", headers: { Cookie: cookie.header, Origin: wb.url, "Content-Type": "text/plain" }, body: step1Solution() });
    if (!saved.ok) throw new Error(`saving the solution failed: HTTP ${saved.status} ${await saved.text()}`);
    const pressAt = classStart + (index * SPREAD_MS) / STUDENTS;
    if (pressAt > now()) await sleep(pressAt - now());
    const clock = new StageClock();
    socket.onMessage = (m, at) => {
      if (m.type === "check.progress") clock.progress(m.stage, at);
    };
    const pressed = now();
    student.pressedAtMs = pressed - classStart;
    clock.progress("request", pressed);
    socket.send({ type: "check.run", step: 1 });
    const finished = await socket.next("check.finished", CHECK_TIMEOUT_MS);
    student.resultMs = now() - pressed;
    clock.close();
    const stages = groupStages(clock.times);
    student.buildMs = stages.build;
    student.buildWaitMs = stages.queue;
    student.passed = finished.passed;
    if (!finished.passed)
      student.error = `not passed: ${finished.results
        .filter((r) => r.status !== "pass")
        .map((r) => `${r.id}=${r.status}`)
        .join(", ")}`;
    await socket.closeNow();
  } catch (error) {
    student.error = error instanceof Error ? error.message : String(error);
  }
  return student;
}

/** Removes every engine container (and its volumes) of this workbench: after its own shutdown, whatever it left. */
async function removeEnginesOf(wb: BenchWorkbench | undefined): Promise<void> {
  if (!wb) return;
  const left = await wb.engines().catch(() => []);
  if (left.length) log(`removing ${left.length} engine(s) the workbench left`);
  await Promise.all(left.map((e) => ignoreAlreadyDone(() => getHostDocker().getContainer(e.id).remove({ force: true, v: true })).catch(() => undefined)));
}

export async function benchClass(): Promise<BenchResult> {
  heading(`class: ${STUDENTS} students open step 1 and press Check within ${fmtMs(SPREAD_MS)}`);
  log(machineLine());
  const floor = FLOOR ? await measureFloor() : { ms: NaN, fetchedMiB: NaN, runs: 0 };

  let wb: BenchWorkbench | undefined;
  // Registered first, so it runs last: after the workbench has stopped (and removed its engines itself).
  onCleanup("engines of the class's workbench", () => removeEnginesOf(wb));
  wb = await startBenchWorkbench({ ENGINE_POOL_SIZE: "0" });
  const usage = hostUsageSampler(wb.pid);
  const classStart = now();
  const students = await Promise.all(Array.from({ length: STUDENTS }, (_, i) => oneStudent(wb!, i, classStart)));
  const classMs = now() - classStart;
  const peaks = usage.stop();
  const engineLimit = wb.logLines().find((l) => l["msg"] === "engine limit")?.["maxRunning"];
  const buildSlots = wb.logLines().find((l) => l["msg"] === "build slot limit")?.["perMachine"];

  log(
    table(
      ["student", "engine ready", "pressed Check", "time to result", "build slot wait", "build (cold)", "queued at", ""],
      students.map((s) => [
        ordinal(s.index + 1),
        fmtMs(s.engineMs),
        fmtMs(s.pressedAtMs),
        fmtMs(s.resultMs),
        fmtMs(s.buildWaitMs),
        fmtMs(s.buildMs),
        s.queuedAt ? `#${s.queuedAt}` : "",
        s.error ?? "",
      ]),
    ),
  );
  const done = students.filter((s) => Number.isFinite(s.resultMs));
  const failed = students.filter((s) => s.error);
  const results = stats(done.map((s) => s.resultMs));
  const p95 = [...done.map((s) => s.resultMs)].sort((a, b) => a - b)[Math.max(0, Math.ceil(0.95 * done.length) - 1)] ?? NaN;
  const first = students[0]!;
  const last = students[STUDENTS - 1]!;
  const nth = ordinal(STUDENTS);
  const secs = (ms: number) => (Number.isFinite(ms) ? (ms / 1000).toFixed(1) : "n/a");

  log(`time to result: p50 ${fmtMs(results.median)}, p95 ${fmtMs(p95)}, max ${fmtMs(results.max)} (${done.length} of ${STUDENTS} finished, ${failed.length} with an error or a failing check)`);
  log(`cold build: 1st student ${fmtMs(first.buildMs)}, ${nth} student ${fmtMs(last.buildMs)}; floor ${fmtMs(floor.ms)} (${floor.fetchedMiB.toFixed(1)} MiB from the mirror)`);
  const waits = stats(done.map((s) => s.buildWaitMs));
  log(`build slot wait (not in the builds above): p50 ${fmtMs(waits.median)}, max ${fmtMs(waits.max)}, ${nth} student ${fmtMs(last.buildWaitMs)}; ${String(buildSlots ?? "?")} build slots`);
  log(`whole class: ${fmtMs(classMs)} from the pages opening to the last result; engine limit ${String(engineLimit ?? "?")}`);
  // The save starts the layer cache's pull ahead of the Check (server/sandbox/layer-cache-prefetch.ts): what the server did with the students' saves.
  const prefetchLines = wb.logLines().filter((l) => typeof l["msg"] === "string" && String(l["msg"]).startsWith("layer cache prefetch"));
  const prefetched = prefetchLines.filter((l) => l["msg"] === "layer cache prefetched");
  log(
    `layer cache pulled on save: ${prefetchLines.filter((l) => l["msg"] === "layer cache prefetch").length} begun, ${prefetched.length} done (${prefetched.filter((l) => l["pulled"]).length} pulled), ${prefetchLines.filter((l) => String(l["msg"]).includes("failed")).length} failed`,
  );
  log(
    `peaks: host CPU ${peaks.cpuPercent.toFixed(0)} % of ${peaks.cores} cores, host memory used ${fmtMiB(peaks.memUsedBytes)} (${fmtMiB(peaks.memUsedBeforeBytes)} before), server RSS ${fmtMiB(peaks.serverRssBytes)}`,
  );
  log(machineLine());
  await wb.close();

  const finalLine = `class of ${STUDENTS}: p50 ${secs(results.median)} s, p95 ${secs(p95)} s, ${nth} cold build ${secs(last.buildMs)} s, floor ${secs(floor.ms)} s`;
  return {
    name: "class",
    rows: [
      {
        figure: `class: time to result, p50 / p95 / max`,
        value: fmtMs(results.median),
        detail: `p95 ${fmtMs(p95)}, max ${fmtMs(results.max)}; ${done.length} of ${STUDENTS} finished, ${failed.length} errors or failing checks`,
      },
      { figure: "class: 1st student's cold build", value: fmtMs(first.buildMs), detail: `time to result ${fmtMs(first.resultMs)}` },
      {
        figure: `class: ${nth} student's cold build`,
        value: fmtMs(last.buildMs),
        detail: `time to result ${fmtMs(last.resultMs)}; ${(last.buildMs / floor.ms).toFixed(2)}× the floor; waited ${fmtMs(last.buildWaitMs)} for a build slot before it`,
      },
      { figure: "class: build slot wait, p50 / max", value: fmtMs(waits.median), detail: `max ${fmtMs(waits.max)}; ${String(buildSlots ?? "?")} build slots (CHECK_BUILD_SLOTS)` },
      { figure: "class: floor (docker build on the host)", value: fmtMs(floor.ms), detail: `--no-cache, warm package cache (${floor.fetchedMiB.toFixed(1)} MiB from the mirror), no engine limits` },
      {
        figure: "class: host CPU / memory peak",
        value: `${peaks.cpuPercent.toFixed(0)} %`,
        detail: `of ${peaks.cores} cores; memory used ${fmtMiB(peaks.memUsedBytes)} (${fmtMiB(peaks.memUsedBeforeBytes)} before); server RSS ${fmtMiB(peaks.serverRssBytes)}`,
      },
    ],
    notes: [`students pressed Check ${fmtMs(SPREAD_MS / STUDENTS)} apart, each once their engine was ready; engine limit ${String(engineLimit ?? "?")}; every student new (cold build cache)`],
    finalLine,
  };
}

export const CLASS_LIMIT_MS = 120 * 60_000;

if (require.main === module) runStandalone("class", CLASS_LIMIT_MS, benchClass);
