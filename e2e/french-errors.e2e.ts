/**
 * A French student meets the routes' refusals in French, in Debian's Chromium against the real
 * workbench: a wrong password on the sign-in page, an upload over the workbench's limit in the
 * file editor (the server's 413 answer, its size in Mio), and the browser's own failure when the
 * server cannot be reached (a file created while the network is cut). Screenshots at 1366x768.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import type { Browser } from "playwright-core";
import type { RunningWorkbench } from "./support/workbench-server";
import { SHOTS, useWorkbenchAndBrowser } from "./support/browser";

const PORT = Number(process.env.E2E_FRENCH_ERRORS_PORT ?? 3233);
let workbench: RunningWorkbench;
let browser: Browser;

useWorkbenchAndBrowser({ port: PORT }, (w, b) => {
  workbench = w;
  browser = b;
});

test("a French student reads a refused sign-in, a refused upload and a lost connection in French", { timeout: 4 * 60_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "fr-FR" });
  const page = await context.newPage();

  await page.goto(`${workbench.url}/sign-in`);
  await page.locator('input[type="email"]').fill("eleve@example.org");
  await page.locator('input[type="password"]').fill("pas le bon mot de passe");
  await page.locator('form button[type="submit"]').click();
  const alert = page.getByRole("alert").filter({ hasText: "Cette adresse e-mail et ce mot de passe ne correspondent à aucun compte." });
  await alert.waitFor({ timeout: 15_000 });
  await page.screenshot({ path: path.join(SHOTS, "french-error-sign-in.png") });

  await page.goto(`${workbench.url}/steps/1`);
  await page.getByTestId("editor").locator(".monaco-editor").waitFor({ timeout: 60_000 });
  const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.getByRole("button", { name: "Importer des fichiers" }).click()]);
  await chooser.setFiles({ name: "trop-gros.bin", mimeType: "application/octet-stream", buffer: Buffer.alloc(21 * 1024 * 1024, 0x61) });
  const notice = page.getByText("Un import peut contenir au plus 20\u00a0Mio.", { exact: false });
  await notice.waitFor({ timeout: 30_000 });
  assert.match((await notice.first().textContent()) ?? "", /Impossible d’importer trop-gros\.bin : Un import peut contenir au plus 20\u00a0Mio\./);
  await page.screenshot({ path: path.join(SHOTS, "french-error-upload.png") });

  // The network cut as the file is written: no route answers, the browser's own line says so in French.
  await page.route("**/api/files/content?**", (route) => (route.request().method() === "PUT" ? route.abort("internetdisconnected") : route.continue()));
  await page.getByRole("button", { name: "Nouveau fichier", exact: true }).click();
  await page.getByPlaceholder("ex. start.sh ou apache_wordpress/Dockerfile").fill("coupure.txt");
  await page.getByRole("button", { name: "Créer", exact: true }).click();
  const offline = page.getByText("Le serveur de l’atelier ne répond pas. Vérifiez votre connexion, puis réessayez.", { exact: false });
  await offline.waitFor({ timeout: 15_000 });
  assert.match((await offline.first().textContent()) ?? "", /Impossible de créer .*coupure\.txt : Le serveur de l’atelier ne répond pas\./);
  await page.screenshot({ path: path.join(SHOTS, "french-error-offline.png") });
  await context.close();
});
