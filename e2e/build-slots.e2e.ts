/**
 * Build slots in the browser (CHECK_BUILD_SLOTS=1): two students press Check one after the other
 * with a step-1 Dockerfile that takes a few seconds to build. The first builds at once; the
 * second's Check panel says, in French for a French browser, that it waits for a build slot and its
 * place, then builds once the first is done. Screenshot in test-results/build-slot-waiting-fr.png.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import type { RunningWorkbench } from "./support/workbench-server";
import { SHOTS, useWorkbenchAndBrowser } from "./support/browser";

const PORT = Number(process.env.E2E_BUILD_SLOTS_PORT ?? 3241);
const FILE = "1_worpress_multiservice_dirty/Dockerfile";
let workbench: RunningWorkbench;
let browser: Browser;

useWorkbenchAndBrowser({ port: PORT, env: { CHECK_BUILD_SLOTS: "1" } }, (w, b) => {
  workbench = w;
  browser = b;
});

/** A new student on step 1 whose Dockerfile builds in a few seconds (its own line: nothing cached). */
async function studentWithSmallBuild(locale: string, name: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale });
  const page = await context.newPage();
  await page.goto(`${workbench.url}/steps/1`);
  await page.getByTestId("editor").locator(".monaco-editor").waitFor({ timeout: 90_000 });
  const content = `FROM debian:latest\nRUN echo ${name} > /who && sleep 12\n`;
  const status = await page.evaluate(async ({ file, content }) => (await fetch(`/api/files/content?path=${encodeURIComponent(file)}`, { method: "PUT", body: content })).status, {
    file: FILE,
    content,
  });
  assert.equal(status, 200);
  await page.reload();
  await page.getByTestId("editor").locator(".monaco-editor").waitFor({ timeout: 90_000 });
  return page;
}

test("with one build slot, the second student's Check says it waits for a build slot and their place, then builds", { timeout: 8 * 60_000 }, async () => {
  const alice = await studentWithSmallBuild("en-GB", "alice");
  const bruno = await studentWithSmallBuild("fr-FR", "bruno");

  await alice.getByRole("button", { name: "Check", exact: true }).click();
  // Alice's build has the slot once her panel shows the build going.
  await alice
    .locator(".check-progress")
    .filter({ hasText: /build: (Sending the build context|Build step)/ })
    .waitFor({ timeout: 3 * 60_000 });
  await bruno.getByRole("button", { name: "Vérifier", exact: true }).click();
  const waiting = bruno.locator(".check-progress").filter({ hasText: "file d’attente : En attente d’une place pour construire : vous êtes numéro 1 sur 1 en attente." });
  await waiting.waitFor({ timeout: 60_000 });
  await bruno.screenshot({ path: path.join(SHOTS, "build-slot-waiting-fr.png") });
  // Once Alice's build is over, Bruno's starts.
  await bruno
    .locator(".check-progress")
    .filter({ hasText: /construction : (Envoi du contexte|Étape de construction)/ })
    .waitFor({ timeout: 3 * 60_000 });
  assert.equal(
    await alice
      .locator(".check-progress")
      .filter({ hasText: /queue:/ })
      .count(),
    0,
    "the first student never waits",
  );
  await bruno.context().close();
  await alice.context().close();
});
