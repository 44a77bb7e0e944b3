/**
 * The workbench on small windows and the display settings, in Debian's Chromium against the real
 * workbench: at 800×900 the top bar stays, the Download button is not covered, the file tree's
 * names are whole and the tree resizes; on a phone (390×844) the lesson reads and the editor is
 * read-only; at 1366×768 the results pane is tall enough and resizes; the settings menu (keyboard)
 * changes theme, text size and layout, for the page, Monaco and xterm, and they survive a reload.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { type RunningWorkbench } from "./support/workbench-server";
import { SHOTS, useWorkbenchAndBrowser } from "./support/browser";
import { isOnTop } from "./support/layout";
import { describeViolations, seriousViolations } from "./support/axe";
import { DEFAULT_LAYOUT, parseLayout, type PaneLayout } from "../app/_components/workbench/pane-layout";

const PORT = Number(process.env.E2E_LAYOUT_PORT ?? 3223);
const FOLDER = "1_worpress_multiservice_dirty";
let workbench: RunningWorkbench;
let browser: Browser;

useWorkbenchAndBrowser({ port: PORT }, (w, b) => {
  workbench = w;
  browser = b;
});

async function openStep(page: Page, step = 1): Promise<void> {
  await page.goto(`${workbench.url}/steps/${step}`);
  await page.getByTestId("editor").locator(".monaco-editor").waitFor({ timeout: 60_000 });
  await page.getByRole("tab", { name: /^Dockerfile/ }).waitFor({ timeout: 30_000 });
}

/**
 * Waits until the page has stored a pane layout that passes `isStored` (the page writes it 250 ms
 * after a change, later on a loaded machine), so that a reload finds it.
 */
async function waitForStoredLayout(page: Page, isStored: (layout: PaneLayout) => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let stored: string | null = null;
  while (Date.now() < deadline) {
    stored = await page.evaluate(() => window.localStorage.getItem("docker-workbench:layout:v1")); // use-persisted-layout.ts
    if (stored && isStored(parseLayout(stored))) return;
    await page.waitForTimeout(100);
  }
  assert.fail(`the page never stored the new layout; it holds ${stored ?? "none"}`);
}

const box = async (locator: Locator) => {
  const found = await locator.boundingBox();
  assert.ok(found, "the element is laid out");
  return found;
};

test("at 800×900 the top bar stays, Download is not covered, the tree shows whole names and resizes", { timeout: 4 * 60_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 800, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  await openStep(page);

  // The panes stack and the page scrolls; the top bar and its Check button stay in view.
  await page.getByTestId("terminal").scrollIntoViewIfNeeded();
  assert.ok(await page.evaluate(() => window.scrollY > 300), "the page scrolled down to the terminal");
  const topbar = await box(page.locator(".topbar"));
  assert.ok(topbar.y >= -1 && topbar.y < 2, `the top bar is at the top of the window (y=${topbar.y})`);
  assert.ok(await isOnTop(page.getByRole("button", { name: "Check", exact: true })), "nothing covers the Check button");
  await page.screenshot({ path: path.join(SHOTS, "layout-800-scrolled.png") });

  // Download: the button is on top at its centre and a plain click downloads the zip.
  const download = page.getByTestId("download-workspace");
  await download.scrollIntoViewIfNeeded();
  assert.ok(await isOnTop(download), "nothing covers the Download button");
  const [file] = await Promise.all([page.waitForEvent("download"), download.click()]);
  assert.match(file.suggestedFilename(), /\.zip$/);

  // The step folder's name is whole (wrapped if need be), inside the tree.
  const folder = page.locator(`.tree-dir[title="${FOLDER}"]`);
  const fits = await folder.evaluate((el) => ({ text: el.textContent, overflow: el.scrollWidth - el.clientWidth }));
  assert.equal(fits.text, FOLDER);
  assert.ok(fits.overflow <= 0, `the folder name is not cut (${fits.overflow}px hidden)`);
  await page.screenshot({ path: path.join(SHOTS, "layout-800-editor.png") });

  // The tree resizes from the keyboard, and keeps its width after a reload.
  const sidebar = page.locator(".file-sidebar");
  const before = (await box(sidebar)).width;
  await page.getByRole("separator", { name: "Resize the file tree" }).focus();
  for (let i = 0; i < 4; i += 1) await page.keyboard.press("Shift+ArrowRight");
  await waitForStoredLayout(page, (layout) => layout.treeWidth > DEFAULT_LAYOUT.treeWidth);
  const wider = (await box(sidebar)).width;
  assert.ok(wider > before + 100, `the tree grew (${before} → ${wider} px)`);
  await openStep(page);
  const afterReload = (await box(sidebar)).width;
  assert.ok(Math.abs(afterReload - wider) < 4, `the width is remembered (${wider} → ${afterReload} px)`);
  await context.close();
});

test("on a phone the lesson reads without sideways scrolling and the editor is read-only", { timeout: 4 * 60_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await openStep(page);

  const lessonTitle = page.locator(".lesson-title");
  await lessonTitle.waitFor();
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), "no sideways scrolling");
  const paragraph = page.locator(".lesson-body p").first();
  const text = await box(paragraph);
  assert.ok(text.x >= 0 && text.x + text.width <= 391, "the lesson's text fits the screen");
  const fontSize = await paragraph.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  assert.ok(fontSize >= 14, `the lesson's text is readable (${fontSize}px)`);
  const topbar = await box(page.locator(".topbar"));
  assert.ok(topbar.height < 844 * 0.25, `the top bar leaves the screen to the lesson (${topbar.height}px)`);
  await page.screenshot({ path: path.join(SHOTS, "layout-phone-lesson.png") });
  // Short labels on a small screen keep their names.
  await page.getByRole("button", { name: "Submit", exact: true }).waitFor();
  assert.ok(await isOnTop(page.getByRole("button", { name: "Submit", exact: true })));

  // The files can be read, not changed: typing does nothing and nothing is saved.
  await page.getByTestId("read-only-note").waitFor();
  const editor = page.getByTestId("editor").locator(".monaco-editor").first();
  await editor.scrollIntoViewIfNeeded();
  await editor.locator(".view-lines").click();
  await page.keyboard.type("phone-typed");
  await page.waitForTimeout(500);
  assert.equal(await page.getByTestId("editor").locator(".view-lines").filter({ hasText: "phone-typed" }).count(), 0);
  assert.doesNotMatch((await page.getByTestId("save-status").textContent()) ?? "", /Unsaved/);
  const saved = await page.request.get(`${workbench.url}/api/files/content?path=${encodeURIComponent(`${FOLDER}/Dockerfile`)}`);
  assert.doesNotMatch(await saved.text(), /phone-typed/);

  // Scrolled down to the editor, the top bar is still there and Check still works.
  assert.ok(await page.evaluate(() => window.scrollY > 300));
  assert.ok(Math.abs((await box(page.locator(".topbar"))).y) < 2, "the top bar stays at the top");
  assert.ok(await isOnTop(page.getByRole("button", { name: "Check", exact: true })));
  await page.screenshot({ path: path.join(SHOTS, "layout-phone-editor.png") });
  const violations = await seriousViolations(page);
  assert.deepEqual(violations, [], describeViolations(violations));
  await context.close();
});

test("at 1366×768 the check results are several rows high and resize", { timeout: 3 * 60_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await openStep(page);
  const results = page.locator("#results");
  const height = (await box(results)).height;
  assert.ok(height >= 200, `the results pane is ${height}px high`);
  await page.getByRole("separator", { name: "Resize the lesson and the check results" }).focus();
  for (let i = 0; i < 2; i += 1) await page.keyboard.press("Shift+ArrowUp");
  const taller = (await box(results)).height;
  assert.ok(taller > height + 100, `the results pane grew (${height} → ${taller} px)`);
  await page.screenshot({ path: path.join(SHOTS, "layout-1366-results.png") });
  await context.close();
});

test("the display settings change theme, text size and layout from the keyboard, everywhere, and are remembered", { timeout: 4 * 60_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, colorScheme: "light" });
  const page = await context.newPage();
  await openStep(page);
  const html = page.locator("html");
  const monaco = page.getByTestId("editor").locator(".monaco-editor").first();
  const terminalBackground = () => page.locator('[data-testid="terminal"] .xterm-viewport').evaluate((el) => getComputedStyle(el).backgroundColor);
  const lessonBackground = () => page.locator(".lesson-pane").evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.equal(await html.getAttribute("data-theme"), "system");
  assert.match((await monaco.getAttribute("class")) ?? "", /\bvs\b/, "the system is light: so is the editor");

  // Keyboard only: open, pick Dark with the arrow keys, close with Escape (the focus comes back).
  const button = page.getByTestId("settings-button");
  await button.focus();
  await page.keyboard.press("Enter");
  await page.getByTestId("settings-panel").waitFor();
  assert.equal(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value), "system");
  await page.keyboard.press("ArrowDown"); // light
  await page.keyboard.press("ArrowDown"); // dark
  assert.equal(await html.getAttribute("data-theme"), "dark");
  await page.waitForFunction(() => /vs-dark/.test(document.querySelector('[data-testid="editor"] .monaco-editor')?.className ?? ""));
  assert.equal(await terminalBackground(), "rgb(15, 20, 25)");
  assert.equal(await lessonBackground(), "rgb(27, 32, 39)");
  // Text size: Tab to the next group, Large.
  await page.keyboard.press("Tab");
  await page.keyboard.press("ArrowDown"); // large
  assert.equal(await html.getAttribute("data-font-size"), "large");
  await page.keyboard.press("Tab");
  await page.keyboard.press("ArrowDown"); // focus the terminal
  await page.screenshot({ path: path.join(SHOTS, "settings-open-dark.png") });
  await page.keyboard.press("Escape");
  await page.getByTestId("settings-panel").waitFor({ state: "hidden" });
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("data-testid")), "settings-button");

  const bigger = await page
    .locator(".lesson-body p")
    .first()
    .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  assert.ok(bigger >= 17, `large text (${bigger}px)`);
  assert.equal(await page.locator('[data-testid="editor"] .view-lines').evaluate((el) => getComputedStyle(el).fontSize), "15px");
  const terminalShare = (await box(page.locator(".terminal-pane"))).height / (await box(page.locator(".workbench-main"))).height;
  assert.ok(terminalShare > 0.6, `the terminal takes most of its column (${terminalShare.toFixed(2)})`);
  await page.screenshot({ path: path.join(SHOTS, "settings-dark-large-terminal.png") });

  // A reload keeps all three.
  await waitForStoredLayout(page, (layout) => layout.terminalHeight > DEFAULT_LAYOUT.terminalHeight);
  await openStep(page);
  assert.equal(await html.getAttribute("data-theme"), "dark");
  assert.equal(await html.getAttribute("data-font-size"), "large");
  assert.match((await monaco.getAttribute("class")) ?? "", /vs-dark/);
  assert.ok((await box(page.locator(".terminal-pane"))).height / (await box(page.locator(".workbench-main"))).height > 0.6);
  // Large text at 1366×768: the top bar keeps room for the lesson's title (it once had one letter).
  const topTitle = page.locator(".topbar-lesson-title").filter({ hasText: /Dockerfile/ });
  await topTitle.waitFor();
  const titleWidth = (await box(topTitle)).width;
  assert.ok(titleWidth > 200, `the top bar's lesson title is ${Math.round(titleWidth)} px wide`);

  // Hide the lesson: the results stay; Standard brings it back. Light: editor and terminal too.
  await button.click();
  await page.getByRole("radio", { name: "Hide the lesson" }).check();
  await page.locator("#lesson").waitFor({ state: "detached" });
  await page.locator("#results").waitFor();
  await page.getByRole("radio", { name: "Light", exact: true }).check();
  await page.getByRole("radio", { name: "Medium", exact: true }).check();
  await page.keyboard.press("Escape");
  assert.match((await monaco.getAttribute("class")) ?? "", /\bvs\b/);
  assert.equal(await terminalBackground(), "rgb(251, 252, 253)");
  await page.screenshot({ path: path.join(SHOTS, "settings-light-no-lesson.png") });
  await waitForStoredLayout(page, (layout) => layout.lessonHidden);
  await openStep(page);
  assert.equal(await page.locator("#lesson").count(), 0, "the lesson stays hidden after a reload");
  await button.click();
  await page.getByRole("radio", { name: "Standard" }).check();
  await page.locator("#lesson").waitFor();
  await context.close();
});

test("the settings menu, the course list and the start card speak French", { timeout: 3 * 60_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "fr-FR" });
  const page = await context.newPage();
  await page.goto(`${workbench.url}/`);
  await page.getByRole("heading", { name: "Étapes", exact: true }).waitFor({ timeout: 30_000 });
  await page.getByText("0 sur 9 réussies").waitFor();
  assert.ok((await page.getByText("Pas commencée").count()) >= 9);
  await page.getByTestId("settings-button").filter({ hasText: "Affichage" }).click();
  await page.getByRole("radio", { name: "Sombre" }).check();
  assert.equal(await page.locator("html").getAttribute("data-theme"), "dark");
  await page.screenshot({ path: path.join(SHOTS, "settings-home-french-dark.png") });

  await page.goto(`${workbench.url}/steps/2`);
  const card = page.getByTestId("start-from-previous");
  await card.waitFor({ timeout: 60_000 });
  await card.getByRole("heading", { name: "Commencer l’étape 2 à partir de l’étape 1" }).waitFor();
  await card.getByRole("button", { name: /Partir de la correction de l’étape 1/ }).waitFor();
  // The step it builds on is named by its French title.
  await card.getByText("Un premier Dockerfile : WordPress, Apache et MariaDB dans un seul conteneur").waitFor();
  await page.getByRole("separator", { name: "Redimensionner l’arborescence des fichiers" }).waitFor();
  await page.screenshot({ path: path.join(SHOTS, "start-card-french.png") });
  await context.close();
});
