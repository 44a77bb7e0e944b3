/**
 * A teacher re-grades a step after its checks changed, in Debian's Chromium against the real
 * workbench serving a one-step course (LESSONS_DIR) whose checks.yaml now also asks for a USER
 * instruction. Two students' submissions were graded with the first checks (e2e/support/seed-regrade.ts).
 * From the keyboard: "Re-grade step 1", the preview (progress, then who changes and which constraint),
 * a reload that finds it again, Apply, and the grid showing the new grade.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { REPO_ROOT, type RunningWorkbench } from "./support/workbench-server";
import { SHOTS, useWorkbenchAndBrowser } from "./support/browser";
import { createUserWithCli } from "./support/create-user-with-cli";
import { describeViolations, seriousViolations } from "./support/axe";
import { writeTinyCourse } from "../server/grading-services/testing/regrade-course";

const PORT = Number(process.env.E2E_REGRADE_PORT ?? 3231);
const firstChecks = mkdtempSync(path.join(os.tmpdir(), "wb-e2e-regrade-first-"));
const currentChecks = mkdtempSync(path.join(os.tmpdir(), "wb-e2e-regrade-now-"));
for (const dir of [firstChecks, currentChecks]) chmodSync(dir, 0o755); // the server reads them as its own unprivileged user (WB_SERVER_USER)
writeTinyCourse(firstChecks, "first");
writeTinyCourse(currentChecks, "stricter");
let workbench: RunningWorkbench;
let browser: Browser;

useWorkbenchAndBrowser({ port: PORT, env: { LESSONS_DIR: currentChecks } }, (w, b) => {
  workbench = w;
  browser = b;
});

const run = (script: string, args: string[], env: Record<string, string> = {}) =>
  execFileSync(process.execPath, ["--import", "tsx", script, ...args], { cwd: REPO_ROOT, env: { ...process.env, DATA_DIR: workbench.dataDir, LOG_LEVEL: "warn", ...env }, encoding: "utf8" });

test("a teacher previews a step's re-grade after its checks changed, reloads, applies it, and the grid shows the new grades", { timeout: 4 * 60_000 }, async () => {
  const oneTime = createUserWithCli(workbench, "teacher", "regrader@example.org");
  const context = await browser.newContext();
  const teacher = await context.newPage();
  await teacher.goto(`${workbench.url}/teacher`);
  await teacher.waitForURL(/\/sign-in$/);
  await teacher.getByLabel("E-mail").fill("regrader@example.org");
  await teacher.getByLabel("Password", { exact: true }).fill(oneTime);
  await teacher.getByRole("button", { name: "Sign in" }).click();
  await teacher.getByLabel("New password", { exact: true }).fill("regrader's own password");
  await teacher.getByLabel("New password again").fill("regrader's own password");
  await teacher.getByRole("button", { name: "Save my password" }).click();
  await teacher.waitForURL(/\/teacher$/);
  await teacher.getByLabel("Class name").fill("Re-grade group");
  await teacher.getByRole("button", { name: "Create the class" }).click();
  await teacher.getByRole("link", { name: "Re-grade group" }).click();
  await teacher.waitForURL(/\/teacher\/classes\/[^/]+$/);
  const classId = decodeURIComponent(/\/teacher\/classes\/([^/]+)$/.exec(teacher.url())![1]!);
  run("e2e/support/seed-regrade.ts", [classId], { LESSONS_DIR: firstChecks });
  await teacher.reload();

  const grid = teacher.getByRole("table", { name: "Progress of the students of “Re-grade group”, step by step" });
  const cellOf = (name: string) => grid.getByRole("row").filter({ hasText: name }).getByRole("cell").first();
  assert.match(await cellOf("Ada Lovelace").innerText(), /passed/);

  const section = teacher.getByRole("region", { name: "Step 1: re-grade with the current checks" });
  const start = section.getByRole("button", { name: "Re-grade step 1" });
  await start.focus();
  await teacher.keyboard.press("Enter");
  await section.getByRole("status").filter({ hasText: "Preview ready: 2 of 2 students would change." }).waitFor({ timeout: 60_000 });
  // A reload finds the preview where it was.
  await teacher.reload();
  const table = section.getByRole("table", { name: "Step 1: each student's latest submission, as graded → with the current checks" });
  await table.waitFor();
  const ada = table.getByRole("row").filter({ hasText: "Ada Lovelace" });
  assert.match(await ada.innerText(), /100 % → 66\.7 %\s+yes → no\s+The image names the USER that runs it: new → fail/);
  assert.match(await table.getByRole("row").filter({ hasText: "Grace Hopper" }).innerText(), /100 % → 100 %\s+yes → yes\s+The image names the USER that runs it: new → pass/);
  await section.screenshot({ path: path.join(SHOTS, "regrade-preview.png") });
  const violations = await seriousViolations(teacher);
  assert.deepEqual(violations, [], describeViolations(violations));

  const apply = section.getByRole("button", { name: "Apply the new grades" });
  await apply.focus();
  await teacher.keyboard.press("Enter");
  await section
    .getByRole("status")
    .filter({ hasText: /Applied on .*: the new results are the students' grades/ })
    .waitFor();
  await grid.waitFor();
  await teacher.reload();
  // The grid rounds to whole percents; the re-grade is no attempt of the student's.
  assert.match(await cellOf("Ada Lovelace").innerText(), /submitted\s+best graded 67 %\s+1 attempt/);
  assert.match(await cellOf("Grace Hopper").innerText(), /passed/);
  await teacher.screenshot({ path: path.join(SHOTS, "regrade-applied.png"), fullPage: true });
  await context.close();
});
