/**
 * Steps 7 and 8's checks files on their reference, starter and variant stack files, without
 * Docker: every check the file alone decides. A broken variant fails exactly its check and the
 * grader then neither starts the stack nor runs the journey (they are skipped, not run).
 */
import { describe, expect, it } from "vitest";
import type { ChecksFile } from "./check-spec";
import type { GradingSandbox } from "./grading-sandbox";
import { fakeSandbox } from "./fixtures/fake-sandbox";
import { expectOnlyFailure, loadLessonChecks, statusById } from "../grading-services/testing/content-test";
import { runChecks, type GradingReport } from "./run-checks";
import {
  readStep7Solution,
  readStep7Starter,
  readStep8Solution,
  readStep8Starter,
  STACK_FILE,
  STEP7_FOLDER,
  STEP8_FOLDER,
  step7Accepted,
  step7Broken,
  step8Accepted,
  step8Broken,
  step7WithSecrets,
} from "./fixtures/stack-variants";

const step7 = loadLessonChecks("07-official-stack");
const step8 = loadLessonChecks("08-final-wordpress");

/** A sandbox whose stack starts and whose site installs: the dynamic checks pass whenever they run. */
function healthySandbox(calls: string[]): GradingSandbox {
  const used: Pick<GradingSandbox, "composeUp" | "wordpressJourney"> = {
    composeUp: async (request) => {
      calls.push(`compose-up ${request.project} ${request.file}`);
      return {
        kind: "compose-up",
        exitCode: 0,
        timedOut: false,
        outputTail: "",
        services: ["wordpress", "db"],
        containers: ["wordpress", "db"].map((service) => ({ name: `${request.project}_${service}_1`, service, running: true, state: "running", logsTail: "" })),
      };
    },
    wordpressJourney: async (request) => {
      calls.push(`journey ${request.port}${request.recreate ? " recreate" : ""}${request.siteHost ? ` at ${request.siteHost}` : ""}`);
      const home = { status: 200, title: request.siteTitle, databaseError: false, installer: false, excerpt: "" };
      return {
        kind: "wordpress-journey",
        transcript: [],
        install: "installed",
        home,
        ...(request.recreate ? { recreate: { exitCode: 0, timedOut: false, outputTail: "", home, folders: request.recreate.homeFolders.map((f) => ({ path: `~/${f}`, entries: 5 })) } } : {}),
      };
    },
  };
  // Any other method (the interface grows with other kinds) refuses: steps 7 and 8 must not call it.
  return fakeSandbox(used, "not used by steps 7 and 8");
}

async function grade(checks: ChecksFile, folder: string, text: string, calls: string[] = [], others: Record<string, string> = {}): Promise<GradingReport> {
  const files: Record<string, string> = { [`${folder}/${STACK_FILE}`]: text };
  for (const [name, content] of Object.entries(others)) files[`${folder}/${name}`] = content;
  return runChecks(checks, { folder, files }, healthySandbox(calls));
}

describe.each([
  { step: 7, checks: step7, folder: STEP7_FOLDER, solution: readStep7Solution, starter: readStep7Starter, accepted: step7Accepted, broken: step7Broken },
  { step: 8, checks: step8, folder: STEP8_FOLDER, solution: readStep8Solution, starter: readStep8Starter, accepted: step8Accepted, broken: step8Broken },
])("step $step's checks", ({ checks, folder, solution, starter, accepted, broken }) => {
  it("pass with the reference solution, starting the stack once and running the journey", async () => {
    const calls: string[] = [];
    const report = await grade(checks, folder, solution(), calls);
    expect(statusById(report)).toEqual(Object.fromEntries(checks.checks.map((c) => [c.id, "pass"])));
    expect(calls).toEqual([`compose-up ${folder.toLowerCase()} ${STACK_FILE}`, expect.stringMatching(/^journey 8080/)]);
    expect(report.score).toBe(100);
  });

  it("fail with the starter, without starting anything", async () => {
    const calls: string[] = [];
    const report = await grade(checks, folder, starter(), calls);
    expect(report.passed).toBe(false);
    expect(calls).toEqual([]);
    expect(statusById(report)["stack-up"]).toBe("skip");
  });

  it.each(accepted().map((v) => [v.name, v.text, v.files ?? {}] as const))("accept the variant: %s", async (_name, text, others) => {
    const report = await grade(checks, folder, text, [], others);
    const failing = report.results.filter((r) => r.status !== "pass");
    expect(failing).toEqual([]);
  });

  it.each(broken().map((v) => [v.name, v.failing!, v.text]))("fail the broken variant '%s' on %s only", async (_name, failing, text) => {
    const calls: string[] = [];
    const report = await grade(checks, folder, text, calls);
    expectOnlyFailure(checks, report, failing);
    expect(calls).toEqual([]);
    const result = report.results.find((r) => r.id === failing)!;
    expect(result.line).toBeGreaterThan(0);
    expect(result.file).toBe(`${folder}/${STACK_FILE}`);
  });

  it("fail only the folder check when the step folder keeps the previous step's name", async () => {
    const report = await runChecks(checks, { folder, files: { [`6_wordpress_microservice_compose/${STACK_FILE}`]: solution() } }, healthySandbox([]));
    const folderResult = report.results.find((r) => r.id === "folder")!;
    expect(folderResult.status).toBe("fail");
    expect(folderResult.message).toContain(folder);
    expect(report.results.filter((r) => r.id !== "folder").every((r) => r.status === "skip")).toBe(true);
  });
});

describe("the address of the student's browser", () => {
  it("reaches the journey, so the site the grader installs works in the student's preview", async () => {
    const calls: string[] = [];
    const files = { [`${STEP7_FOLDER}/${STACK_FILE}`]: readStep7Solution() };
    await runChecks(step7, { folder: STEP7_FOLDER, files }, healthySandbox(calls), {}, { siteHost: "workbench.test:3000" });
    expect(calls).toContain("journey 8080 at workbench.test:3000");
  });
});

describe("Docker secrets", () => {
  it("fail when the secret file is missing from the step folder, naming the password", async () => {
    const report = await grade(step7, STEP7_FOLDER, step7WithSecrets().text);
    expectOnlyFailure(step7, report, "environment");
    expect(report.results.find((r) => r.id === "environment")!.message).toContain("WORDPRESS_DB_PASSWORD");
  });
});

describe("step 8 on step 7's reference (a student who copied step 7 and stopped there)", () => {
  it("fails only the bind mounts", async () => {
    const report = await grade(step8, STEP8_FOLDER, readStep7Solution());
    expectOnlyFailure(step8, report, "bind-mounts");
  });
});
