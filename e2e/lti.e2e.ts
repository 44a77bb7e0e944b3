/**
 * LTI 1.3 in Debian's Chromium: an LMS (the loopback platform simulator of the integration tests)
 * registered with `npm run admin -- lti-register`; its instructor's launch goes through the real
 * login redirect, the platform's auto-posted form and the launch, and lands signed in on the class
 * page made for the course (with its LMS section); a learner's lands on the linked step; a launch
 * signed with a foreign key shows the refusal page. Cookies, redirects and the cross-site POST are
 * the browser's own.
 */
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { REPO_ROOT, type RunningWorkbench } from "./support/workbench-server";
import { SHOTS, useWorkbenchAndBrowser } from "./support/browser";
import { ROLES, startPlatformSimulator, type PlatformSimulator, type SimulatedLaunch } from "../server/lti/testing/platform-simulator";

const PORT = Number(process.env.E2E_LTI_PORT ?? 3227);
let workbench: RunningWorkbench;
let browser: Browser;
let sim: PlatformSimulator;

useWorkbenchAndBrowser({ port: PORT }, (w, b) => {
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

after(() => sim?.close());

/** Opens the LMS's login initiation in a fresh browser, as clicking the activity in the LMS does. */
async function openFromLms(launch: SimulatedLaunch) {
  const context = await browser.newContext();
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

test("an instructor's launch opens the class made for the course; a learner's opens the linked step; a forged one is refused", { timeout: 3 * 60_000 }, async () => {
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

  const learner = await openFromLms({ sub: "learner-1", name: "Ada Lovelace", roles: [ROLES.learner], contextId: "course-e2e", custom: { step: "1" } });
  await landsOn(learner.page, /\/steps\/1$/);
  assert.ok((await learner.context.cookies()).some((c) => c.name === "wb_student"));
  await learner.page.screenshot({ path: path.join(SHOTS, "lti-learner-step.png") });

  await teacher.page.reload();
  await teacher.page
    .getByRole("rowheader", { name: /Ada Lovelace/ })
    .or(teacher.page.getByRole("cell", { name: /Ada Lovelace/ }))
    .first()
    .waitFor();

  const forged = await openFromLms({ sub: "learner-2", roles: [ROLES.learner], contextId: "course-e2e", tamper: { foreignKey: true } });
  await forged.page.getByRole("heading", { name: "This launch from your LMS was refused" }).waitFor();
  await forged.page.getByRole("alert").filter({ hasText: "signature does not match" }).waitFor();
  assert.ok(!(await forged.context.cookies()).some((c) => c.name === "wb_session"));
  await forged.page.screenshot({ path: path.join(SHOTS, "lti-refused.png") });
});
