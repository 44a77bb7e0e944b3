/**
 * Submit for grading against real Docker: the step-7 reference solution, submitted, is graded in a
 * fresh engine the server starts for the run (the student has no engine at all, and none is ever
 * asked for), from the server's snapshot taken at submit (the student rewriting their stack file
 * mid-grade changes nothing), recorded as a verified passed run that progress counts; the grading
 * engine and its copy of the files are gone afterwards. A missing folder is graded without starting
 * any engine. Step 7 rather than step 1: its reference is a stack of the stand-in images pulled from
 * the mirror (~35 s, no build), and what is proven here is the submission around the grade; a build
 * in a grading engine of the server's is server/faults/submit-restart.int.test.ts's, and step 1's
 * reference passing in a fresh engine is lessons/01-dirty-dockerfile/step1.int.test.ts's.
 */
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { serverMessageSchema, type ServerMessage } from "../../lib/protocol/messages";
import { createLogger } from "../logger";
import { ensureStudent, getLastCheckRun, getProgress } from "../db/repositories";
import { ensureWorkspace, workspaceRoot } from "../workspace";
import { createTestEngines } from "../sandbox/testing/test-engines";
import { getHostDocker } from "../sandbox/host-docker";
import { LABEL_GRADER_RUN, LABEL_OWNER, LABEL_STUDENT } from "../sandbox/labels";
import { LEARNER_UID, LEARNER_WORKSPACE } from "../sandbox/engine-options";
import type { ExtraEngineParams } from "../sandbox/engine-manager";
import { graderEngineName, submitForGrading } from "./submit-service";
import { useTestDatabase } from "../identity/testing/route-testing";

const REPO = path.resolve(__dirname, "../..");
const STEP = 7;
const FOLDER = "7_wordpress_official_stack";
const STACK_FILE = "stack_wordpress.yml";
const STUDENT = `submit${Date.now().toString(36)}`;
const quiet = createLogger({ level: "warn", write: (line) => void process.stderr.write(`${line}\n`) });
const docker = getHostDocker();

let cleanup: () => Promise<void>;
let engines: ReturnType<typeof createTestEngines>;

const studentEngineName = `wb-test-engine-${STUDENT}`;
const containerExists = (name: string) =>
  docker
    .getContainer(name)
    .inspect()
    .then(
      () => true,
      () => false,
    );

beforeAll(async () => {
  cleanup = await useTestDatabase();
  await ensureStudent(STUDENT, "Submitter");
  // The manager a server would have: any engine of the student's would live here (it never does).
  engines = createTestEngines(workspaceRoot(STUDENT), { memoryBytes: 3 * 1024 ** 3, pidsLimit: 2048, nanoCpus: 2e9 });
});

afterAll(async () => {
  await engines?.shutdown().catch(() => undefined);
  await cleanup?.();
});

/** The student's step folder: the lesson's reference solution, owned by the learner as the server writes it. */
async function seedSolution(): Promise<string> {
  const root = await ensureWorkspace(STUDENT);
  cpSync(path.join(REPO, "lessons/07-official-stack/solution", FOLDER), path.join(root, FOLDER), { recursive: true });
  execFileSync("chown", ["-R", `${LEARNER_UID}:${LEARNER_UID}`, path.join(root, FOLDER)]);
  return root;
}

describe("Submit for grading", () => {
  it("grades the reference solution in a fresh engine of the server's, from its snapshot, and records a verified pass", async () => {
    const root = await seedSolution();
    const original = readFileSync(path.join(root, FOLDER, STACK_FILE), "utf8");
    const ensure = vi.spyOn(engines, "ensure");
    const launched: ExtraEngineParams[] = [];
    let graderSeen: { labels: Record<string, string>; workspaceMount?: string } | undefined;
    const launchExtra = engines.launchExtra.bind(engines);
    vi.spyOn(engines, "launchExtra").mockImplementation(async (params) => {
      launched.push(params);
      const started = await launchExtra(params);
      const info = await started.container.inspect();
      graderSeen = { labels: info.Config.Labels, workspaceMount: info.Mounts.find((m) => m.Destination === LEARNER_WORKSPACE)?.Source };
      return started;
    });

    const messages: ServerMessage[] = [];
    let tampered = false;
    const emit = (message: ServerMessage) => {
      messages.push(serverMessageSchema.parse(message)); // what the browser would accept
      // The student rewrites their folder while the grade runs: the grade is of what was submitted.
      if (message.type === "check.progress" && message.stage === "sandbox" && !tampered) {
        tampered = true;
        writeFileSync(path.join(root, FOLDER, STACK_FILE), 'version: "3.1"\nservices:\n  forged:\n    image: scratch\n');
      }
    };

    const began = Date.now();
    const report = await submitForGrading(STUDENT, STEP, engines, emit, quiet, { owner: "test" });
    const tookMs = Date.now() - began;
    console.log(`verified step-${STEP} submit (cold: fresh engine, images pulled from the mirror) took ${(tookMs / 1000).toFixed(1)} s`);

    expect(report.results.filter((r) => r.status !== "pass").map((r) => `${r.id}: ${r.message}`)).toEqual([]);
    expect(report.passed).toBe(true);
    expect(tampered).toBe(true);

    // Streamed like a Check, as a verified run.
    const started = messages.find((m) => m.type === "check.started");
    const finished = messages.find((m) => m.type === "check.finished");
    expect(started).toMatchObject({ mode: "verified", step: STEP });
    expect(finished).toMatchObject({ mode: "verified", passed: true, runId: started?.type === "check.started" ? started.runId : "" });
    expect(messages.some((m) => m.type === "check.log")).toBe(true);
    const runId = started?.type === "check.started" ? started.runId : "";

    // Graded in an engine of the server's, named and labelled for this run, on a copy of the files.
    expect(ensure).not.toHaveBeenCalled();
    expect(launched).toHaveLength(1);
    expect(launched[0]!.name).toBe(graderEngineName("test", runId));
    expect(launched[0]!.name).not.toBe(studentEngineName);
    expect(graderSeen?.labels).toMatchObject({ [LABEL_GRADER_RUN]: runId, [LABEL_OWNER]: "test", [LABEL_STUDENT]: STUDENT });
    const copy = launched[0]!.workspaceHostPath!;
    expect(copy).not.toBe(root);
    expect(path.relative(root, copy).startsWith("..")).toBe(true);
    expect(graderSeen?.workspaceMount).toBe(copy);

    // The student never had an engine; the grading engine and the copy are gone.
    expect(engines.current(STUDENT)).toBeUndefined();
    expect(await containerExists(studentEngineName)).toBe(false);
    expect(await containerExists(launched[0]!.name)).toBe(false);
    const leftovers = await docker.listContainers({ all: true, filters: { label: [`${LABEL_GRADER_RUN}=${runId}`] } });
    expect(leftovers).toEqual([]);
    expect(existsSync(copy)).toBe(false);

    // Stored as a verified pass, with the files as submitted, and counted.
    const run = await getLastCheckRun(STUDENT, STEP);
    expect(run).toMatchObject({ id: runId, mode: "verified", status: "finished", passed: true });
    expect(run!.filesSnapshot[`${FOLDER}/${STACK_FILE}`]).toBe(original);
    expect(run!.buildLog.length).toBeGreaterThan(0);
    expect((await getProgress(STUDENT)).find((p) => p.step === STEP)).toMatchObject({ passed: true, attempts: 1 });
    vi.restoreAllMocks();
  });

  it("grades a submission without the step folder without starting any engine: a verified run that fails the folder check", async () => {
    rmSync(path.join(workspaceRoot(STUDENT), FOLDER), { recursive: true, force: true });
    const launchExtra = vi.spyOn(engines, "launchExtra");
    const ensure = vi.spyOn(engines, "ensure");
    const messages: ServerMessage[] = [];
    const report = await submitForGrading(STUDENT, STEP, engines, (m) => messages.push(m), quiet, { owner: "test" });
    expect(report.passed).toBe(false);
    expect(report.results.find((r) => r.id === "folder")?.status).toBe("fail");
    expect(launchExtra).not.toHaveBeenCalled();
    expect(ensure).not.toHaveBeenCalled();
    expect(messages.find((m) => m.type === "check.finished")).toMatchObject({ mode: "verified", passed: false });
    expect(await getLastCheckRun(STUDENT, STEP)).toMatchObject({ mode: "verified", status: "finished", passed: false });
    // The earlier verified pass still counts.
    expect((await getProgress(STUDENT)).find((p) => p.step === STEP)).toMatchObject({ passed: true, attempts: 2 });
    vi.restoreAllMocks();
  });
});
