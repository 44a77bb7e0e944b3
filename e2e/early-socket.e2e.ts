/**
 * End to end in Debian's Chromium against the real workbench: the step page's socket is opened by
 * its inline script before React starts, and the workbench takes it over. A page load opens ONE
 * websocket (counted from the browser's own websocket events), the terminal shows the prompt and
 * runs a command, the shell has the size the page's terminal asked for, and a reload does the same.
 * The early engine request and socket go out while the page's stylesheets are still loading (an
 * async module script; a classic inline script would wait for them).
 * When that early socket fails, the workbench opens its own and the terminal still works.
 * The terminal itself is drawn before React starts (the page's boot script, with xterm's own
 * modules): with the page's scripts held back, the prompt is painted and takes typing; React then
 * adopts that same terminal (one xterm, the prompt kept, each echo once). Without the boot's
 * modules the page works as before, through React alone.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { type RunningWorkbench } from "./support/workbench-server";
import { SHOTS, useWorkbenchAndBrowser, terminalText, waitForTerminal } from "./support/browser";
import { PAGE_MARKS } from "../app/_components/page-marks";
import { TERMINAL_BOOT_PATH } from "../app/_components/terminal/terminal-boot-script";
import { ENGINE_PREWARM_PATH } from "../lib/engine-prewarm";

const PORT = Number(process.env.E2E_EARLY_SOCKET_PORT ?? 3223);
const PROMPT = /learner@[\w.-]+:[^\n]*\$\s*$/m;
let workbench: RunningWorkbench;
let browser: Browser;

useWorkbenchAndBrowser({ port: PORT }, (w, b) => {
  workbench = w;
  browser = b;
});

type SocketLog = { url: string; sent: string[] };

/** Every websocket the page opens to /ws, with the frames it sent. */
function watchSockets(page: Page): SocketLog[] {
  const sockets: SocketLog[] = [];
  page.on("websocket", (ws) => {
    if (!/\/ws(-refused)?$/.test(new URL(ws.url()).pathname)) return;
    const log: SocketLog = { url: ws.url(), sent: [] };
    sockets.push(log);
    ws.on("framesent", ({ payload }) => log.sent.push(String(payload)));
  });
  return sockets;
}

const sentOfType = (log: SocketLog, type: string) => log.sent.map((frame) => JSON.parse(frame) as { type: string; cols?: number; rows?: number }).filter((m) => m.type === type);

/**
 * Notes in the page every websocket it makes (its path), from before its first script; with
 * `refuseFirst`, the first one (the inline script's) goes to a path the server refuses.
 */
async function noteSockets(context: BrowserContext, { refuseFirst }: { refuseFirst: boolean }): Promise<void> {
  // Plain text, not a function: tsx's compiled functions call helpers the page does not have.
  await context.addInitScript({
    content: `(function () {
      var Real = window.WebSocket, made = [], refuse = ${JSON.stringify(refuseFirst)};
      window.__socketsMade = made;
      function Wrapped(url, protocols) {
        var target = refuse && made.length === 0 ? String(url).replace(/\\/ws$/, "/ws-refused") : String(url);
        made.push(new URL(target).pathname);
        return protocols === undefined ? new Real(target) : new Real(target, protocols);
      }
      Wrapped.CONNECTING = 0; Wrapped.OPEN = 1; Wrapped.CLOSING = 2; Wrapped.CLOSED = 3;
      Wrapped.prototype = Real.prototype;
      window.WebSocket = Wrapped;
    })();`,
  });
}

const socketsMade = (page: Page): Promise<string[]> => page.evaluate(() => (window as unknown as { __socketsMade: string[] }).__socketsMade);

/**
 * xterm opened in the commit that hydrated the workbench (not in a later pass), drew the prompt,
 * and only then was Monaco's code asked for; the editor still comes.
 */
async function assertPromptBeforeEditor(page: Page): Promise<void> {
  await page.locator('[data-testid="editor"] .monaco-editor').waitFor({ timeout: 60_000 });
  const marks = await page.evaluate(
    (names) => names.map((name) => performance.getEntriesByName(name, "mark")[0]?.startTime ?? NaN),
    [PAGE_MARKS.hydrated, PAGE_MARKS.terminalOpen, PAGE_MARKS.terminalDrawn, PAGE_MARKS.editorMounted],
  );
  const [hydrated, terminalOpen, terminalDrawn, editorMounted] = marks as [number, number, number, number];
  assert.ok(terminalOpen <= hydrated, `xterm opened (${terminalOpen} ms) in the commit that hydrated the workbench (${hydrated} ms), not in a later pass`);
  assert.ok(terminalDrawn <= editorMounted, `the prompt was drawn (${terminalDrawn} ms) before Monaco was up (${editorMounted} ms)`);
  // Monaco's chunk is the page's only script over 1 MB once unpacked (the page's own are under 400 kB; the server gzips them).
  const bigScriptsAskedAt = await page.evaluate(() =>
    performance
      .getEntriesByType("resource")
      .filter((r) => (r as PerformanceResourceTiming).initiatorType === "script" && (r as PerformanceResourceTiming).decodedBodySize > 1_000_000)
      .map((r) => r.startTime),
  );
  assert.ok(bigScriptsAskedAt.length > 0, "Monaco's chunk was loaded");
  assert.ok(Math.min(...bigScriptsAskedAt) > terminalDrawn, `Monaco's chunk was asked for (${Math.min(...bigScriptsAskedAt)} ms) only after the prompt was drawn (${terminalDrawn} ms)`);
}

async function typeInTerminal(page: Page, text: string): Promise<void> {
  await page.locator('[data-testid="terminal"] .xterm').click();
  await page.keyboard.type(text);
  await page.keyboard.press("Enter");
}

test("a step page opens one websocket, before React starts, and its terminal shows the prompt and runs commands; again after a reload", { timeout: 5 * 60_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  await noteSockets(context, { refuseFirst: false });
  const page = await context.newPage();
  try {
    const sockets = watchSockets(page);
    await page.goto(`${workbench.url}/steps/1`);
    await waitForTerminal(page, PROMPT, 120_000);
    await typeInTerminal(page, "echo early-$((40+2)); stty size");
    const screen = await waitForTerminal(page, /^early-42\s*\n\s*\d+ \d+\s*$/m);
    await page.screenshot({ path: path.join(SHOTS, "early-socket-prompt.png") });
    const [hydrated, terminalOpen] = await page.evaluate(
      (names) => names.map((name) => performance.getEntriesByName(name, "mark")[0]?.startTime ?? NaN),
      [PAGE_MARKS.hydrated, PAGE_MARKS.terminalOpen],
    );
    assert.ok(terminalOpen! <= hydrated!, `xterm opened (${terminalOpen} ms) in the commit that hydrated the workbench (${hydrated} ms), not in a later pass`);

    assert.deepEqual(await socketsMade(page), ["/ws"], "the page made one websocket");
    assert.equal(sockets.length, 1, `one websocket per page load; the browser reported ${sockets.length}: ${sockets.map((s) => s.url).join(", ")}`);
    const [socket] = sockets as [SocketLog];
    const attaches = sentOfType(socket, "terminal.attach");
    // The early script's attach (the default size), then the terminal's own with its size, on the same socket.
    assert.ok(attaches.length >= 2, `the early attach and the terminal's: ${JSON.stringify(attaches)}`);
    assert.deepEqual({ cols: attaches[0]!.cols, rows: attaches[0]!.rows }, { cols: 80, rows: 24 });
    const sized = [...attaches, ...sentOfType(socket, "terminal.resize")].at(-1)!;
    const [rows, cols] = /^early-42\s*\n\s*(\d+) (\d+)\s*$/m.exec(screen)!.slice(1).map(Number);
    assert.deepEqual({ rows, cols }, { rows: sized.rows, cols: sized.cols }, "the shell has the size the page's terminal sent");

    // A reload: again one websocket, and the shell's screen comes back with what it showed.
    // Without the browser's cache, so Monaco's chunk is fetched again and shows in the resource timings.
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    await page.reload();
    await waitForTerminal(page, /early-42/, 120_000);
    // The shell runs: its screen comes at once, so the editor waits for the terminal to draw it (a
    // new engine's first prompt can take longer than the editor waits, as on the first load).
    await assertPromptBeforeEditor(page);
    await typeInTerminal(page, "echo again-$((6*7))");
    await waitForTerminal(page, /^again-42\s*$/m);
    assert.deepEqual(await socketsMade(page), ["/ws"], "the reloaded page made one websocket");
    assert.equal(sockets.length, 2, `one websocket for each of the two page loads; the browser reported ${sockets.length}`);
  } finally {
    await context.close();
  }
});

test("the page asks for its engine and opens its socket while its stylesheets are still loading, not after", { timeout: 5 * 60_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  await noteSockets(context, { refuseFirst: false });
  // The page's stylesheets are held until the test lets them go: a classic inline script would wait for them.
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let stylesheetsAsked = 0;
  await context.route("**/_next/static/**/*.css", async (route) => {
    stylesheetsAsked += 1;
    await released;
    await route.continue();
  });
  const page = await context.newPage();
  try {
    const prewarm = page.waitForRequest((request) => new URL(request.url()).pathname === ENGINE_PREWARM_PATH && request.method() === "POST", { timeout: 30_000 });
    await page.goto(`${workbench.url}/steps/1`, { waitUntil: "commit" });
    await prewarm;
    await page.waitForFunction(() => ((window as unknown as { __socketsMade?: string[] }).__socketsMade ?? []).length > 0, undefined, { timeout: 30_000 });
    assert.ok(stylesheetsAsked > 0, "the page asked for its stylesheets");
    const loadedSheets = await page.evaluate(() => performance.getEntriesByType("resource").filter((r) => r.name.endsWith(".css")).length);
    assert.equal(loadedSheets, 0, "no stylesheet had loaded when the engine request and the socket went out");
    assert.deepEqual(await socketsMade(page), ["/ws"], "the early socket, made before the stylesheets came");

    release();
    await waitForTerminal(page, PROMPT, 120_000);
    await page.waitForFunction((name) => performance.getEntriesByName(name, "mark").length > 0, PAGE_MARKS.hydrated, { timeout: 120_000 });
    await typeInTerminal(page, "echo styled-$((40+2))");
    await waitForTerminal(page, /^styled-42\s*$/m);
    assert.deepEqual(await socketsMade(page), ["/ws"], "still one websocket once React has taken it over");
  } finally {
    release();
    await context.close();
  }
});

test("when the page's early socket fails, the workbench opens its own and the terminal works", { timeout: 5 * 60_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  await noteSockets(context, { refuseFirst: true });
  const page = await context.newPage();
  try {
    const sockets = watchSockets(page);
    await page.goto(`${workbench.url}/steps/1`);
    await waitForTerminal(page, PROMPT, 120_000);
    await typeInTerminal(page, "echo fallback-$((40+2))");
    await waitForTerminal(page, /^fallback-42\s*$/m).catch(async (error: unknown) => assert.fail(`${String(error)}\n${await terminalText(page)}`));
    assert.deepEqual(await socketsMade(page), ["/ws-refused", "/ws"], "the refused early socket, then the workbench's own");
    const own = sockets.filter((s) => new URL(s.url).pathname === "/ws");
    assert.equal(own.length, 1, `one socket to /ws; the browser reported ${sockets.map((s) => s.url).join(", ")}`);
    assert.ok(sentOfType(own[0]!, "terminal.attach").length >= 1, "the workbench's socket attached the terminal");
  } finally {
    await context.close();
  }
});

const markTimes = (page: Page, names: string[]): Promise<number[]> => page.evaluate((list) => list.map((name) => performance.getEntriesByName(name, "mark")[0]?.startTime ?? NaN), names);

/** How many lines of the terminal's screen match `pattern`. */
const linesMatching = (screen: string, pattern: RegExp): number => screen.split("\n").filter((line) => pattern.test(line)).length;

test("the prompt is drawn before React starts, takes typing, and React adopts that terminal: one xterm, the prompt kept, one echo each", { timeout: 5 * 60_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  await noteSockets(context, { refuseFirst: false });
  // The page's own scripts (Next's chunks) are held until the test lets them go: React cannot hydrate before.
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await context.route("**/_next/static/**/*.js", async (route) => {
    await released;
    await route.continue();
  });
  const page = await context.newPage();
  try {
    await page.goto(`${workbench.url}/steps/1`, { waitUntil: "commit" });
    await waitForTerminal(page, PROMPT, 120_000);
    // Painted, with React not started: no hydration mark, the boot's marks there.
    const [hydratedEarly, drawnEarly] = await markTimes(page, [PAGE_MARKS.hydrated, PAGE_MARKS.terminalDrawn]);
    assert.ok(Number.isNaN(hydratedEarly!), "React has not hydrated while its scripts are held");
    assert.ok(drawnEarly! > 0, "the boot terminal marked its first paint");
    await page.screenshot({ path: path.join(SHOTS, "terminal-boot-before-react.png") });
    await page.evaluate(() => ((document.querySelector("[data-terminal-slot] .xterm") as HTMLElement).dataset.e2eBoot = "1"));
    // Typing before React: the boot terminal sends it on the page's socket.
    await typeInTerminal(page, "echo boot-$((1+1))");
    await waitForTerminal(page, /^boot-2\s*$/m);

    release();
    await page.waitForFunction((name) => performance.getEntriesByName(name, "mark").length > 0, PAGE_MARKS.terminalAdopted, { timeout: 120_000 });
    const [hydrated, drawn, adopted] = await markTimes(page, [PAGE_MARKS.hydrated, PAGE_MARKS.terminalDrawn, PAGE_MARKS.terminalAdopted]);
    assert.ok(drawn! < hydrated!, `the prompt was painted (${drawn} ms) before React hydrated (${hydrated} ms)`);
    assert.ok(adopted! <= hydrated!, `the view adopted the boot terminal (${adopted} ms) in the hydrating commit (${hydrated} ms)`);
    const xterms = await page.locator('[data-testid="terminal"] .xterm').evaluateAll((elements) => elements.map((element) => (element as HTMLElement).dataset.e2eBoot ?? ""));
    assert.deepEqual(xterms, ["1"], "one xterm in the terminal, the one drawn before React");
    assert.equal(await page.getByText("Loading the terminal…").count(), 0, "no loading line over the terminal");

    await typeInTerminal(page, "echo adopted-$((40+2))");
    const screen = await waitForTerminal(page, /^adopted-42\s*$/m);
    await page.screenshot({ path: path.join(SHOTS, "terminal-boot-adopted.png") });
    assert.equal(linesMatching(screen, /^boot-2\s*$/), 1, `the echo typed before React is on screen once:\n${screen}`);
    assert.equal(linesMatching(screen, /^adopted-42\s*$/), 1, `the echo typed after the adoption is on screen once:\n${screen}`);
    assert.equal(linesMatching(screen, /learner@[\w.-]+:[^\n]*\$/), 3, `three prompts (before each command and after the last), none repeated:\n${screen}`);
    assert.deepEqual(await socketsMade(page), ["/ws"], "the page made one websocket");

    await context.unroute("**/_next/static/**/*.js");
    await page.reload();
    await waitForTerminal(page, /adopted-42/, 120_000);
    await page.waitForFunction((name) => performance.getEntriesByName(name, "mark").length > 0, PAGE_MARKS.hydrated, { timeout: 120_000 });
    await typeInTerminal(page, "echo reloaded-$((6*7))");
    const reloaded = await waitForTerminal(page, /^reloaded-42\s*$/m);
    assert.equal(linesMatching(reloaded, /^reloaded-42\s*$/), 1, `one echo after the reload:\n${reloaded}`);
    assert.equal(await page.locator('[data-testid="terminal"] .xterm').count(), 1, "one xterm after the reload");
    assert.deepEqual(await socketsMade(page), ["/ws"], "the reloaded page made one websocket");
  } finally {
    release();
    await context.close();
  }
});

test("when xterm's modules for the boot script do not load, React opens the terminal as before", { timeout: 5 * 60_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  await context.route(`**${TERMINAL_BOOT_PATH}/**`, (route) => route.abort());
  const page = await context.newPage();
  try {
    await page.goto(`${workbench.url}/steps/1`);
    await waitForTerminal(page, PROMPT, 120_000);
    await typeInTerminal(page, "echo react-only-$((40+2))");
    const screen = await waitForTerminal(page, /^react-only-42\s*$/m);
    assert.equal(linesMatching(screen, /^react-only-42\s*$/), 1, `one echo:\n${screen}`);
    const [adopted, hydrated, terminalOpen] = await markTimes(page, [PAGE_MARKS.terminalAdopted, PAGE_MARKS.hydrated, PAGE_MARKS.terminalOpen]);
    assert.ok(Number.isNaN(adopted!), "no boot terminal to adopt");
    assert.ok(terminalOpen! <= hydrated!, "the view opened its own xterm in the hydrating commit");
    assert.equal(await page.locator('[data-testid="terminal"] .xterm').count(), 1, "one xterm");
  } finally {
    await context.close();
  }
});
