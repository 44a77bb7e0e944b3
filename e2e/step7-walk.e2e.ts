/**
 * Step 7 walked to green in Debian's Chromium against the real workbench: a new student opens
 * the step, keeps the starter file, writes the stack in Monaco (the stack-file checks mark what
 * is still missing as they type), runs it from the terminal in their own engine, presses Check
 * and sees every check pass: the grader pulled wordpress and mysql:5.7 from the offline mirror,
 * started the stack and installed WordPress over HTTP. The WordPress log-in page then opens
 * through the workbench's preview.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { REPO_ROOT, type RunningWorkbench } from "./support/workbench-server";
import { SHOTS, useWorkbenchAndBrowser, waitForTerminal } from "./support/browser";
import { pasteIntoEditor } from "./support/paste-into-editor";
import { loadLesson } from "../server/lessons/load-lessons";

const PORT = Number(process.env.E2E_STEP7_PORT ?? 3221);
const LESSON_DIR = path.join(REPO_ROOT, "lessons/07-official-stack");
const FOLDER = "7_wordpress_official_stack";
const FILE = `${FOLDER}/stack_wordpress.yml`;
let workbench: RunningWorkbench;
let browser: Browser;

useWorkbenchAndBrowser({ port: PORT }, (w, b) => {
  workbench = w;
  browser = b;
});

test("a student walks step 7 to green: writes the stack in the editor, runs it, and every check passes", { timeout: 20 * 60_000 }, async () => {
  const lesson = await loadLesson(LESSON_DIR);
  const reference = readFileSync(path.join(LESSON_DIR, "solution", FILE), "utf8");
  const context = await browser.newContext({ viewport: { width: 1500, height: 950 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: workbench.url });
  const page = await context.newPage();
  await page.goto(`${workbench.url}/steps/7`);
  await page.getByTestId("editor").locator(".monaco-editor").waitFor({ timeout: 120_000 });

  // No step 6 to copy: the student keeps the starter file and writes the stack themselves.
  const card = page.getByTestId("start-from-previous");
  await card.waitFor({ timeout: 30_000 });
  await card.getByRole("button", { name: "Or start from an empty folder" }).click();
  await card.waitFor({ state: "detached" });
  await page.locator(`.tree-file[data-path="${FILE}"]`).click();
  await page.getByRole("tab", { name: "stack_wordpress.yml" }).waitFor();

  // Half a stack: the live static checks mark the file while the student types.
  const editor = page.getByTestId("editor").locator(".monaco-editor").first();
  await editor.click();
  const half = reference.slice(0, reference.indexOf("\n  db:"));
  await pasteIntoEditor(page, half);
  await page.getByTestId("editor").locator(".squiggly-error, .squiggly-warning").first().waitFor({ timeout: 30_000 });

  // The whole stack: nothing left to mark, and autosave stores exactly what was written.
  await pasteIntoEditor(page, reference);
  // "Saved" may still be the half's status until the next autosave: wait for the file itself.
  const savedContent = async () => ((await (await page.request.get(`${workbench.url}/api/files/content?path=${encodeURIComponent(FILE)}`)).json()) as { content: string }).content;
  let saved = await savedContent();
  for (const deadline = Date.now() + 15_000; saved !== reference && Date.now() < deadline; saved = await savedContent()) await page.waitForTimeout(250);
  assert.equal(saved, reference);
  await page
    .getByTestId("save-status")
    .filter({ hasText: /^Saved/ })
    .waitFor({ timeout: 15_000 });
  await page.getByTestId("editor").locator(".squiggly-error, .squiggly-warning").first().waitFor({ state: "detached", timeout: 30_000 });

  // The student runs it in their own engine: the images come from the offline mirror.
  await page.getByTestId("terminal").click();
  await page.keyboard.type(`cd ${FOLDER} && docker-compose -f stack_wordpress.yml up -d && docker-compose -f stack_wordpress.yml ps --services && echo stack-$((3+4))-up\n`);
  await waitForTerminal(page, /stack-7-up/, 8 * 60_000);

  // Check: every check of the step passes, and the score says so.
  await page.getByRole("button", { name: "Check", exact: true }).click();
  await page.getByTestId("check-score").waitFor({ timeout: 12 * 60_000 });
  for (const check of lesson.checks.checks) {
    await page.locator(`[data-check-id="${check.id}"][data-status="pass"]`).waitFor({ timeout: 10_000 });
  }
  assert.match(await page.getByTestId("check-score").innerText(), /100/);
  // The moment of success: what the step taught, and the way on to step 8.
  const success = page.getByTestId("step-success");
  await success.filter({ hasText: /Every check of step 7 passes in your engine/ }).waitFor({ timeout: 10_000 });
  assert.equal(await success.getByRole("link", { name: /^Next: step 8, / }).getAttribute("href"), "/steps/8");
  await page.screenshot({ path: path.join(SHOTS, "e2e-step7-green.png") });

  // The site the grader installed opens through the preview: WordPress's log-in page.
  const [preview] = await Promise.all([context.waitForEvent("page"), page.getByRole("link", { name: /Open your WordPress/ }).click()]);
  await preview.waitForLoadState("domcontentloaded");
  await preview.locator("#loginform, #wpadminbar, form[name=loginform]").first().waitFor({ timeout: 60_000 });
  assert.ok(preview.url().startsWith(workbench.url), `the preview stays on the workbench's origin (${preview.url()})`);
  await preview.screenshot({ path: path.join(SHOTS, "e2e-step7-preview.png") });
  await context.close();
});
