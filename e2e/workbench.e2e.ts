/**
 * End to end in Debian's Chromium against the real workbench (production build, real Docker,
 * the learner's own rootless engine): open step 1, use the terminal, edit the Dockerfile, run a
 * Check, reload and find files, terminal and results again.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { REPO_ROOT, type RunningWorkbench } from "./support/workbench-server";
import { SHOTS, useWorkbenchAndBrowser, terminalText, waitForTerminal } from "./support/browser";
import { describeViolations, seriousViolations } from "./support/axe";
import { getHostDocker } from "../server/sandbox/host-docker";
import { labelFilter } from "../server/sandbox/labels";

const PORT = Number(process.env.E2E_PORT ?? 3217);
let workbench: RunningWorkbench;
let browser: Browser;
/** Engines some other workbench on this machine already had: not ours to judge. */
let foreignEngines = new Set<string>();

useWorkbenchAndBrowser(
  {
    port: PORT,
    first: async () => {
      const existing = await getHostDocker().listContainers({ all: true, filters: labelFilter("engine", "server") });
      foreignEngines = new Set(existing.map((c) => c.Id));
    },
  },
  (w, b) => {
    workbench = w;
    browser = b;
  },
);

test("a student works through step 1 in the browser and nothing is lost on reload", { timeout: 15 * 60_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1500, height: 950 } });
  const page = await context.newPage();
  const offsite: string[] = [];
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(workbench.url) && !url.startsWith("data:") && !url.startsWith("blob:")) offsite.push(url);
  });

  // The course list leads to step 1.
  await page.goto(workbench.url + "/");
  const stepLink = page.getByRole("link", { name: /A first Dockerfile/ });
  // Once (CI, right after the integration stage) the list had not come after 30 s: say what showed instead.
  await stepLink.waitFor({ timeout: 90_000 }).catch(async (error: unknown) => {
    assert.fail(
      `the course list never showed step 1's link (${String(error)}); the page shows:\n${await page
        .locator("body")
        .innerText()
        .catch(() => "(nothing)")}`,
    );
  });
  await stepLink.click();
  await page.waitForURL(/\/steps\/1$/);
  await page.getByTestId("editor").locator(".monaco-editor").waitFor({ timeout: 60_000 });
  // The top bar says where the student is in the course and leads to the next step (no previous one).
  // Waited on as long as the editor: on a loaded machine (CI's 2 cores) the page hydrates late.
  await page
    .getByTestId("step-position")
    .filter({ hasText: /^Step 1 of 9$/ })
    .waitFor({ timeout: 60_000 });
  await page.getByTestId("course-progress").filter({ hasText: "0/9 passed" }).waitFor();
  // No container runs yet: "Open your WordPress" is not a dead link, it says why it waits.
  await page
    .getByTestId("preview-waiting")
    .locator("#preview-reason")
    .filter({ hasText: /Nothing answers on port 80 yet/ })
    .waitFor({ state: "attached", timeout: 30_000 });
  assert.equal(await page.getByRole("link", { name: /Open your WordPress/ }).count(), 0);
  assert.equal(await page.getByRole("link", { name: /^Previous step/ }).count(), 0);
  assert.equal(await page.getByRole("link", { name: /^Next step: 2\. / }).getAttribute("href"), "/steps/2");

  // A real shell in the learner's own engine: arithmetic proves it runs, docker proves the engine.
  await page.getByTestId("terminal").click();
  await page.keyboard.type("echo \"e2e-$((6*7))\" && docker info --format 'inner engine {{.ServerVersion}}'\n");
  await waitForTerminal(page, /inner engine \d+\.\d+/, 90_000);
  assert.match(await terminalText(page), /e2e-42/);

  // Edit the Dockerfile in Monaco; autosave stores it, and the terminal sees the same file.
  await page.getByRole("button", { name: "Dockerfile", exact: true }).click();
  const editor = page.getByTestId("editor").locator(".monaco-editor").first();
  await editor.click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type("\n# e2e-marker-line\n");
  await page
    .getByTestId("save-status")
    .filter({ hasText: /^Saved/ })
    .waitFor({ timeout: 30_000 });
  await page.getByTestId("terminal").click();
  await page.keyboard.type("tail -n 3 1_worpress_multiservice_dirty/Dockerfile\n");
  await waitForTerminal(page, /# e2e-marker-line/);

  // Upload a file through the editor's upload button: it lands in the step folder, appears in
  // the tree and in the terminal; the workspace downloads as a zip holding both files.
  const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.getByRole("button", { name: "Upload files" }).click()]);
  await chooser.setFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("uploaded-by-e2e\n") });
  await page.getByRole("button", { name: "notes.txt", exact: true }).waitFor({ timeout: 30_000 });
  await page.getByTestId("terminal").click();
  await page.keyboard.type("cat 1_worpress_multiservice_dirty/notes.txt\n");
  await waitForTerminal(page, /^uploaded-by-e2e$/m);
  const zip = await page.request.get(`${workbench.url}/api/workspace.zip`);
  assert.equal(zip.status(), 200);
  const zipText = (await zip.body()).toString("latin1");
  assert.ok(zipText.startsWith("PK"), "the download is a zip archive");
  assert.ok(zipText.includes("1_worpress_multiservice_dirty/Dockerfile") && zipText.includes("1_worpress_multiservice_dirty/notes.txt"));

  // Check: the server builds and grades; every constraint shows up with its status.
  await page.getByRole("button", { name: "Check", exact: true }).click();
  // Reload in the middle of it: the page follows the running Check again (the Check button busy,
  // the results so far, the progress and the build log so far), it does not say "nothing checked yet".
  await page.locator('[data-check-id="folder"][data-status="pass"]').waitFor({ timeout: 120_000 });
  await page
    .locator(".check-progress")
    .filter({ hasText: /build:/ })
    .waitFor({ timeout: 5 * 60_000 });
  await page.reload();
  await page.locator('.check-button[aria-busy="true"]').waitFor({ timeout: 60_000 });
  await page.locator('[data-check-id="folder"][data-status="pass"]').waitFor({ timeout: 30_000 });
  await page.locator('[data-check-id="site-answers"][data-status="pending"]').waitFor({ timeout: 30_000 });
  await page.locator(".check-progress").filter({ hasText: /\w+: / }).waitFor({ timeout: 30_000 });
  await page.screenshot({ path: path.join(SHOTS, "e2e-step1-reloaded-during-check.png") });
  await page.getByTestId("check-score").waitFor({ timeout: 10 * 60_000 });
  const results = page.locator("[data-check-id]");
  assert.ok((await results.count()) >= 10, "every check of step 1 is listed");
  // What needs work comes first; the passed checks are folded below it until opened.
  const listed = await page.locator(".check-scroll > .check-list > [data-check-id]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-status")));
  assert.ok(listed.length > 0 && !listed.includes("pass"), `the open list holds only what needs work, got ${listed.join(",")}`);
  assert.equal(listed[0], "fail", "a failed check comes first");
  await page.locator('[data-check-id="zip-download"][data-status="fail"]').waitFor();
  assert.equal(await page.locator('[data-check-id="folder"][data-status="pass"]').isVisible(), false, "passes start folded");
  await page
    .getByTestId("check-passed")
    .locator("summary")
    .filter({ hasText: /\d+ checks? passed/ })
    .click();
  await page.locator('[data-check-id="folder"][data-status="pass"]').waitFor();
  await page.locator('[data-check-id="base-image"][data-status="pass"]').waitFor();
  await page.screenshot({ path: path.join(SHOTS, "e2e-step1-checked.png") });
  // The lesson's task list ticks what passed and marks what failed.
  const task = (checks: string, state: string) => page.locator(`.lesson-body li[data-checks~="${checks}"][data-task="${state}"]`);
  await task("base-image", "done").waitFor({ state: "attached", timeout: 30_000 });
  await task("zip-download", "todo").waitFor({ state: "attached", timeout: 30_000 });
  assert.match((await task("base-image", "done").locator(".task-state").textContent()) ?? "", /^Done/);
  await task("base-image", "done").scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, "e2e-step1-task-list.png") });

  // Reload: the edit, the terminal history (once) and the results are all still there.
  await page.reload();
  await page.getByTestId("editor").locator(".monaco-editor").waitFor({ timeout: 60_000 });
  await page.locator('[data-check-id="folder"][data-status="pass"]').waitFor({ state: "attached", timeout: 60_000 });
  await page.locator('[data-check-id="zip-download"][data-status="fail"]').waitFor({ timeout: 30_000 });
  const replayed = await waitForTerminal(page, /e2e-42/);
  assert.equal(replayed.match(/e2e-42/g)?.length, 1, "old terminal output is replayed exactly once");
  const saved = await page.request.get(`${workbench.url}/api/files/content?path=${encodeURIComponent("1_worpress_multiservice_dirty/Dockerfile")}`);
  assert.match(await saved.text(), /# e2e-marker-line/);
  await page.getByTestId("editor").locator(".monaco-editor").first().click();
  await page.keyboard.press("Control+End");
  await page.getByTestId("editor").locator(".view-lines").filter({ hasText: "e2e-marker-line" }).waitFor({ timeout: 30_000 });
  await page.screenshot({ path: path.join(SHOTS, "e2e-step1-reloaded.png") });

  // The next-step arrow leads on.
  await page.getByRole("link", { name: /^Next step: 2\. / }).click();
  await page.waitForURL(/\/steps\/2$/);
  await page
    .getByTestId("step-position")
    .filter({ hasText: /^Step 2 of 9$/ })
    .waitFor({ timeout: 30_000 });

  assert.deepEqual(offsite, [], "the page loads nothing from outside the workbench");
  await context.close();
});

test("a student starts step 2 from the reference of step 1, is asked before files are replaced, and sees YAML errors", { timeout: 10 * 60_000 }, async () => {
  const step = 2;
  const folder = "2_wordpress_multiservice_better";
  const previous = "1_worpress_multiservice_dirty";
  const lesson = readFileSync(path.join(REPO_ROOT, "lessons/02-best-practices/lesson.md"), "utf8");
  assert.match(lesson, new RegExp(`previousFolder: ${previous}`), "step 2 starts from step 1's folder");
  const reference = readFileSync(path.join(REPO_ROOT, `lessons/01-dirty-dockerfile/solution/${previous}/Dockerfile`), "utf8");

  const context = await browser.newContext({ viewport: { width: 1500, height: 950 } });
  const page = await context.newPage();
  await page.goto(`${workbench.url}/steps/${step}`);
  await page
    .getByTestId("step-position")
    .filter({ hasText: /^Step 2 of 9$/ })
    .waitFor({ timeout: 30_000 });
  assert.equal(await page.getByRole("link", { name: /^Previous step: 1\. / }).getAttribute("href"), "/steps/1");
  assert.equal(await page.getByRole("link", { name: /^Next step: 3\. / }).getAttribute("href"), "/steps/3");
  const card = page.getByTestId("start-from-previous");
  await card.waitFor({ timeout: 60_000 });

  // A new student has no step-1 folder: the card says so, and trying anyway explains why not.
  await card.getByText(`There is no folder ${previous}/ in your workspace`).waitFor();
  await card.getByRole("button", { name: /Start from my step 1/ }).click();
  await card
    .getByRole("alert")
    .filter({ hasText: `There is no folder ${previous}/ in your workspace` })
    .waitFor({ timeout: 30_000 });
  await page.screenshot({ path: path.join(SHOTS, "e2e-step2-start-card.png") });

  // The reference of step 1 lands in the step-2 folder: in the tree, in the editor, on disk.
  await card.getByRole("button", { name: /Start from the reference of step 1/ }).click();
  await card.waitFor({ state: "detached", timeout: 30_000 });
  await page.locator(`.tree-file[data-path="${folder}/Dockerfile"]`).waitFor();
  await page.getByTestId("editor").locator(".view-lines").filter({ hasText: "FROM debian" }).waitFor({ timeout: 30_000 });
  await page.getByText(/Copied \d+ files? from the reference solution of step 1/).waitFor();
  const copied = await page.request.get(`${workbench.url}/api/files/content?path=${encodeURIComponent(`${folder}/Dockerfile`)}`);
  assert.equal(((await copied.json()) as { content: string }).content, reference);
  // Step 2's best-practice check reads this Dockerfile: its findings are marked line by line.
  await page.getByTestId("editor").locator(".squiggly-error, .squiggly-warning").first().waitFor({ timeout: 30_000 });
  await page.screenshot({ path: path.join(SHOTS, "e2e-step2-started.png") });

  // The terminal (the learner's engine) sees the same files.
  await page.getByTestId("terminal").click();
  await page.keyboard.type(`ls ${folder} && echo listed-$((2*21))\n`);
  await waitForTerminal(page, /listed-42/, 120_000);
  assert.match(await terminalText(page), /Dockerfile/);

  // The student changes the Dockerfile, then asks for the reference again: a dialog names what
  // would be replaced; Cancel keeps the work, Replace restores the reference.
  const editor = page.getByTestId("editor").locator(".monaco-editor").first();
  await editor.click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type("\n# my-step2-work\n");
  await page
    .getByTestId("save-status")
    .filter({ hasText: /^Saved/ })
    .waitFor({ timeout: 30_000 });
  const chooseReference = async (screenshot?: string) => {
    await page.getByRole("button", { name: "Start from step 1", exact: true }).click();
    const item = page.getByRole("menuitem", { name: /Start from the reference of step 1/ });
    await item.waitFor();
    if (screenshot) await page.screenshot({ path: path.join(SHOTS, screenshot) });
    await item.click();
    const dialog = page.getByRole("dialog", { name: `Replace ${folder}/?` });
    await dialog.waitFor();
    return dialog;
  };
  let dialog = await chooseReference("e2e-step2-start-menu.png");
  assert.match(await dialog.innerText(), new RegExp(`${folder}/ \\(Dockerfile\\)`));
  await page.screenshot({ path: path.join(SHOTS, "e2e-step2-confirm-replace.png") });
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await dialog.waitFor({ state: "detached" });
  const kept = await page.request.get(`${workbench.url}/api/files/content?path=${encodeURIComponent(`${folder}/Dockerfile`)}`);
  assert.match(((await kept.json()) as { content: string }).content, /# my-step2-work/);
  dialog = await chooseReference();
  await dialog.getByRole("button", { name: "Replace my files" }).click();
  await dialog.waitFor({ state: "detached" });
  await page.getByText(/Copied \d+ files? from the reference solution of step 1/).waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid="editor"] .view-lines')?.textContent?.includes("my-step2-work"), null, { timeout: 30_000 });
  const restored = await page.request.get(`${workbench.url}/api/files/content?path=${encodeURIComponent(`${folder}/Dockerfile`)}`);
  assert.equal(((await restored.json()) as { content: string }).content, reference);

  // A YAML file in a sub-folder: a syntax error is underlined as it is typed, and goes when fixed.
  await page.getByRole("button", { name: "New file" }).click();
  await page.getByPlaceholder(/apache_wordpress\/Dockerfile/).fill("conf/stack_wordpress.yml");
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await page.locator(`.tree-file[data-path="${folder}/conf/stack_wordpress.yml"]`).waitFor();
  await page.getByRole("tab", { name: "stack_wordpress.yml" }).waitFor();
  await editor.click();
  await page.keyboard.type("restart: always\nrestart: no\n");
  const squiggle = page.getByTestId("editor").locator(".squiggly-error");
  await squiggle.first().waitFor({ timeout: 30_000 });
  await page
    .getByTestId("editor")
    .locator(".view-line")
    .filter({ hasText: "restart: no" })
    .hover({ position: { x: 24, y: 8 } });
  await page.locator(".monaco-hover").filter({ hasText: "Map keys must be unique" }).first().waitFor({ timeout: 30_000 });
  await page.waitForTimeout(400); // the hover fades in
  await page.screenshot({ path: path.join(SHOTS, "e2e-step2-yaml-error.png") });
  await page.keyboard.press("Control+A");
  await page.keyboard.type("restart: always\nimage: wordpress\n");
  await squiggle.first().waitFor({ state: "detached", timeout: 30_000 });

  // The lesson's questions are collapsible blocks whose content is rendered Markdown.
  const details = page.locator(".lesson-body details").first();
  await details.scrollIntoViewIfNeeded();
  assert.equal(await details.getAttribute("open"), null, "hints start closed");
  await details.locator("summary").click();
  assert.equal(await details.getAttribute("open"), "");
  assert.ok((await details.locator("p, ul, ol, pre").count()) > 0, "the block holds rendered Markdown");
  assert.doesNotMatch(await details.innerText(), /<\/?(details|summary)>/);
  await page.screenshot({ path: path.join(SHOTS, "e2e-step2-lesson-details.png") });

  await context.close();
});

test("every page passes axe with no serious or critical violation in the light and the dark theme, and the keyboard reaches and leaves each pane", { timeout: 10 * 60_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  const found: string[] = [];
  // The theme as the settings menu remembers it (the wb_theme cookie), each in turn.
  for (const theme of ["light", "dark"] as const) {
    await context.addCookies([{ name: "wb_theme", value: theme, url: workbench.url }]);
    for (const url of ["/", ...Array.from({ length: 9 }, (_, i) => `/steps/${i + 1}`)]) {
      await page.goto(workbench.url + url);
      assert.equal(await page.locator("html").getAttribute("data-theme"), theme);
      if (url !== "/") {
        await page.getByTestId("editor").locator(".monaco-editor").waitFor({ timeout: 60_000 });
        await page.locator(".lesson-body li[data-task]").first().waitFor({ state: "attached", timeout: 30_000 });
        await page.getByTestId("settings-button").click(); // the settings panel open, too
        await page.getByTestId("settings-panel").waitFor();
      }
      const violations = await seriousViolations(page);
      if (violations.length) found.push(`${theme} ${url}\n${describeViolations(violations)}`);
    }
  }
  assert.deepEqual(found, [], found.join("\n\n"));
  await context.clearCookies();

  // Keyboard: the first Tab reaches the skip links, which put the focus in the editor; Tab leaves
  // the editor (Monaco's tab-focus mode) instead of indenting; Escape then Tab leaves the terminal.
  await page.goto(`${workbench.url}/steps/1`);
  await page.getByTestId("editor").locator(".monaco-editor").waitFor({ timeout: 60_000 });
  await page.getByRole("tab", { name: /^Dockerfile/ }).waitFor({ timeout: 30_000 }); // opened by default
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Skip to the lesson");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  const inEditor = () => page.evaluate(() => Boolean(document.activeElement?.closest('[data-testid="editor"]')));
  assert.equal(await inEditor(), true, "Skip to the editor puts the focus in the editor");
  await page.keyboard.press("Tab");
  assert.equal(await inEditor(), false, "Tab leaves the editor");

  await page.getByTestId("terminal").click();
  const inTerminal = () => page.evaluate(() => Boolean(document.activeElement?.closest('[data-testid="terminal"]')));
  assert.equal(await inTerminal(), true);
  await page.keyboard.press("Tab"); // completion in the shell: the focus stays
  assert.equal(await inTerminal(), true, "Tab alone stays in the terminal");
  await page.keyboard.press("Escape");
  await page.keyboard.press("Tab");
  assert.equal(await inTerminal(), false, "Escape then Tab leaves the terminal");
  await context.close();
});

test("a French browser gets the workbench and the lesson in French; the language switch changes it and is remembered", { timeout: 4 * 60_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1500, height: 950 }, locale: "fr-FR" });
  const page = await context.newPage();
  const french = readFileSync(path.join(REPO_ROOT, "lessons/01-dirty-dockerfile/lesson.fr.md"), "utf8");
  const frenchTitle = /^title: "(.*)"$/m.exec(french)![1]!;

  await page.goto(`${workbench.url}/steps/1`);
  await page.getByTestId("editor").locator(".monaco-editor").waitFor({ timeout: 60_000 });
  assert.equal(await page.locator("html").getAttribute("lang"), "fr");
  await page.getByRole("button", { name: "Vérifier", exact: true }).waitFor();
  await page.getByRole("heading", { level: 1, name: frenchTitle }).waitFor({ timeout: 30_000 });
  await page.getByRole("heading", { name: "À la fin de cette étape, vous saurez" }).waitFor();
  await page
    .getByTestId("step-position")
    .filter({ hasText: /^Étape 1 sur 9$/ })
    .waitFor();
  await page.screenshot({ path: path.join(SHOTS, "e2e-step1-french.png") });

  // The student prefers English: the switch reloads the page in English, and it stays so.
  await page.getByTestId("language-switch").selectOption("en");
  await page.getByRole("button", { name: "Check", exact: true }).waitFor({ timeout: 30_000 });
  assert.equal(await page.locator("html").getAttribute("lang"), "en");
  await page.getByRole("heading", { level: 1, name: /^A first Dockerfile/ }).waitFor({ timeout: 30_000 });
  await page.goto(`${workbench.url}/`);
  await page.getByRole("heading", { level: 1, name: "From a “dirty” container to a Swarm cluster" }).waitFor();
  await context.close();
});

test("the server removes the learner engines when it stops", { timeout: 120_000 }, async () => {
  const docker = getHostDocker();
  const ours = async () => (await docker.listContainers({ all: true, filters: labelFilter("engine", "server") })).filter((c) => !foreignEngines.has(c.Id));
  assert.ok((await ours()).length >= 1, "the student above had an engine");
  await workbench.stop();
  assert.deepEqual(
    (await ours()).map((c) => c.Names[0]),
    [],
  );
});
