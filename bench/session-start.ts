/**
 * Session start: from opening step 1 in a browser (page.goto starts) to a working Docker prompt.
 * As soon as the terminal shows the shell prompt, the script types
 *   docker version --format '{{.Server.Version}}'
 * and stops the clock when the version appears on a line of its own. Each sample is a fresh
 * student (a new browser context: no cookie).
 *
 * - cold: ENGINE_POOL_SIZE=0, the student's engine starts when the page connects.
 * - pool: ENGINE_POOL_SIZE=2; before each sample, wait until 2 spare engines of this workbench
 *   are up and ready (`docker ps --filter label=org.dockerworkbench.role=engine`, this workbench's
 *   deployment label, minus engines earlier samples were given; ready = the entrypoint's ready
 *   file). If the server starts no engine ahead of demand, the pool is reported as not
 *   available, without a number.
 *
 * The command is entered with one insertText (then Enter) rather than key by key, so the figure
 * is not Playwright's typing speed; the typing time is still shown (and counted in the total).
 *
 * - pool-late: as pool, with the step page's early engine request (lib/engine-prewarm.ts) blocked
 *   in the browser. Before the page's early socket (app/_components/socket/early-socket.ts) that
 *   meant the engine was asked for only once the page's scripts had loaded (issue 13's first
 *   "before"); since then the early socket, opened by the page's inline script, asks for it too.
 *
 * - pool-no-boot: as pool, with xterm's modules for the page's boot script (app/terminal-boot/)
 *   blocked in the browser: the terminal is opened by React alone, as before the boot script
 *   existed (its "before", in the same build).
 *
 * - returning: ENGINE_POOL_SIZE=0, ENGINE_IDLE_MINUTES=1; each sample is a student who came
 *   before (a first visit to a prompt, then the page closed and, a minute later, their engine
 *   removed as idle) opening step 1 again with their cookie: the server starts their engine as
 *   soon as the page is requested, while its scripts load (EngineManager.prewarm).
 *
 * Earlier samples' engines stay up (idle) until the mode's workbench stops, in cold and pool.
 *
 * Each sample also gives when the server had the student's engine (the pool hand-over or the
 * start logged as ready) since page.goto started, from the server's log clock.
 *
 *   npm run bench -- session        or        npx tsx bench/session-start.ts [cold|pool|pool-late|pool-no-boot|returning]
 */
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { engineReady } from "./lib/docker";
import { fmtMs, heading, log, machineLine, median, now, onCleanup, runStandalone, sleep, table, type BenchResult, type SummaryRow } from "./lib/common";
import { engineStartLog, startBenchWorkbench, type BenchWorkbench } from "./lib/workbench";
import { STUDENT_COOKIE } from "../server/identity/student-cookie";
import { PROMPT_AT_END, stripAnsi } from "./lib/ws-client";
import { ENGINE_PREWARM_PATH } from "../lib/engine-prewarm";
import { PAGE_MARKS } from "../app/_components/page-marks";
import { TERMINAL_BOOT_PATH } from "../app/_components/terminal/terminal-boot-script";

const SAMPLES = Number(process.env.BENCH_SESSION_SAMPLES ?? 3);
const POOL_SIZE = 2;
const POOL_WARM_TIMEOUT_MS = 120_000;
const SAMPLE_TIMEOUT_MS = 180_000;
const RETURNING_IDLE_TIMEOUT_MS = 150_000;
const COMMAND = "docker version --format '{{.Server.Version}}'";

interface Sample {
  /** page.goto started → the version is on screen. */
  totalMs: number;
  /** page.goto started → the load event. */
  loadMs: number;
  /** page.goto started → the page's websocket opened (Playwright's websocket event). */
  wsOpenMs: number;
  /** Websockets to /ws the page opened (one since the workbench takes over the page's early socket). */
  sockets: number;
  /** page.goto started → the page sent its first terminal.attach (the early socket's, as soon as it opened; before it, once xterm was up). */
  attachSentMs: number;
  /** page.goto started → engine.status ready reached the page. */
  engineFrameMs: number;
  /** page.goto started → first terminal.output frame. */
  firstOutputFrameMs: number;
  /** page.goto started → the frames so far hold the prompt (before xterm draws it). */
  promptFrameMs: number;
  /** page.goto started → the prompt is on screen. */
  promptMs: number;
  /** prompt → command typed (Playwright keystrokes). */
  typeMs: number;
  /** command typed → version on screen. */
  versionMs: number;
  /** What the server logged for this student's engine: start to ready, or the pool hand-over. */
  serverEngineMs: number | undefined;
  /** page.goto started → the server logged the student's engine handed over or ready (its clock; same host). */
  serverEngineAtMs: number;
  /** page.goto started → the server had the page's websocket upgrade request / sent it the engine ready message (its log clock). */
  serverUpgradeAtMs: number;
  serverReadySentAtMs: number;
  /** The server's "shell started ahead" line: the exec opened / bash's first output, since the start was asked; and when it logged that, since page.goto. */
  serverShellOpenMs: number;
  serverShellPromptMs: number;
  serverShellAtMs: number;
  /** The shell was the one the pool engine started before any student had it (server/sandbox/shell-ahead.ts); its own bash's first output then, since it was asked. */
  serverShellPooled: boolean;
  serverPoolShellPromptMs: number;
  /** The page's own clock, shifted to page.goto's start: the HTML's first byte, DOMContentLoaded, the last of its scripts received, and the page's marks (app/_components/page-marks.ts). */
  htmlFirstByteMs: number;
  /** The page made its first WebSocket (its own clock: the constructor called, before any network event). */
  socketMadeMs: number;
  domReadyMs: number;
  scriptsDoneMs: number;
  hydratedMs: number;
  terminalOpenMs: number;
  terminalDrawnMs: number;
  editorMountedMs: number;
  /** The terminal view adopted the xterm the page's boot script drew before React (NaN: none to adopt); xterm's modules for that script received. */
  terminalAdoptedMs: number;
  bootModulesMs: number;
  /** Main-thread tasks over 50 ms (the browser's longtask entries) that began before the prompt was on screen: their sum and the longest. */
  longTasksMs: number;
  longestTaskMs: number;
  /** The server handed over a pool engine (from its log). */
  fromPool: boolean | undefined;
  /** The engine container the student got (from the server's log). */
  container: string | undefined;
  version: string;
}

export type SessionMode = "cold" | "pool" | "pool-late" | "pool-no-boot" | "returning";
const MODES: SessionMode[] = ["cold", "pool", "pool-late", "pool-no-boot", "returning"];
const isPoolMode = (mode: SessionMode) => mode === "pool" || mode === "pool-late" || mode === "pool-no-boot";
type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;

export interface ModeOutcome {
  mode: SessionMode;
  samples: Sample[];
  /** Why there are no figures (e.g. the pool is not implemented). */
  unavailable?: string;
  notes: string[];
}

/** One student opening step 1 (a new one, or one who came before: their cookies in `state`). */
async function sample(browser: Browser, wb: BenchWorkbench, state?: StorageState, blockEarlyRequest = false, blockBoot = false): Promise<Sample & { state: StorageState }> {
  const context = await browser.newContext({ viewport: { width: 1500, height: 950 }, ...(state ? { storageState: state } : {}) });
  const closeContext = onCleanup("browser context", () => context.close());
  try {
    if (blockEarlyRequest) await context.route(`**${ENGINE_PREWARM_PATH}`, (route) => route.abort());
    if (blockBoot) await context.route(`**${TERMINAL_BOOT_PATH}/**`, (route) => route.abort());
    await context.addInitScript(LONG_TASK_RECORDER);
    const page = await context.newPage();
    const wallT0 = Date.now();
    const t0 = now();
    let loadMs = NaN;
    page.once("load", () => (loadMs = now() - t0));
    const frames = { wsOpenMs: NaN, attachSentMs: NaN, engineFrameMs: NaN, firstOutputFrameMs: NaN, promptFrameMs: NaN };
    let output = "";
    let sockets = 0;
    page.on("websocket", (ws) => {
      if (!ws.url().endsWith("/ws")) return;
      sockets += 1;
      if (Number.isNaN(frames.wsOpenMs)) frames.wsOpenMs = now() - t0;
      ws.on("framesent", ({ payload }) => {
        if (Number.isNaN(frames.attachSentMs) && String(payload).includes('"terminal.attach"')) frames.attachSentMs = now() - t0;
      });
      ws.on("framereceived", ({ payload }) => {
        const at = now() - t0;
        let m: { type?: string; state?: string; data?: string };
        try {
          m = JSON.parse(String(payload)) as typeof m;
        } catch {
          return;
        }
        if (m.type === "engine.status" && m.state === "ready" && Number.isNaN(frames.engineFrameMs)) frames.engineFrameMs = at;
        if (m.type === "terminal.output" && typeof m.data === "string") {
          if (Number.isNaN(frames.firstOutputFrameMs)) frames.firstOutputFrameMs = at;
          output += m.data;
          if (Number.isNaN(frames.promptFrameMs) && PROMPT_AT_END.test(stripAnsi(output))) frames.promptFrameMs = at;
        }
      });
    });
    await page.goto(`${wb.url}/steps/1`, { waitUntil: "commit", timeout: SAMPLE_TIMEOUT_MS });
    // The prompt: learner@host:dir$ on the last non-empty row.
    await page.waitForFunction(
      () => {
        const rows = document.querySelector<HTMLElement>('[data-testid="terminal"] .xterm-rows');
        return /learner@[\w.-]+:[^\n]*\$\s*$/.test(rows?.innerText ?? "");
      },
      undefined,
      { polling: 20, timeout: SAMPLE_TIMEOUT_MS },
    );
    const promptMs = now() - t0;
    await page.getByTestId("terminal").click();
    await page.keyboard.insertText(COMMAND);
    await page.keyboard.press("Enter");
    const typedMs = now() - t0;
    const handle = await page.waitForFunction(
      () => {
        const rows = document.querySelector<HTMLElement>('[data-testid="terminal"] .xterm-rows');
        return /^\s*(\d+\.\d+\.\d+\S*)\s*$/m.exec(rows?.innerText ?? "")?.[1] ?? false;
      },
      undefined,
      { polling: 20, timeout: SAMPLE_TIMEOUT_MS },
    );
    const totalMs = now() - t0;
    const version = String(await handle.jsonValue());
    const pageTimes = await readPageTimes(page, wallT0, promptMs);
    const cookie = (await context.cookies()).find((c) => c.name === STUDENT_COOKIE);
    const studentId = cookie ? wb.studentOf(decodeURIComponent(cookie.value)) : null;
    const started = studentId ? engineStartLog(wb, studentId, wallT0) : undefined;
    const told = studentId ? readyToldLog(wb, studentId, wallT0) : undefined;
    const shell = studentId ? shellStartLog(wb, studentId, wallT0) : undefined;
    return {
      totalMs,
      loadMs,
      ...frames,
      sockets,
      ...pageTimes,
      promptMs,
      typeMs: typedMs - promptMs,
      versionMs: totalMs - typedMs,
      serverEngineMs: started?.readyMs,
      serverEngineAtMs: started ? started.at - wallT0 : NaN,
      serverUpgradeAtMs: told ? told.upgradeAt - wallT0 : NaN,
      serverReadySentAtMs: told ? told.at - wallT0 : NaN,
      serverShellOpenMs: shell?.openMs ?? NaN,
      serverShellPromptMs: shell?.promptMs ?? NaN,
      serverShellAtMs: shell ? shell.at - wallT0 : NaN,
      serverShellPooled: shell?.pooled ?? false,
      serverPoolShellPromptMs: shell?.pooledPromptMs ?? NaN,
      fromPool: started?.fromPool,
      container: started?.container,
      version,
      state: await context.storageState(),
    };
  } finally {
    await closeContext();
  }
}

/** Run in the page before its own scripts: notes when the page made its first WebSocket (the same socket, through a wrapper), and keeps the browser's long tasks (over 50 ms) as [start, duration]. */
const LONG_TASK_RECORDER =
  `(function(){var R=window.WebSocket;window.__benchSocketMadeAt=NaN;function W(u,p){if(window.__benchSocketMadeAt!==window.__benchSocketMadeAt)window.__benchSocketMadeAt=performance.now();return p===undefined?new R(u):new R(u,p)}` +
  `W.prototype=R.prototype;W.CONNECTING=0;W.OPEN=1;W.CLOSING=2;W.CLOSED=3;window.WebSocket=W})();` +
  `window.__benchLongTasks=[];try{new PerformanceObserver(function(l){l.getEntries().forEach(function(e){window.__benchLongTasks.push([e.startTime,e.duration])})}).observe({type:"longtask",buffered:true})}catch(e){}`;

/** The page's timings, moved from its clock (performance.timeOrigin) to ms since page.goto started. */
async function readPageTimes(page: Page, wallT0: number, promptMs: number) {
  // No named functions inside: tsx would wrap them with a helper the page does not have.
  const raw = await page.evaluate(
    (names) => ({
      origin: performance.timeOrigin,
      firstByte: (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined)?.responseStart ?? NaN,
      domReady: (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined)?.domContentLoadedEventEnd ?? NaN,
      scriptResponses: performance
        .getEntriesByType("resource")
        .filter((r) => (r as PerformanceResourceTiming).initiatorType === "script")
        .map((r) => [r.startTime, (r as PerformanceResourceTiming).responseEnd] as [number, number]),
      marks: names.map((name) => performance.getEntriesByName(name, "mark")[0]?.startTime ?? NaN),
      socketMade: (window as unknown as { __benchSocketMadeAt?: number }).__benchSocketMadeAt ?? NaN,
      longTasks: ((window as unknown as { __benchLongTasks?: [number, number][] }).__benchLongTasks ?? []).slice(),
      bootModules: performance
        .getEntriesByType("resource")
        .filter((r) => r.name.includes("/terminal-boot/"))
        .map((r) => (r as PerformanceResourceTiming).responseEnd),
    }),
    [PAGE_MARKS.hydrated, PAGE_MARKS.terminalOpen, PAGE_MARKS.terminalDrawn, PAGE_MARKS.editorMounted, PAGE_MARKS.terminalAdopted],
  );
  const [hydrated, terminalOpen, terminalDrawn, editorMounted, terminalAdopted] = raw.marks as [number, number, number, number, number];
  const shift = raw.origin - wallT0;
  const at = (ms: number) => ms + shift;
  const before = raw.longTasks.filter(([start]) => at(start) < promptMs);
  return {
    htmlFirstByteMs: at(raw.firstByte),
    socketMadeMs: at(raw.socketMade),
    domReadyMs: at(raw.domReady),
    // The page's own scripts (asked for before DOMContentLoaded), not those loaded later (Monaco's).
    scriptsDoneMs: at(Math.max(-Infinity, ...raw.scriptResponses.filter(([start]) => start < raw.domReady).map(([, end]) => end))),
    hydratedMs: at(hydrated),
    terminalOpenMs: at(terminalOpen),
    terminalDrawnMs: at(terminalDrawn),
    editorMountedMs: at(editorMounted),
    terminalAdoptedMs: at(terminalAdopted),
    bootModulesMs: raw.bootModules.length > 0 ? at(Math.max(...raw.bootModules)) : NaN,
    longTasksMs: before.reduce((sum, [, duration]) => sum + duration, 0),
    longestTaskMs: Math.max(0, ...before.map(([, duration]) => duration)),
  };
}

/**
 * Waits until at least `want` spare engines (running, ready, not given to an earlier sample) of
 * this workbench are up. `warm` false when it gave up.
 */
async function waitForPool(wb: BenchWorkbench, used: Set<string>, want: number, timeoutMs: number): Promise<{ warm: boolean; free: number; total: number }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const engines = (await wb.engines()).filter((e) => e.running);
    const spare = engines.filter((e) => !used.has(e.name));
    const free = (await Promise.all(spare.map((e) => engineReady(e.id)))).filter(Boolean).length;
    if (free >= want || Date.now() > deadline) return { warm: free >= want, free, total: engines.length };
    await sleep(1000);
  }
}

/** Waits until the engine container is gone (removed as idle); false when it gave up. */
async function waitForRemoval(wb: BenchWorkbench, container: string | undefined, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!(await wb.engines()).some((e) => e.name === container)) return true;
    await sleep(1000);
  }
  return false;
}

async function runMode(browser: Browser, mode: SessionMode): Promise<ModeOutcome> {
  heading(
    `session start: ${mode}${isPoolMode(mode) ? ` (ENGINE_POOL_SIZE=${POOL_SIZE}${mode === "pool-late" ? ", early engine request blocked" : mode === "pool-no-boot" ? ", the boot script's xterm modules blocked" : ""})` : mode === "returning" ? " (ENGINE_POOL_SIZE=0, a student who came before)" : " (ENGINE_POOL_SIZE=0)"}`,
  );
  const wb = await startBenchWorkbench({ ENGINE_POOL_SIZE: isPoolMode(mode) ? String(POOL_SIZE) : "0", ...(mode === "returning" ? { ENGINE_IDLE_MINUTES: "1" } : {}) });
  const notes: string[] = [`${mode}: machine ${machineLine()} when it started`];
  try {
    // Warm the server side (route modules, page chunks) without creating an engine: plain GETs.
    const html = await (await fetch(`${wb.url}/steps/1`)).text();
    const assets = [...html.matchAll(/(?:src|href)="(\/_next\/static\/[^"]+)"/g)].map((m) => m[1]!);
    await Promise.all(
      [...new Set(assets)].slice(0, 50).map((a) =>
        fetch(wb.url + a).then(
          (r) => r.arrayBuffer(),
          () => undefined,
        ),
      ),
    );

    const used = new Set<string>();
    if (isPoolMode(mode)) {
      log(`waiting up to ${fmtMs(POOL_WARM_TIMEOUT_MS)} for ${POOL_SIZE} pre-started engines…`);
      const began = now();
      const pool = await waitForPool(wb, used, POOL_SIZE, POOL_WARM_TIMEOUT_MS);
      if (!pool.warm) {
        const why =
          pool.total === 0
            ? `not available: with ENGINE_POOL_SIZE=${POOL_SIZE} the server started no engine ahead of demand within ${fmtMs(POOL_WARM_TIMEOUT_MS)}` +
              (wb.logs().includes("engine pool disabled") ? " (it logged: engine pool disabled)" : " (not implemented?)")
            : `not warm: ${pool.free} of ${POOL_SIZE} pre-started engines ready after ${fmtMs(POOL_WARM_TIMEOUT_MS)} (${pool.total} engines in all)`;
        log(`pool ${why}; no figure measured`);
        return { mode, samples: [], unavailable: why, notes };
      }
      log(`pool warm: ${pool.free} ready engines after ${fmtMs(now() - began)}`);
    }

    const samples: Sample[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      if (isPoolMode(mode) && i > 0) {
        const pool = await waitForPool(wb, used, POOL_SIZE, POOL_WARM_TIMEOUT_MS);
        if (!pool.warm) notes.push(`pool sample ${i + 1}: only ${pool.free} of ${POOL_SIZE} spare engines ready when it started`);
      }
      let state: StorageState | undefined;
      if (mode === "returning") {
        const first = await sample(browser, wb); // the first visit; its page is closed now
        state = first.state;
        const gone = await waitForRemoval(wb, first.container, RETURNING_IDLE_TIMEOUT_MS);
        if (!gone) notes.push(`returning sample ${i + 1}: the first visit's engine was still up after ${fmtMs(RETURNING_IDLE_TIMEOUT_MS)}`);
      }
      await sleep(2_000); // let whatever just started settle
      const s = await sample(browser, wb, state, mode === "pool-late", mode === "pool-no-boot");
      samples.push(s);
      if (s.container) used.add(s.container);
      if (isPoolMode(mode) && s.fromPool !== true) notes.push(`pool sample ${i + 1}: the server did not hand over a pool engine (${s.fromPool === false ? "it started one" : "no log line"})`);
      log(
        `  sample ${i + 1}: ${fmtMs(s.totalMs)} → Docker ${s.version}${s.serverEngineMs !== undefined ? ` (server: ${s.fromPool ? "pool hand-over" : "engine start"} ${fmtMs(s.serverEngineMs)}, done ${fmtMs(s.serverEngineAtMs)} after page open)` : ""}`,
      );
    }
    return { mode, samples, notes };
  } finally {
    await wb.close();
  }
}

export function sessionRows(outcomes: ModeOutcome[]): SummaryRow[] {
  return outcomes.map((o) =>
    o.unavailable
      ? { figure: `session start, ${o.mode}`, value: "n/a", detail: o.unavailable }
      : {
          figure: `session start, ${o.mode} (median of ${o.samples.length})`,
          value: fmtMs(median(o.samples.map((s) => s.totalMs))),
          detail:
            `p95 ${fmtMs(p95(o.samples.map((s) => s.totalMs)))}; prompt p50 ${fmtMs(median(o.samples.map((s) => s.promptMs)))} p95 ${fmtMs(p95(o.samples.map((s) => s.promptMs)))}; ` +
            `prompt msg p50 ${fmtMs(median(o.samples.map((s) => s.promptFrameMs)))} p95 ${fmtMs(p95(o.samples.map((s) => s.promptFrameMs)))}; ` +
            `hydrated p50 ${fmtMs(median(o.samples.map((s) => s.hydratedMs)))} p95 ${fmtMs(p95(o.samples.map((s) => s.hydratedMs)))}; xterm drew p50 ${fmtMs(median(o.samples.map((s) => s.terminalDrawnMs)))} p95 ${fmtMs(p95(o.samples.map((s) => s.terminalDrawnMs)))}; ` +
            `drawn before React hydrated ${o.samples.filter((s) => s.terminalDrawnMs < s.hydratedMs).length} of ${o.samples.length}; xterm modules in p50 ${fmtMs(median(o.samples.map((s) => s.bootModulesMs)))}; ` +
            `engine at the server p50 ${fmtMs(median(o.samples.map((s) => s.serverEngineAtMs)))} p95 ${fmtMs(p95(o.samples.map((s) => s.serverEngineAtMs)))} after page open; ` +
            `HTML 1st byte p50 ${fmtMs(median(o.samples.map((s) => s.htmlFirstByteMs)))}; socket made p50 ${fmtMs(median(o.samples.map((s) => s.socketMadeMs)))} p95 ${fmtMs(p95(o.samples.map((s) => s.socketMadeMs)))}; ws open p50 ${fmtMs(median(o.samples.map((s) => s.wsOpenMs)))} p95 ${fmtMs(p95(o.samples.map((s) => s.wsOpenMs)))}; ` +
            `engine ready msg p50 ${fmtMs(median(o.samples.map((s) => s.engineFrameMs)))} p95 ${fmtMs(p95(o.samples.map((s) => s.engineFrameMs)))}; ` +
            `websockets per page load ${o.samples.map((s) => s.sockets).join(", ")}; samples ${o.samples.map((s) => fmtMs(s.totalMs)).join(", ")}; prompt at ${o.samples.map((s) => fmtMs(s.promptMs)).join(", ")}; ` +
            `engine wait (ws open → engine ready msg) median ${fmtMs(median(o.samples.map((s) => s.engineFrameMs - s.wsOpenMs)))}; ` +
            `of it, ws open → upgrade at the server median ${fmtMs(median(o.samples.map((s) => s.serverUpgradeAtMs - s.wsOpenMs)))}, upgrade → ready sent median ${fmtMs(median(o.samples.map((s) => s.serverReadySentAtMs - s.serverUpgradeAtMs)))}, ready sent → received median ${fmtMs(median(o.samples.map((s) => s.engineFrameMs - s.serverReadySentAtMs)))}`,
        },
  );
}

/** The server's "engine ready told to the page" line of this visit (connection.ts): when it sent ready, and when the upgrade request had arrived. */
function readyToldLog(wb: BenchWorkbench, studentId: string, since: number): { at: number; upgradeAt: number } | undefined {
  for (const l of wb.logLines()) {
    const at = Date.parse(String(l["time"]));
    if (!(at >= since) || l["msg"] !== "engine ready told to the page" || l["studentId"] !== studentId) continue;
    return { at, upgradeAt: at - Number(l["openToReadyMs"] ?? NaN) - Number(l["upgradeMs"] ?? NaN) };
  }
  return undefined;
}

/** The server's "shell started ahead" line of this visit (student-shell.ts). */
function shellStartLog(wb: BenchWorkbench, studentId: string, since: number): { at: number; openMs: number; promptMs: number; pooled: boolean; pooledPromptMs: number } | undefined {
  for (const l of wb.logLines()) {
    const at = Date.parse(String(l["time"]));
    if (!(at >= since) || l["msg"] !== "shell started ahead" || l["studentId"] !== studentId) continue;
    return { at, openMs: Number(l["openMs"] ?? NaN), promptMs: Number(l["promptMs"] ?? NaN), pooled: l["pooled"] === true, pooledPromptMs: Number(l["pooledPromptMs"] ?? NaN) };
  }
  return undefined;
}

/** Nearest-rank 95th percentile (the largest of fewer than 20 samples). */
const p95 = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.max(0, Math.ceil(0.95 * samples.length) - 1)] ?? NaN;

export async function benchSessionStart(modes: SessionMode[] = ["cold", "pool", "returning"]): Promise<BenchResult> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    // Our cleanup closes it; Playwright's own handlers would exit the process on Ctrl-C first.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const closeBrowser = onCleanup("chromium", () => browser.close());
  const outcomes: ModeOutcome[] = [];
  for (const mode of modes) outcomes.push(await runMode(browser, mode));
  await closeBrowser();

  heading("session start: samples (ms since page.goto started)");
  const rows = outcomes.flatMap((o) =>
    o.samples.map((s, i) => [
      o.mode,
      String(i + 1),
      fmtMs(s.totalMs),
      fmtMs(s.loadMs),
      fmtMs(s.htmlFirstByteMs),
      fmtMs(s.socketMadeMs),
      fmtMs(s.wsOpenMs),
      String(s.sockets),
      fmtMs(s.attachSentMs),
      fmtMs(s.engineFrameMs),
      fmtMs(s.firstOutputFrameMs),
      fmtMs(s.promptFrameMs),
      fmtMs(s.domReadyMs),
      fmtMs(s.scriptsDoneMs),
      fmtMs(s.bootModulesMs),
      fmtMs(s.hydratedMs),
      fmtMs(s.terminalOpenMs),
      fmtMs(s.terminalDrawnMs),
      fmtMs(s.terminalAdoptedMs),
      `${fmtMs(s.longTasksMs)} / ${fmtMs(s.longestTaskMs)}`,
      fmtMs(s.promptMs),
      fmtMs(s.editorMountedMs),
      fmtMs(s.typeMs),
      fmtMs(s.versionMs),
      s.serverEngineMs === undefined ? "-" : `${fmtMs(s.serverEngineMs)}${s.fromPool ? " (pool)" : ""}`,
      fmtMs(s.serverEngineAtMs),
      fmtMs(s.serverUpgradeAtMs),
      fmtMs(s.serverReadySentAtMs),
      `${fmtMs(s.serverShellOpenMs)} / ${fmtMs(s.serverShellPromptMs)}${s.serverShellPooled ? ` (the pool's shell; its own prompt took ${fmtMs(s.serverPoolShellPromptMs)})` : ""}`,
      fmtMs(s.serverShellAtMs),
    ]),
  );
  log(
    table(
      [
        "mode",
        "#",
        "TOTAL",
        "load event",
        "HTML 1st byte",
        "socket made",
        "ws open",
        "sockets",
        "attach sent",
        "engine ready msg",
        "1st output msg",
        "prompt msg",
        "DOM ready",
        "scripts in",
        "xterm modules in",
        "hydrated",
        "xterm open",
        "xterm drew",
        "xterm adopted",
        "long tasks (sum / max)",
        "prompt on screen",
        "editor up",
        "+typing",
        "+cmd→version",
        "server: engine",
        "server had it at",
        "server: ws upgrade",
        "server: ready sent",
        "server: shell open / 1st output",
        "server: shell up at",
      ],
      rows,
    ),
  );
  log(
    "(ws open … prompt msg: when the page's websocket opened / sent / received those frames; DOM ready … xterm adopted, editor up: the page's clock and marks (xterm open / drew are the boot script's when it drew the terminal before React, xterm adopted when the view took it over); long tasks: main-thread tasks over 50 ms begun before the prompt was on screen; typing and cmd→version are durations)",
  );
  for (const o of outcomes) if (o.unavailable) log(`${o.mode}: ${o.unavailable}`);
  return {
    name: "session-start",
    rows: sessionRows(outcomes),
    notes: ["total = page.goto start → `docker version` output on screen; prompt = page.goto start → shell prompt on screen", ...outcomes.flatMap((o) => o.notes)],
  };
}

export const SESSION_LIMIT_MS = 20 * 60_000;

if (require.main === module) {
  const picked = process.argv.slice(2).filter((a): a is SessionMode => (MODES as string[]).includes(a));
  runStandalone("session-start", SESSION_LIMIT_MS, () => benchSessionStart(picked.length ? picked : undefined));
}
