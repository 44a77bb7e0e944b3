/** What every browser test shares: the workbench and Debian's Chromium, and reading the xterm.js terminal. */
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before } from "node:test";
import { chromium, type Browser, type Page } from "playwright-core";
import { REPO_ROOT, startWorkbench, type RunningWorkbench } from "./workbench-server";

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

export const terminalText = (page: Page): Promise<string> => page.locator('[data-testid="terminal"] .xterm-rows').innerText();

/** Waits until the terminal's screen matches; fails with what it shows instead. */
export async function waitForTerminal(page: Page, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = "";
  while (Date.now() < deadline) {
    text = await terminalText(page).catch(() => "");
    if (pattern.test(text)) return text;
    await page.waitForTimeout(200);
  }
  assert.fail(`terminal never showed ${pattern}; it shows:\n${text}`);
}

/** Where the browser tests save the screenshots people look at. */
export const SHOTS = path.join(REPO_ROOT, "test-results");
/** test-results/workbench-<port>.log: each e2e file's server log, written when its workbench stops. */
export const WORKBENCH_LOG_PREFIX = "workbench-";

/**
 * The workbench and the Chromium a test file shares: `first` runs (e.g. noting what already runs on
 * this host), then both start before the file's tests and are handed to `ready`; both stop after.
 */
export function useWorkbenchAndBrowser(options: { port: number; env?: Record<string, string>; first?: () => Promise<void> }, ready: (workbench: RunningWorkbench, browser: Browser) => void): void {
  let workbench: RunningWorkbench | undefined;
  let browser: Browser | undefined;
  before(async () => {
    await options.first?.();
    mkdirSync(SHOTS, { recursive: true });
    workbench = await startWorkbench({ port: options.port, ...(options.env ? { env: options.env } : {}) });
    browser = await launchChromium();
    ready(workbench, browser);
  });
  after(async () => {
    await browser?.close();
    await workbench?.stop();
    // The server's log, which e2e/run.ts reads back when a test failed (the runner's own output has only the browser's side).
    if (workbench) writeFileSync(path.join(SHOTS, `${WORKBENCH_LOG_PREFIX}${options.port}.log`), workbench.logs());
  });
}
