/** What every browser test shares: Debian's Chromium, and reading the xterm.js terminal. */
import assert from "node:assert/strict";
import { chromium, type Browser, type Page } from "playwright-core";

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
