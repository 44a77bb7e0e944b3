/**
 * A teacher's preview of a step, in Debian's Chromium against the real workbench serving a copy of
 * the course (its own LESSONS_DIR): the lesson, its checks and the reference solution are there;
 * a change to checks.yaml on disk shows on the open page within seconds, without a reload; a
 * broken checks.yaml shows its error there while the page keeps the last good version. An
 * anonymous browser is sent to sign in.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { REPO_ROOT, type RunningWorkbench } from "./support/workbench-server";
import { SHOTS, useWorkbenchAndBrowser } from "./support/browser";
import { createUserWithCli } from "./support/create-user-with-cli";

const PORT = Number(process.env.E2E_PREVIEW_PORT ?? 3227);
const lessonsDir = mkdtempSync(path.join(os.tmpdir(), "wb-e2e-lessons-"));
chmodSync(lessonsDir, 0o755); // the server reads it as its own unprivileged user (WB_SERVER_USER)
const checksFile = path.join(lessonsDir, "01-dirty-dockerfile/checks.yaml");
const FIRST_TITLE = "The step folder 1_worpress_multiservice_dirty holds a Dockerfile";
let workbench: RunningWorkbench;
let browser: Browser;

useWorkbenchAndBrowser(
  {
    port: PORT,
    env: { LESSONS_DIR: lessonsDir, LESSONS_WATCH: "on", ENGINE_POOL_SIZE: "0" },
    first: async () => {
      for (const slug of ["01-dirty-dockerfile", "02-best-practices"]) cpSync(path.join(REPO_ROOT, "lessons", slug), path.join(lessonsDir, slug), { recursive: true });
    },
  },
  (w, b) => {
    workbench = w;
    browser = b;
  },
);
test.after(() => rmSync(lessonsDir, { recursive: true, force: true }));

test("a teacher previews a step (lesson, checks, solution) and the open page follows the lesson files", { timeout: 3 * 60_000 }, async () => {
  const anonymous = await (await browser.newContext()).newPage();
  await anonymous.goto(`${workbench.url}/teacher/preview/1`);
  await anonymous.waitForURL(/\/sign-in$/);

  const oneTime = createUserWithCli(workbench, "teacher", "author@example.org");
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.goto(`${workbench.url}/sign-in`);
  await page.getByLabel("E-mail").fill("author@example.org");
  await page.getByLabel("Password", { exact: true }).fill(oneTime);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByLabel("New password", { exact: true }).fill("the author's password");
  await page.getByLabel("New password again").fill("the author's password");
  await page.getByRole("button", { name: "Save my password" }).click();
  await page.waitForURL(/\/teacher$/);

  await page.getByRole("link", { name: "Preview the steps" }).click();
  await page.waitForURL(/\/teacher\/preview$/);
  await page.getByRole("link", { name: /^Step 1: / }).click();
  await page.waitForURL(/\/teacher\/preview\/1$/);
  await page.getByRole("heading", { level: 1, name: /^Step 1: / }).waitFor();
  // The lesson as the student reads it, the checks with their kind, the solution's files in the read-only editor.
  await page.locator(".lesson-body h2").first().waitFor();
  const folderRow = page.locator('[data-testid="preview-checks"] tr[data-check-id="folder"]');
  await folderRow.getByText(FIRST_TITLE).waitFor();
  assert.deepEqual((await folderRow.locator("td").allInnerTexts()).slice(0, 4), ["folder", FIRST_TITLE, "folder", "static (the files)"]);
  await page.getByRole("tab", { name: "1_worpress_multiservice_dirty/Dockerfile" }).waitFor();
  await page.locator(".monaco-editor").first().waitFor({ timeout: 30_000 });
  await page.getByRole("button", { name: "Run the checks on the reference solution" }).waitFor();

  // The teacher edits checks.yaml: the open page shows the new title within seconds, without a reload.
  const original = readFileSync(checksFile, "utf8");
  const began = Date.now();
  writeFileSync(checksFile, original.replace(FIRST_TITLE, "Renamed while the preview is open"));
  // Within seconds; 30 s is the bound a loaded machine (CI's 2 cores) needs, the time taken is printed.
  await folderRow.getByText("Renamed while the preview is open").waitFor({ timeout: 30_000 });
  const followedMs = Date.now() - began;
  console.log(`preview followed the change in ${followedMs} ms`);
  await page.screenshot({ path: path.join(SHOTS, "teacher-preview.png") });
  await page.locator("#solution-title").scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, "teacher-preview-solution.png") });

  // A broken checks.yaml: its error on the page, the last good version still shown (and served).
  writeFileSync(checksFile, original.replace("checks:", "checks: [oops\n"));
  const error = page.getByTestId("lessons-error");
  await error.waitFor({ timeout: 30_000 });
  assert.match(await error.innerText(), /01-dirty-dockerfile\/checks\.yaml/);
  await folderRow.getByText("Renamed while the preview is open").waitFor();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SHOTS, "teacher-preview-error.png") });
  const lesson = await page.request.get(`${workbench.url}/api/steps/1/lesson`);
  assert.equal(lesson.status(), 200, "students still get the step while its files are broken");

  writeFileSync(checksFile, original);
  await error.waitFor({ state: "detached", timeout: 30_000 });
  await folderRow.getByText(FIRST_TITLE).waitFor();
  await context.close();
});
