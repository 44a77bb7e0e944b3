/**
 * A teacher and a class, in Debian's Chromium against the real workbench: a teacher account made
 * with `npm run admin -- create-user`, signed in with its one-time password and made to choose its
 * own; a class created with its join link; a student in another browser context opens the link,
 * joins and attaches their work to an account (and gets no teacher page); the teacher sees them in
 * the class's grid, which axe finds no serious fault in.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { REPO_ROOT, type RunningWorkbench } from "./support/workbench-server";
import { SHOTS, useWorkbenchAndBrowser } from "./support/browser";
import { createUserWithCli } from "./support/create-user-with-cli";
import { describeViolations, seriousViolations } from "./support/axe";

const PORT = Number(process.env.E2E_TEACHER_PORT ?? 3225);
let workbench: RunningWorkbench;
let browser: Browser;

useWorkbenchAndBrowser({ port: PORT }, (w, b) => {
  workbench = w;
  browser = b;
});

test("a teacher made with the CLI creates a class, a student joins by its link, the teacher sees them", { timeout: 4 * 60_000 }, async () => {
  const oneTime = createUserWithCli(workbench, "teacher", "teacher@example.org");

  // The teacher: /teacher sends them to sign in; the one-time password must be replaced first.
  const teacherContext = await browser.newContext();
  const teacher = await teacherContext.newPage();
  await teacher.goto(`${workbench.url}/teacher`);
  await teacher.waitForURL(/\/sign-in$/);
  await teacher.getByLabel("E-mail").fill("teacher@example.org");
  await teacher.getByLabel("Password", { exact: true }).fill("not it at all");
  await teacher.getByRole("button", { name: "Sign in" }).click();
  await teacher.getByRole("alert").filter({ hasText: "do not match an account" }).waitFor();
  await teacher.getByLabel("Password", { exact: true }).fill(oneTime);
  await teacher.getByRole("button", { name: "Sign in" }).click();
  await teacher.getByRole("heading", { name: "Choose your own password" }).waitFor();
  await teacher.getByLabel("New password", { exact: true }).fill("teacher's own password");
  await teacher.getByLabel("New password again").fill("teacher's own password");
  await teacher.getByRole("button", { name: "Save my password" }).click();
  await teacher.waitForURL(/\/teacher$/);
  const cookies = await teacherContext.cookies();
  const session = cookies.find((cookie) => cookie.name === "wb_session");
  assert.ok(session?.httpOnly && session.sameSite === "Lax", "the session cookie is HttpOnly and SameSite=Lax");

  // A class covering steps 1 to 3 only.
  await teacher.getByLabel("Class name").fill("Thursday group");
  for (const step of [4, 5, 6, 7, 8, 9]) await teacher.getByRole("checkbox", { name: new RegExp(`^${step}\\. `) }).uncheck();
  await teacher.getByRole("button", { name: "Create the class" }).click();
  const joinLink = await teacher.getByTestId("join-link").getAttribute("href");
  assert.match(joinLink ?? "", /^\/join\/[A-HJKMNP-Z2-9]{8}$/);
  await teacher.getByRole("link", { name: "Thursday group" }).waitFor();
  await teacher.screenshot({ path: path.join(SHOTS, "teacher-classes.png"), fullPage: true });

  // The student, in another browser: anonymous, opens the link, joins, signs up.
  const studentContext = await browser.newContext();
  const student = await studentContext.newPage();
  await student.goto(`${workbench.url}${joinLink}`);
  await student.getByRole("heading", { name: "Join the class “Thursday group”" }).waitFor();
  await student.getByText("This class covers steps 1, 2, 3.").waitFor();
  await student.getByRole("button", { name: "Join this class" }).click();
  await student.getByRole("status").filter({ hasText: "You are in the class" }).waitFor();
  await student.screenshot({ path: path.join(SHOTS, "teacher-join.png"), fullPage: true });
  await student.getByLabel("E-mail").fill("learner@example.org");
  await student.getByLabel("New password", { exact: true }).fill("learner password");
  await student.getByLabel("New password again").fill("learner password");
  await student.getByRole("button", { name: "Create my account" }).click();
  await student.getByRole("status").filter({ hasText: "attached to learner@example.org" }).waitFor();
  // Signed in as a student, there is no teacher page.
  const forbidden = await student.goto(`${workbench.url}/teacher`);
  assert.equal(forbidden?.status(), 404);

  // The teacher's grid shows the student, with the class's three steps.
  await teacher.getByRole("link", { name: "Thursday group" }).click();
  const table = teacher.getByRole("table", { name: "Progress of the students of “Thursday group”, step by step" });
  await table.waitFor();
  // (The sorted column's arrow is for the eye only: aria-sort says it.)
  const headers = (await table.getByRole("columnheader").allInnerTexts()).map((text) => text.replace(/\s*[▲▼]$/, ""));
  assert.deepEqual(headers, ["Student", "Step 1", "Step 2", "Step 3", "Last activity"]);
  const row = table.getByRole("row").filter({ hasText: "learner@example.org" });
  assert.equal(await row.count(), 1);
  assert.match(await row.innerText(), /not started/);
  // The grid filters by name or e-mail and sorts by any column, saying the order to screen readers.
  const filter = teacher.getByLabel("Find a student (name or e-mail)");
  await filter.fill("nobody-like-this");
  await teacher.getByRole("status").filter({ hasText: "0 of 1 student shown" }).waitFor();
  assert.equal(await table.getByRole("row").count(), 1); // the header row only
  await filter.fill("LEARNER@");
  assert.equal(await table.getByRole("row").filter({ hasText: "learner@example.org" }).count(), 1);
  await filter.fill("");
  await table.getByRole("button", { name: "Step 1" }).click();
  assert.equal(await table.getByRole("columnheader", { name: /^Step 1/ }).getAttribute("aria-sort"), "ascending");
  await teacher.screenshot({ path: path.join(SHOTS, "teacher-class-grid.png"), fullPage: true });
  const violations = await seriousViolations(teacher);
  assert.deepEqual(violations, [], describeViolations(violations));

  // Failure analytics per step: nobody has checked yet, and the page says so.
  const analytics = teacher.getByRole("region", { name: "Step 1: where students get stuck" });
  await analytics.waitFor();
  assert.match(await analytics.innerText(), /Nobody has checked this step yet/);

  // The teacher opens step 1's reference solution to the class; the student reads it in the lesson.
  await teacher.getByRole("group", { name: "Reference solutions" }).getByRole("checkbox", { name: "Step 1" }).check();
  await teacher.getByRole("status").filter({ hasText: "can now read the reference solution of step 1" }).waitFor();
  await student.goto(`${workbench.url}/steps/1`);
  const solution = student.locator("details.reference-solution");
  await solution.getByText("Show the reference solution").click();
  await solution.locator("pre").first().waitFor();
  assert.match(await solution.innerText(), /FROM debian:latest/);
  await student.screenshot({ path: path.join(SHOTS, "teacher-solution-opened.png") });

  // A due date for step 1, already past: the student's lesson says a submission now is late.
  await teacher.getByLabel("Step 1 due").fill("2026-01-05T18:00");
  await teacher.getByRole("button", { name: "Save", exact: true }).first().click();
  await teacher.getByRole("status").filter({ hasText: "Step 1 is now due" }).waitFor();
  await student.reload();
  await student.getByText(/Was due .*2026.*: a submission now is marked late\./).waitFor();

  // A submission recorded after it (as the grader stores one): late in the grid, and its teacher opens it.
  const grid = teacher.getByRole("table", { name: "Progress of the students of “Thursday group”, step by step" });
  await grid.getByRole("columnheader", { name: /Step 1\s+due Jan 5, 2026/ }).waitFor();
  const workLink = grid.getByRole("link", { name: /^Open the work of .* on step 1$/ });
  const studentId = /\/students\/([^/]+)\/steps\/1$/.exec((await workLink.getAttribute("href")) ?? "")?.[1];
  assert.ok(studentId, "the grid links to the student's work on step 1");
  execFileSync(process.execPath, ["--import", "tsx", "e2e/support/seed-submission.ts", decodeURIComponent(studentId), "1", "50"], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATA_DIR: workbench.dataDir, LOG_LEVEL: "warn" },
  });
  await teacher.reload();
  const lateCell = grid.getByRole("row").filter({ hasText: "learner@example.org" }).getByRole("cell").first();
  assert.match(await lateCell.innerText(), /submitted\s+late\s+best graded 50 %/);
  await workLink.click();
  await teacher.getByRole("heading", { name: /, step 1$/ }).waitFor();
  const timeline = teacher.getByRole("region", { name: "Every Check and submission, newest first" });
  assert.match(await timeline.innerText(), /Submission\s+late\s+50 %\s+The database settings are in ENV/);
  await teacher.getByText("No ENV instruction sets WORDPRESS_DB_HOST.", { exact: false }).waitFor();
  // The graded Dockerfile in a read-only editor: shown, and typing changes nothing.
  const editor = teacher.getByRole("tabpanel").locator(".monaco-editor");
  await editor.locator(".view-lines").filter({ hasText: "apt-get install -y apache2" }).waitFor({ timeout: 30_000 });
  await editor.click();
  await teacher.keyboard.type("EXTRA");
  assert.doesNotMatch(await editor.locator(".view-lines").innerText(), /EXTRA/);
  assert.match(await teacher.getByLabel("Build log").innerText(), /load build definition/);
  await teacher.screenshot({ path: path.join(SHOTS, "teacher-student-work.png"), fullPage: true });
  const workViolations = await seriousViolations(teacher);
  assert.deepEqual(workViolations, [], describeViolations(workViolations));

  // An extension for this student only: the submission is on time for them now.
  const nextYear = `${new Date().getFullYear() + 1}-01-05T18:00`;
  await teacher.getByLabel("Due", { exact: true }).fill(nextYear);
  await teacher.getByRole("button", { name: "Give this date" }).click();
  await teacher.getByRole("status").filter({ hasText: "is due" }).waitFor();
  await teacher.getByText(/this student's own date/).waitFor();
  assert.doesNotMatch(await timeline.innerText(), /late/);
  await teacher.getByRole("link", { name: "Back to the class" }).click();
  const extendedCell = grid.getByRole("row").filter({ hasText: "learner@example.org" }).getByRole("cell").first();
  assert.match(await extendedCell.innerText(), /own date/);
  assert.doesNotMatch(await extendedCell.innerText(), /late/);

  // Step 1's analytics chart that run: a bar chart beside each of its two tables (constraints passed, where stuck).
  const charts = analytics.getByRole("img", { name: "Bar chart of the figures in the next table" });
  await charts.nth(1).waitFor();
  assert.equal(await charts.count(), 2);
  await teacher.waitForTimeout(500); // the bars grow for 300 ms
  await analytics.screenshot({ path: path.join(SHOTS, "teacher-class-analytics.png") });
  const chartViolations = await seriousViolations(teacher);
  assert.deepEqual(chartViolations, [], describeViolations(chartViolations));

  // The same grid as a spreadsheet: the download has the student's row.
  const [download] = await Promise.all([teacher.waitForEvent("download"), teacher.getByRole("link", { name: "Download grades (CSV)" }).click()]);
  assert.match(download.suggestedFilename(), /^Thursday-group-grades-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync(await download.path(), "utf8");
  assert.match(csv, /^student,email,last activity \(UTC\),step 1 status,step 1 best graded score/);
  assert.match(csv, /\r\n[^\r\n]*,learner@example\.org,[^\r\n]*\r\n/);

  // Signing out deletes the session: the teacher page asks to sign in again.
  await teacher.getByRole("button", { name: "Sign out" }).click();
  await teacher.waitForURL(/\/sign-in$/);
  await teacher.goto(`${workbench.url}/teacher`);
  await teacher.waitForURL(/\/sign-in$/);

  await teacherContext.close();
  await studentContext.close();
});
