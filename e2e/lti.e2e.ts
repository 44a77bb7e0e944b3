/**
 * LTI 1.3 in Debian's Chromium, from the LMS's launch to its gradebook: an LMS (the loopback
 * platform simulator of the integration tests) registered with `npm run admin -- lti-register`;
 * its instructor's launch goes through the real login redirect, the platform's auto-posted form and
 * the launch, and lands signed in on the class page made for the course (with its LMS section); two
 * learners' launches land on the linked step 1. Each pastes a Dockerfile and presses Submit: one
 * the reference solution, the other one whose build fails at once (apt-get install without
 * apt-get update). The second waits in the engine queue, its position shown, while the first is
 * graded in a sandbox of the server's. Each page shows its result; the LMS receives both scores
 * through Assignment and Grade Services as constraints passed / constraints judged (the grader's
 * own counts), completed and fully graded; the teacher's grid shows both students and the
 * analytics the failing constraint. A launch signed with a foreign key shows the refusal page.
 * Cookies, redirects and the cross-site POST are the browser's own.
 */
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { REPO_ROOT, type RunningWorkbench } from "./support/workbench-server";
import { SHOTS, useWorkbenchAndBrowser, waitForTerminal } from "./support/browser";
import { pasteIntoEditor } from "./support/paste-into-editor";
import { ROLES, startPlatformSimulator, type PlatformSimulator, type SimulatedLaunch } from "../server/lti/testing/platform-simulator";

const PORT = Number(process.env.E2E_LTI_PORT ?? 3227);
/** What the pages are looked at on: a common laptop screen. */
const VIEWPORT = { width: 1366, height: 768 };
const DOCKERFILE = "1_worpress_multiservice_dirty/Dockerfile";
const REFERENCE = readFileSync(path.join(REPO_ROOT, "lessons/01-dirty-dockerfile/solution", DOCKERFILE), "utf8");
/** The reference without apt-get update: every static check passes, and the build stops within seconds (apt knows no package yet). */
const WITHOUT_APT_UPDATE = REFERENCE.replace("RUN apt-get update \\\n && DEBIAN_FRONTEND", "RUN DEBIAN_FRONTEND");
/** Step 1's constraints (lessons/01-dirty-dockerfile/checks.yaml). */
const STEP1_CONSTRAINTS = 15;
/**
 * What passes when the build fails: the 6 checks that read the Dockerfile, and the 2 package checks,
 * judged from the apt-get line when there is no image; the build fails and the 6 checks of the
 * image and its container are skipped.
 */
const PASSED_WITHOUT_IMAGE = 8;

let workbench: RunningWorkbench;
let browser: Browser;
let sim: PlatformSimulator;

// Registered first, so it runs first: a listening LMS would keep this process (and the e2e lock) alive
// if the workbench's own stop failed (e.g. an engine's disk still mounted after a failed grade).
after(() => sim?.close());

// Three engines at most: the two learners' own and one grading sandbox. The second submission
// therefore waits in the queue, its place shown, until the first one's sandbox is removed. No
// layer-cache seeding at start: its engines would take places too.
useWorkbenchAndBrowser({ port: PORT, env: { ENGINE_MAX_RUNNING: "3", WB_LAYER_CACHE: "off" } }, (w, b) => {
  workbench = w;
  browser = b;
});

/** The LMS, and its registration with the operator's CLI (in the test: the workbench starts in a hook of its own). */
async function startLms(): Promise<void> {
  sim = await startPlatformSimulator({ toolJwks: async () => (await fetch(`${workbench.url}/api/lti/jwks`)).json() });
  const out = execFileSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "server/admin/admin-cli.ts",
      "lti-register",
      "--issuer",
      sim.issuer,
      "--client-id",
      sim.clientId,
      "--deployment-id",
      sim.deploymentId,
      "--auth-login-url",
      sim.authLoginUrl,
      "--token-url",
      sim.tokenUrl,
      "--jwks-url",
      sim.jwksUrl,
    ],
    { cwd: REPO_ROOT, env: { ...process.env, DATA_DIR: workbench.dataDir, LOG_LEVEL: "warn" }, encoding: "utf8" },
  );
  assert.match(out, /Initiate login URL: +https:\/\/YOUR-WORKBENCH\/api\/lti\/login/);
}

/** Opens the LMS's login initiation in a fresh browser, as clicking the activity in the LMS does. */
async function openFromLms(launch: SimulatedLaunch) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: workbench.url });
  const page = await context.newPage();
  await page.goto(`${workbench.url}/api/lti/login?${sim.loginParams(launch, `${workbench.url}/api/lti/launch`)}`);
  return { context, page };
}

/** Waits for the browser to land on `pattern`; otherwise fails with where it is and what the page says. */
async function landsOn(page: Page, pattern: RegExp): Promise<void> {
  try {
    await page.waitForURL(pattern, { timeout: 20_000 });
  } catch {
    const text = await page
      .locator("body")
      .innerText()
      .catch(() => "(no page)");
    assert.fail(`expected to land on ${pattern}; the browser is on ${page.url()}, which says: ${text.slice(0, 600)}`);
  }
}

/** What the results pane says, for a failure's message. */
const resultsPaneText = (page: Page): Promise<string> =>
  page
    .getByRole("region", { name: "Check results" })
    .innerText()
    .catch(() => "(none)");

/** The submission's progress line as the student reads it (stage: message), once it matches. */
async function progressSays(page: Page, pattern: RegExp, timeout: number): Promise<string> {
  const line = page.locator(".check-progress").filter({ hasText: pattern });
  try {
    await line.waitFor({ timeout });
  } catch {
    const results = await resultsPaneText(page);
    assert.fail(`the progress never said ${pattern}; the results pane says: ${results.slice(0, 800)}`);
  }
  return line.innerText();
}

/** Waits for the graded result; answers the check rows' statuses by id, as the page lists them. */
async function gradedResult(page: Page, timeout: number): Promise<Map<string, string>> {
  const score = page.getByTestId("check-score");
  try {
    await score.waitFor({ timeout });
  } catch {
    const results = await resultsPaneText(page);
    assert.fail(`no grade within ${timeout / 1000} s; the results pane says: ${results.slice(0, 800)}`);
  }
  const rows = await page.locator("[data-check-id]").evaluateAll((elements) => elements.map((e) => [e.getAttribute("data-check-id") ?? "", e.getAttribute("data-status") ?? ""] as const));
  return new Map(rows);
}

const countOf = (statuses: Map<string, string>, status: string) => [...statuses.values()].filter((s) => s === status).length;

test(
  "an LMS launches its instructor onto the course's class and two learners onto step 1; both submit, the LMS gets their scores, the grid and analytics show them; a forged launch is refused",
  { timeout: 8 * 60_000 },
  async () => {
    assert.notEqual(WITHOUT_APT_UPDATE, REFERENCE, "the reference's first RUN starts with apt-get update");
    await startLms();
    const teacher = await openFromLms({ sub: "prof-1", name: "Grace Hopper", roles: [ROLES.instructor], contextId: "course-e2e", contextTitle: "Containers, spring term" });
    await landsOn(teacher.page, /\/teacher\/classes\/[^/]+$/);
    await teacher.page.getByRole("heading", { name: "Containers, spring term" }).waitFor();
    await teacher.page.getByRole("heading", { name: "Scores sent to the LMS" }).waitFor();
    await teacher.page.getByText("No score has been sent yet.").waitFor();
    const teacherCookies = await teacher.context.cookies();
    assert.ok(teacherCookies.some((c) => c.name === "wb_session" && c.httpOnly));
    assert.ok(!teacherCookies.some((c) => c.name.startsWith("wb_lti_")), "the login's state cookie is spent by the launch");
    await teacher.page.screenshot({ path: path.join(SHOTS, "lti-teacher-class.png"), fullPage: true });

    const ada = await openFromLms({ sub: "learner-1", name: "Ada Lovelace", roles: [ROLES.learner], contextId: "course-e2e", custom: { step: "1" } });
    await landsOn(ada.page, /\/steps\/1$/);
    assert.ok((await ada.context.cookies()).some((c) => c.name === "wb_student"));
    await ada.page.screenshot({ path: path.join(SHOTS, "lti-learner-step.png") });
    // A second learner (her engine starts while the teacher looks).
    const margaret = await openFromLms({ sub: "learner-2", name: "Margaret Hamilton", roles: [ROLES.learner], contextId: "course-e2e", custom: { step: "1" } });
    await landsOn(margaret.page, /\/steps\/1$/);

    await teacher.page.reload();
    await teacher.page
      .getByRole("rowheader", { name: /Ada Lovelace/ })
      .or(teacher.page.getByRole("cell", { name: /Ada Lovelace/ }))
      .first()
      .waitFor();

    const forged = await openFromLms({ sub: "learner-3", roles: [ROLES.learner], contextId: "course-e2e", tamper: { foreignKey: true } });
    await forged.page.getByRole("heading", { name: "This launch from your LMS was refused" }).waitFor();
    await forged.page.getByRole("alert").filter({ hasText: "signature does not match" }).waitFor();
    assert.ok(!(await forged.context.cookies()).some((c) => c.name === "wb_session"));
    await forged.page.screenshot({ path: path.join(SHOTS, "lti-refused.png") });
    await forged.context.close();

    // Each learner's page: the step's Dockerfile open in the editor and a shell in their own engine
    // (two of the server's three places).
    for (const { page } of [ada, margaret]) {
      await page.getByRole("tab", { name: "Dockerfile" }).waitFor({ timeout: 60_000 });
      await waitForTerminal(page, /learner@[^:\s]+:\S*\$/, 120_000);
    }

    // Ada pastes the reference solution and submits: the server grades it in a sandbox of its own.
    const submit = (page: Page) => page.getByRole("button", { name: /^Submit/ });
    await pasteIntoEditor(ada.page, REFERENCE);
    await submit(ada.page).click();
    await progressSays(ada.page, /Starting a fresh grading sandbox|build: /, 60_000);

    // Margaret's build will fail at once; her submission waits for the third place, and says so.
    await pasteIntoEditor(margaret.page, WITHOUT_APT_UPDATE);
    await submit(margaret.page).click();
    const queued = await progressSays(margaret.page, /number 1 in the queue/, 30_000);
    assert.match(queued.trim(), /^queue: Every Docker engine of this server is in use: your submission is number 1 in the queue\./);
    await margaret.page.screenshot({ path: path.join(SHOTS, "lti-submission-queued.png") });

    // Ada's page follows the build, step by step, with a progress bar.
    await progressSays(ada.page, /build: Build step \d+ of \d+/, 120_000);
    const bar = ada.page.getByRole("progressbar");
    assert.match((await bar.getAttribute("aria-valuenow")) ?? "", /^\d+$/, "the build's progress is a number");
    await ada.page.screenshot({ path: path.join(SHOTS, "lti-submission-building.png") });

    const adaResult = await gradedResult(ada.page, 5 * 60_000);
    assert.equal(adaResult.size, STEP1_CONSTRAINTS);
    assert.equal(countOf(adaResult, "pass"), STEP1_CONSTRAINTS, `every check passes: ${JSON.stringify([...adaResult])}`);
    assert.match(await ada.page.getByTestId("check-score").innerText(), /Score 100%\s*Passed/);
    await ada.page.screenshot({ path: path.join(SHOTS, "lti-submission-passed.png") });

    const margaretResult = await gradedResult(margaret.page, 2 * 60_000);
    assert.equal(margaretResult.size, STEP1_CONSTRAINTS);
    assert.equal(margaretResult.get("build"), "fail");
    for (const id of ["container-up", "image-env", "services-running", "sources-in-place", "site-answers", "mysql-admin"]) assert.equal(margaretResult.get(id), "skip", `${id} waits for the image`);
    assert.equal(countOf(margaretResult, "pass"), PASSED_WITHOUT_IMAGE);
    const buildRow = margaret.page.locator('[data-check-id="build"]');
    const buildText = await buildRow.innerText();
    assert.match(buildText, /Unable to locate package/);
    // apt's red "E:" lines arrive with the terminal's colour codes: the page shows the words only.
    assert.doesNotMatch(buildText, /\u001b|\[0m|\[91m/);
    // Its location opens the line that failed in the editor.
    await buildRow.locator(".check-location").click();
    await margaret.page.getByTestId("editor").locator(".view-lines").filter({ hasText: "RUN DEBIAN_FRONTEND=noninteractive apt-get install" }).waitFor();
    await buildRow.scrollIntoViewIfNeeded();
    assert.match(await margaret.page.getByTestId("check-score").innerText(), /Score 53\.3%\s*Not passed yet/);
    await margaret.page.getByRole("region", { name: "Check results" }).getByRole("status").filter({ hasText: "Submission graded" }).waitFor();
    await margaret.page.screenshot({ path: path.join(SHOTS, "lti-submission-failed.png") });

    // The LMS: one line item for step 1, and each learner's score as the grader counted it (passed
    // constraints out of those judged, as the pages above list them), completed and fully graded.
    const deadline = Date.now() + 30_000;
    while (sim.scores.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
    assert.equal(sim.scores.length, 2, `two scores reached the LMS: ${JSON.stringify(sim.scores)}`);
    assert.equal(sim.lineItems.length, 1);
    const [lineItem] = sim.lineItems;
    assert.equal(lineItem?.resourceId, "step-1");
    assert.equal(lineItem?.scoreMaximum, STEP1_CONSTRAINTS);
    assert.match(lineItem?.label ?? "", /^Step 1: /);
    const scoreOf = (sub: string) => sim.scores.find((score) => score.userId === sub);
    for (const [sub, statuses] of [
      ["learner-1", adaResult],
      ["learner-2", margaretResult],
    ] as const) {
      const score = scoreOf(sub);
      assert.ok(score, `a score for ${sub}`);
      assert.equal(score.lineItemId, lineItem?.id);
      assert.equal(score.scoreGiven, countOf(statuses, "pass"));
      assert.equal(score.scoreMaximum, statuses.size);
      assert.equal(score.activityProgress, "Completed");
      assert.equal(score.gradingProgress, "FullyGraded");
    }
    assert.deepEqual(
      [scoreOf("learner-1"), scoreOf("learner-2")].map((score) => [score?.scoreGiven, score?.scoreMaximum]),
      [
        [STEP1_CONSTRAINTS, STEP1_CONSTRAINTS],
        [PASSED_WITHOUT_IMAGE, STEP1_CONSTRAINTS],
      ],
    );
    assert.ok(sim.tokenRequests.length > 0 && sim.tokenRequests.every((request) => request.ok), JSON.stringify(sim.tokenRequests));

    // The teacher: both students in the grid, each state and score; the LMS section says both were sent.
    await teacher.page.reload();
    const grid = teacher.page.getByRole("table", { name: "Progress of the students of “Containers, spring term”, step by step" });
    const cellOf = (name: string) => grid.getByRole("row").filter({ hasText: name }).getByRole("cell").first();
    assert.match(await cellOf("Ada Lovelace").innerText(), /passed\s+best graded 100 %\s+1 attempt/);
    assert.match(await cellOf("Margaret Hamilton").innerText(), /submitted\s+best graded 53 %\s+1 attempt/);
    // An LMS gives no e-mail the workbench may show: its placeholder address stays out of the grid.
    assert.doesNotMatch(await grid.getByRole("row").filter({ hasText: "Ada Lovelace" }).innerText(), /@|\.invalid/);
    // At 1366×768 each line of a cell stays whole ("best graded 100 %" was cut into three lines), and the nine steps fit without scrolling sideways.
    const cutLines = await grid.locator("tbody td > span").evaluateAll((lines) =>
      lines
        .filter((line) => {
          const range = document.createRange();
          range.selectNodeContents(line);
          return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size > 1;
        })
        .map((line) => line.textContent),
    );
    assert.deepEqual(cutLines, []);
    const gridRegion = teacher.page.getByRole("region", { name: "Progress of the students of “Containers, spring term”, step by step" });
    assert.ok(await gridRegion.evaluate((region) => region.scrollWidth <= region.clientWidth), "the grid's nine steps fit at 1366 px");
    await teacher.page.screenshot({ path: path.join(SHOTS, "lti-teacher-grid.png") });
    // Below the grid, a due date's label is text beside its field, not a box that looks like another field.
    const dueLabel = teacher.page.locator("label").filter({ hasText: /^Step 1 due$/ });
    assert.equal(await dueLabel.evaluate((label) => getComputedStyle(label).borderTopStyle), "none");
    const lms = teacher.page.getByRole("region", { name: "Scores sent to the LMS" });
    // Each score by the student's name from their launch, the LMS's id below it; never the placeholder address.
    const sentRow = (name: string) => lms.getByRole("row").filter({ hasText: name });
    assert.match(await sentRow("Ada Lovelace").innerText(), /^1\s+Ada Lovelace\s+LMS id learner-1\s+15\/15\s+Sent /);
    assert.match(await sentRow("Margaret Hamilton").innerText(), /^1\s+Margaret Hamilton\s+LMS id learner-2\s+8\/15\s+Sent /);
    assert.doesNotMatch(await lms.innerText(), /\.invalid/);

    // The analytics: one of two students passed; the one who has not is stopped by the build.
    const analytics = teacher.page.getByRole("region", { name: "Step 1: where students get stuck" });
    // Ada passed with her first run: one run, not "1 runs", and no time between her first run and her pass.
    assert.match(await analytics.innerText(), /2 students checked this step, 1 passed it\. Median to a first pass: 1 run, 0 minutes\./);
    const firstFailing = analytics.getByRole("table", { name: /^Where the students who have not passed are/ });
    assert.deepEqual(
      (await firstFailing.getByRole("row").allInnerTexts()).slice(1).map((row) => row.replace(/\s+/g, " ").trim()),
      ["The image builds as mon_image_wordpress 1"],
    );
    const past = analytics.getByRole("table", { name: "Students past each constraint of step 1, in their latest run" });
    assert.match(await past.getByRole("row").filter({ hasText: "The image builds as mon_image_wordpress" }).innerText(), /1 of 2 \(50 %\)/);
    const messages = analytics.getByRole("table", { name: /^Failure messages seen most/ });
    const buildMessage = messages.getByRole("row").filter({ hasText: "The image builds as mon_image_wordpress" });
    assert.equal(await buildMessage.count(), 1);
    assert.match(await buildMessage.innerText(), /^Expected the image mon_image_wordpress to build[^]*\s1\s+1$/);
    // What the teacher sees scrolled to the analytics, and the whole section (its two charts and tables).
    await analytics.getByRole("heading").evaluate((heading) => heading.scrollIntoView({ block: "start" }));
    await teacher.page.waitForTimeout(500); // the bars grow for 300 ms
    await teacher.page.screenshot({ path: path.join(SHOTS, "lti-teacher-analytics.png") });
    await analytics.screenshot({ path: path.join(SHOTS, "lti-teacher-analytics-section.png") });

    for (const session of [teacher, ada, margaret]) await session.context.close();
  },
);
