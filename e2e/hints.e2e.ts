/**
 * End to end in Chromium: a failed check of step 1 shows no hint at first; "Show a hint" (from the
 * keyboard) reveals the nudge, "Show more" the concrete hint, never the answer before its turn;
 * after switching to French and reloading, the same check reads in French with the two levels
 * still revealed. Texts come from the lesson's checks.yaml and checks.fr.yaml.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { parse as parseYaml } from "yaml";
import { REPO_ROOT, type RunningWorkbench } from "./support/workbench-server";
import { SHOTS, useWorkbenchAndBrowser } from "./support/browser";
import { describeViolations, seriousViolations } from "./support/axe";
import { localizedMessage } from "../lib/i18n/render-text";
import type { TextRef } from "../lib/i18n/text-ref";

const PORT = Number(process.env.E2E_PORT ?? 3219);
const LESSON = path.join(REPO_ROOT, "lessons/01-dirty-dockerfile");
const CHECK = "zip-download"; // a static check the starter Dockerfile fails

type English = { checks: { id: string; title: string; hints: string[] }[] };
type French = { checks: Record<string, { title: string; hints: string[] }> };
const english = (parseYaml(readFileSync(path.join(LESSON, "checks.yaml"), "utf8")) as English).checks.find((c) => c.id === CHECK)!;
const french = (parseYaml(readFileSync(path.join(LESSON, "checks.fr.yaml"), "utf8")) as French).checks[CHECK]!;

let workbench: RunningWorkbench;
let browser: Browser;

useWorkbenchAndBrowser({ port: PORT }, (w, b) => {
  workbench = w;
  browser = b;
});

test("a failed check's hints come one level at a time, are remembered, and read in French", { timeout: 10 * 60_000 }, async () => {
  assert.equal(english.hints.length, 3, "the check has three levels");
  const context = await browser.newContext({ viewport: { width: 1500, height: 950 } });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await page.goto(`${workbench.url}/steps/1`);
  await page.getByRole("button", { name: "Check", exact: true }).waitFor({ timeout: 60_000 });
  await page
    .getByTestId("editor")
    .locator(".monaco-editor")
    .waitFor({ timeout: 90_000 })
    .catch(async (error: unknown) => {
      await page.screenshot({ path: path.join(SHOTS, "e2e-hints-no-editor.png") });
      throw new Error(`the editor did not load (page errors: ${pageErrors.join(" | ") || "none"}): ${String(error)}`);
    });
  await page.getByRole("button", { name: "Check", exact: true }).click();

  const row = page.locator(`[data-check-id="${CHECK}"][data-status="fail"]`);
  await row.waitFor({ timeout: 5 * 60_000 });
  const levels = row.locator(".check-hint-text");
  // Failed, and not a word of its hints yet.
  assert.equal(await levels.count(), 0, "no hint text before the student asks");
  assert.ok(!(await row.innerText()).includes(english.hints[2]!.slice(-60)), "the answer is not on the page");

  // From the keyboard: focus the button and press Enter; the nudge appears in a live region.
  const show = row.getByRole("button", { name: `Show a hint for “${english.title}”` });
  await show.focus();
  await page.keyboard.press("Enter");
  await levels.first().waitFor();
  assert.equal(await levels.count(), 1);
  assert.equal(await levels.first().getAttribute("data-hint-level"), "nudge");
  assert.ok((await levels.first().innerText()).includes(english.hints[0]!.slice(0, 40)));
  assert.equal(await row.locator('[aria-live="polite"] .check-hint-text').count(), 1, "announced to screen readers");

  // The next press shows the concrete hint, still not the answer.
  await row.getByRole("button", { name: /^Show more hints for/ }).click();
  await levels.nth(1).waitFor();
  assert.equal(await levels.count(), 2);
  assert.equal(await levels.nth(1).getAttribute("data-hint-level"), "hint");
  assert.ok((await levels.nth(1).innerText()).includes(english.hints[1]!.slice(0, 40)));
  assert.ok(!(await row.innerText()).includes(english.hints[2]!.slice(-60)), "the answer waits for the third press");
  await page.screenshot({ path: path.join(SHOTS, "e2e-hints-two-levels.png") });
  const violations = (await seriousViolations(page)).filter((v) => v.targets.some((target) => target.includes("check")));
  assert.deepEqual(violations, [], `the results panel with hints passes axe: ${describeViolations(violations)}`);

  // In French, after a reload: the French title, the two levels revealed so far, in French.
  await context.addCookies([{ name: "wb_locale", value: "fr", url: workbench.url }]);
  await page.reload();
  await row.waitFor({ timeout: 60_000 });
  await row.locator(".check-title").filter({ hasText: french.title }).waitFor({ timeout: 10_000 });
  assert.equal(await levels.count(), 2, "the levels revealed are remembered across the reload");
  assert.ok((await levels.first().innerText()).includes(french.hints[0]!.slice(0, 40)));
  assert.ok((await levels.nth(1).innerText()).includes(french.hints[1]!.slice(0, 40)));
  await row.getByRole("button", { name: /^En montrer plus pour/ }).click();
  await levels.nth(2).waitFor();
  assert.equal(await levels.nth(2).getAttribute("data-hint-level"), "answer");
  assert.ok((await levels.nth(2).innerText()).includes(french.hints[2]!.slice(0, 40)));
  assert.equal(
    await row
      .getByRole("button")
      .filter({ hasText: /En montrer plus|Afficher un indice/ })
      .count(),
    0,
    "nothing more to show",
  );
  await page.screenshot({ path: path.join(SHOTS, "e2e-hints-french.png") });
  await context.close();
});

/** Writes a file of the student's workspace from the page itself, as the editor would save it. */
async function saveFromPage(page: import("playwright-core").Page, file: string, content: string): Promise<void> {
  const status = await page.evaluate(async ({ file, content }) => (await fetch(`/api/files/content?path=${encodeURIComponent(file)}`, { method: "PUT", body: content })).status, { file, content });
  assert.equal(status, 200, `saving ${file}`);
}

test("a check that passes forgets the hints it had revealed: its next failure starts with none shown", { timeout: 10 * 60_000 }, async () => {
  const FILE = "1_worpress_multiservice_dirty/Dockerfile";
  // Both fail to build at once (no wget in the base image): each Check takes seconds, and the
  // static zip-download check fails with the tarball and passes with the zip.
  const tarball = "FROM debian:latest\nRUN wget https://wordpress.org/latest.tar.gz && tar xzf latest.tar.gz\n";
  const zip = "FROM debian:latest\nRUN wget https://wordpress.org/latest.zip && unzip latest.zip\n";
  const context = await browser.newContext({ viewport: { width: 1500, height: 950 } });
  const page = await context.newPage();
  await page.goto(`${workbench.url}/steps/1`);
  await page.getByRole("button", { name: "Check", exact: true }).waitFor({ timeout: 60_000 });
  await saveFromPage(page, FILE, tarball);
  await page.reload();
  const check = page.getByRole("button", { name: "Check", exact: true });
  const row = (status: string) => page.locator(`[data-check-id="${CHECK}"][data-status="${status}"]`);
  const levels = page.locator(`[data-check-id="${CHECK}"] .check-hint-text`);
  const checkUntil = async (status: string) => {
    await check.waitFor({ timeout: 90_000 });
    await check.click();
    await row(status).waitFor({ timeout: 5 * 60_000 });
  };

  await checkUntil("fail");
  await row("fail")
    .getByRole("button", { name: `Show a hint for “${english.title}”` })
    .click();
  await row("fail")
    .getByRole("button", { name: /^Show more hints for/ })
    .click();
  await levels.nth(1).waitFor();
  assert.equal(await levels.count(), 2, "two levels revealed while it fails");

  await saveFromPage(page, FILE, zip);
  await checkUntil("pass");
  assert.equal(await levels.count(), 0, "a passing check shows no hint");

  // It fails again (after a reload, so what is shown comes from what was remembered): no level yet.
  await saveFromPage(page, FILE, tarball);
  await page.reload();
  await checkUntil("fail");
  assert.equal(await levels.count(), 0, "the levels revealed before the pass are forgotten");
  await row("fail")
    .getByRole("button", { name: `Show a hint for “${english.title}”` })
    .waitFor();
  await page.screenshot({ path: path.join(SHOTS, "e2e-hints-reset-on-pass.png") });
  await context.close();
});

test("a French student's failing Check reads in French, live and after a reload; the stored message stays English", { timeout: 10 * 60_000 }, async () => {
  const FILE = "1_worpress_multiservice_dirty/Dockerfile";
  // The base image is right; the build fails at once (no wget in the base image), so every check that runs the image is skipped.
  const dockerfile = "FROM debian:latest\nRUN wget https://wordpress.org/latest.zip && unzip latest.zip\n";
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "fr-FR" });
  const page = await context.newPage();
  await page.goto(`${workbench.url}/steps/1`);
  const check = page.getByRole("button", { name: "Vérifier", exact: true });
  await check.waitFor({ timeout: 60_000 });
  await saveFromPage(page, FILE, dockerfile);
  await page.reload();
  await page.getByTestId("editor").locator(".monaco-editor").waitFor({ timeout: 90_000 });
  await check.click();

  const build = page.locator('[data-check-id="build"][data-status="fail"] .check-message');
  // The image was not built: the container check says so (or that it waits for the build), in French too.
  const container = page.locator('[data-check-id="container-up"] .check-message');
  const readFrench = async (when: string) => {
    await build.waitFor({ timeout: 5 * 60_000 }).catch(async (error: unknown) => {
      await page.screenshot({ path: path.join(SHOTS, "e2e-messages-french-timeout.png") });
      throw new Error(`${when}: no failed build (results pane: ${await page.locator("#results").innerText()}): ${String(error)}`);
    });
    const buildText = await build.innerText();
    assert.match(buildText, /^L’image \S+ devait se construire ; la construction a échoué à la ligne 2 \(RUN\) : /, `${when}: the build's failure in French (${buildText})`);
    assert.match(buildText, /wget/, `${when}: the engine's words quoted as they are`);
    assert.match(buildText, /Dernières lignes de sortie :/, `${when}: the output's heading in French`);
    assert.doesNotMatch(buildText, /Expected|Last output/, `${when}: no English left`);
    await page.getByTestId("check-score").waitFor({ timeout: 60_000 });
    assert.match(
      await container.innerText(),
      /^(Le conteneur mon_conteneur_wordpress \(image \S+\) devait démarrer ; il n’a pas démarré : |Non vérifiée : il faut d’abord que « .+ » réussisse\.$)/,
      `${when}: the container's check in French`,
    );
  };
  await readFrench("live");
  await page.locator('[data-check-id="build"]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, "e2e-messages-french.png") });

  // A Dockerfile check's failure in French, with the lesson's describe texts in French too (checks.fr.yaml).
  const envRow = page.locator('[data-check-id="env-single-instruction"][data-status="fail"]');
  const envText = await envRow.locator(".check-message").innerText();
  assert.match(
    envText,
    /^Il fallait une seule instruction ENV définissant le mot de passe MySQL \(valeur tempo\), .+ ; le Dockerfile n’a aucune instruction ENV\.$/,
    `the ENV check in French (${envText})`,
  );
  assert.doesNotMatch(envText, /Expected|the MySQL password|value tempo/, "no English left in the ENV check");
  await envRow.scrollIntoViewIfNeeded();
  await envRow.screenshot({ path: path.join(SHOTS, "e2e-messages-french-describe.png") });

  // The stored run keeps its English message (teacher views, CSV, API) beside the text the page says in French.
  const stored = await page.evaluate(async () => (await (await fetch("/api/steps/1/last-check")).json()) as { lastCheck: { results: { id: string; message: string; text?: { key: string } }[] } });
  const result = stored.lastCheck.results.find((r) => r.id === "build")!;
  assert.match(result.message, /^Expected the image \S+ to build; the build failed at line 2 \(RUN\)/);
  assert.equal(result.text?.key, "common.lines");

  await page.reload();
  await readFrench("after a reload");
  await context.close();
});

test("a French student's passing checks and the Check's progress lines read in French (step 7's stack file)", { timeout: 6 * 60_000 }, async () => {
  const FILE = "7_wordpress_official_stack/stack_wordpress.yml";
  // The reference stack file with WordPress given another password than the database's: the
  // credentials check fails, so the checks that would start the stack are skipped (no Docker work).
  const reference = readFileSync(path.join(REPO_ROOT, "lessons/07-official-stack/solution", FILE), "utf8");
  const stack = reference.replace("WORDPRESS_DB_PASSWORD: examplepass", "WORDPRESS_DB_PASSWORD: wrongpass");
  assert.notEqual(stack, reference);
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "fr-FR" });
  const page = await context.newPage();
  await page.goto(`${workbench.url}/steps/7`);
  const check = page.getByRole("button", { name: "Vérifier", exact: true });
  await check.waitFor({ timeout: 60_000 });
  await saveFromPage(page, FILE, stack);
  // Every progress line the Check shows, as it changes; and every progress message the server
  // sends (a quick Check can finish before the page has drawn each of its lines).
  const sent: { message: string; text?: TextRef }[] = [];
  page.on("websocket", (ws) =>
    ws.on("framereceived", ({ payload }) => {
      const message = typeof payload === "string" ? (JSON.parse(payload) as { type?: string; message: string; text?: TextRef }) : undefined;
      if (message?.type === "check.progress") sent.push(message);
    }),
  );
  await page.reload();
  await check.waitFor({ timeout: 60_000 });
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { progressLines: string[] }).progressLines = seen;
    new MutationObserver(() => {
      const line = document.querySelector(".check-progress")?.textContent?.trim();
      if (line && seen.at(-1) !== line) seen.push(line);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await check.click();
  await page.getByTestId("check-score").waitFor({ timeout: 3 * 60_000 });

  const lines = await page.evaluate(() => (window as unknown as { progressLines: string[] }).progressLines);
  assert.ok(lines.length > 0, "the Check showed its progress");
  for (const line of lines) assert.doesNotMatch(line, /Waiting for|Reading your files|Checking:|Every check|Some checks|engine:|static:/, `a progress line in French (${line})`);
  assert.ok(sent.length > 0, "the server sent the Check's progress");
  // What the page shows for each (lib/i18n/localize-server-message.ts): a line without its catalog text would stay English.
  const french = sent.map((progress) => localizedMessage(progress.message, progress.text, "fr"));
  for (const [i, line] of french.entries()) assert.doesNotMatch(line, /Waiting for|Reading your files|Checking:|Every check|Some checks/, `"${sent[i]!.message}" said in French`);
  assert.ok(
    french.some((line) => /^(Lecture de vos fichiers…|En attente de votre moteur Docker…|Vérification : .+)/.test(line)),
    `a progress line of the Check's own in French (${french.join(" | ")})`,
  );

  // The failure is listed first; the passes are folded, and say in French what they found.
  await page.locator('[data-check-id="credentials"][data-status="fail"]').waitFor();
  await page.getByTestId("check-passed").locator("summary").click();
  const services = page.locator('[data-check-id="stack-services"][data-status="pass"] .check-message');
  const images = page.locator('[data-check-id="images"][data-status="pass"] .check-message');
  assert.match(await services.innerText(), /stack_wordpress\.yml déclare le service wordpress et le service db\.$/, "the stack file's success in French");
  assert.match(await images.innerText(), /déclare le service wordpress \(l’image wordpress\) et le service db \(l’image mysql[^)]*\)\.$/, "its details in French too");
  for (const row of [services, images]) assert.doesNotMatch(await row.innerText(), /declares|the service |\(image /, "no English left");
  await services.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, "e2e-messages-french-success.png") });
  await context.close();
});
