/**
 * End to end in Debian's Chromium: while a new student's engine starts (no pool, a cold start),
 * the terminal's banner says so once, in the page's language, with a detail that adds what comes
 * next instead of repeating the title. Screenshots of both languages are kept in test-results/.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import type { Browser } from "playwright-core";
import { type RunningWorkbench } from "./support/workbench-server";
import { SHOTS, useWorkbenchAndBrowser } from "./support/browser";

const PORT = Number(process.env.E2E_ENGINE_BANNER_PORT ?? 3241);
let workbench: RunningWorkbench;
let browser: Browser;

useWorkbenchAndBrowser({ port: PORT }, (w, b) => {
  workbench = w;
  browser = b;
});

const CASES = [
  { locale: "fr-FR", title: "Démarrage de votre moteur Docker…", detail: "Votre terminal s’ouvrira dès qu’il sera prêt, en général en quelques secondes." },
  { locale: "en-GB", title: "Starting your Docker engine…", detail: "Your terminal opens as soon as it is ready, usually within a few seconds." },
];

for (const { locale, title, detail } of CASES) {
  test(`the starting engine's banner says its title once, with a detail that adds to it (${locale})`, { timeout: 3 * 60_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale });
    const page = await context.newPage();
    try {
      await page.goto(`${workbench.url}/steps/1`);
      const banner = page.locator(".terminal-pane .banner", { hasText: title });
      await banner.waitFor({ timeout: 60_000 });
      const text = (await banner.innerText()).trim();
      await page.screenshot({ path: path.join(SHOTS, `engine-banner-starting-${locale}.png`) });
      assert.equal(text.split(title).length - 1, 1, `the title once: ${JSON.stringify(text)}`);
      assert.equal(text.replace(/\s+/g, " "), `${title} ${detail}`);
    } finally {
      await context.close();
    }
  });
}
