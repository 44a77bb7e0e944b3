/**
 * Submit for grading without Docker (the real grade is in submit-service.int.test.ts): with a fake
 * engine manager, what happens when no engine becomes free or the grading engine cannot start.
 * Either way the run is stored as a verified error with a message for the student, the student's
 * engine is never asked for, and the grading engine, its place and its copy of the files are given
 * back.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { SANDBOX_GID, SANDBOX_UID } from "../workspace/workspace-path";
import type { ServerMessage } from "../../lib/protocol/messages";
import { AppError } from "../app-error";
import { createLogger } from "../logger";
import { ensureStudent, getLastCheckRun, getProgress } from "../db/repositories";
import { ensureWorkspace } from "../workspace";
import type { ExtraEngineParams } from "../sandbox/engine-manager";
import { graderEngineName, submitForGrading, type GraderEngines } from "./submit-service";
import { SubmissionArchive } from "./submission-archive";
import { useTestDatabase } from "../identity/testing/route-testing";

const REPO = path.resolve(__dirname, "../..");
const FOLDER = "1_worpress_multiservice_dirty";
const isRoot = process.getuid?.() === 0;
const learner = isRoot ? { uid: SANDBOX_UID, gid: SANDBOX_GID } : { uid: process.getuid!(), gid: process.getgid!() };
const quiet = createLogger({ level: "silent" });
let counter = 0;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  cleanup = await useTestDatabase();
});

afterAll(async () => {
  await cleanup?.();
});

async function studentWithSolution(): Promise<{ student: string; root: string }> {
  const student = `subunit${++counter}`;
  await ensureStudent(student, "Unit");
  const root = await ensureWorkspace(student, learner.uid, learner.gid);
  fs.cpSync(path.join(REPO, "lessons/01-dirty-dockerfile/solution", FOLDER), path.join(root, FOLDER), { recursive: true });
  if (isRoot) execFileSync("chown", ["-R", `${learner.uid}:${learner.gid}`, path.join(root, FOLDER)]);
  return { student, root };
}

const gradingCopies = () =>
  fs
    .readdirSync(os.tmpdir())
    .filter((name) => name.startsWith("wb-verified-"))
    .sort();

describe("submitForGrading when the sandbox cannot be had", () => {
  it("gives up after the longest wait for a free engine: a verified error saying so, nothing started", async () => {
    const { student } = await studentWithSolution();
    const before = gradingCopies();
    const engines: GraderEngines = {
      launchExtra: vi.fn(),
      removeExtraEngine: vi.fn(async () => undefined),
      reserveExtra: vi.fn<NonNullable<GraderEngines["reserveExtra"]>>((_key, _count, onQueued, signal) => {
        onQueued?.("queued", { position: 2, limit: 1 });
        return new Promise((_resolve, reject) => signal?.addEventListener("abort", () => reject(signal.reason)));
      }),
    };
    const messages: ServerMessage[] = [];
    const error = await submitForGrading(student, 1, engines, (m) => messages.push(m), quiet, { queueWaitMs: 50 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).userMessage).toMatch(/No Docker engine became free to grade your submission within 1 minute/);
    expect(engines.launchExtra).not.toHaveBeenCalled();
    expect(messages.find((m) => m.type === "check.started")).toMatchObject({ mode: "verified" });
    expect(messages.some((m) => m.type === "check.progress" && m.stage === "queue" && m.message.includes("number 2 in the queue"))).toBe(true);
    expect(await getLastCheckRun(student, 1)).toMatchObject({ mode: "verified", status: "error", errorMessage: (error as AppError).userMessage });
    expect((await getProgress(student))[0]).toMatchObject({ passed: false, bestScore: null });
    expect(gradingCopies()).toEqual(before);
  });

  it("when the server stops before its grading engine starts, keeps the submission open with its files for the restart (not failed, nothing started)", async () => {
    const { student } = await studentWithSolution();
    const archive = new SubmissionArchive(fs.mkdtempSync(path.join(os.tmpdir(), "wb-kept-submissions-")));
    let stopping = false;
    const release = vi.fn();
    const engines: GraderEngines = {
      // The place comes as the server stops: the students' engines it removes free theirs.
      reserveExtra: vi.fn(async () => {
        stopping = true;
        return { release };
      }),
      launchExtra: vi.fn(async () => {
        throw new AppError("engine_unavailable", "The workbench is stopping: no new Docker engine starts now.");
      }),
      removeExtraEngine: vi.fn(async () => undefined),
      stopping: () => stopping,
    };
    const messages: ServerMessage[] = [];
    const error = await submitForGrading(student, 1, engines, (m) => messages.push(m), quiet, { archive }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    const started = messages.find((m) => m.type === "check.started");
    const runId = started?.type === "check.started" ? started.runId : "?";
    expect(await getLastCheckRun(student, 1)).toMatchObject({ id: runId, mode: "verified", status: "running" });
    expect(await archive.list()).toContain(runId);
    expect(release).toHaveBeenCalledTimes(1);
  });

  it("hands the grading engine a copy of the submitted files, and cleans everything up when it cannot start", async () => {
    const { student, root } = await studentWithSolution();
    const submitted = fs.readFileSync(path.join(root, FOLDER, "Dockerfile"), "utf8");
    const before = gradingCopies();
    const release = vi.fn();
    let seen: { params: ExtraEngineParams; dockerfile: string; owner: number } | undefined;
    const engines: GraderEngines = {
      reserveExtra: vi.fn(async () => ({ release })),
      launchExtra: vi.fn(async (params: ExtraEngineParams) => {
        const copy = params.workspaceHostPath!;
        seen = { params, dockerfile: fs.readFileSync(path.join(copy, FOLDER, "Dockerfile"), "utf8"), owner: fs.statSync(path.join(copy, FOLDER, "Dockerfile")).uid };
        throw new Error("docker said no");
      }),
      removeExtraEngine: vi.fn(async () => undefined),
    };
    const messages: ServerMessage[] = [];
    const error = await submitForGrading(student, 1, engines, (m) => messages.push(m), quiet).catch((e: unknown) => e);
    expect((error as AppError).userMessage).toMatch(/The grading sandbox could not be started/);

    const started = messages.find((m) => m.type === "check.started");
    const runId = started?.type === "check.started" ? started.runId : "?";
    expect(seen?.params).toMatchObject({ name: graderEngineName("server", runId), studentLabel: student });
    expect(path.relative(root, seen!.params.workspaceHostPath!).startsWith("..")).toBe(true);
    expect(seen?.dockerfile).toBe(submitted);
    expect(seen?.owner).toBe(learner.uid);
    expect(engines.removeExtraEngine).toHaveBeenCalledWith(graderEngineName("server", runId));
    expect(release).toHaveBeenCalledTimes(1);
    expect(fs.existsSync(seen!.params.workspaceHostPath!)).toBe(false);
    expect(gradingCopies()).toEqual(before);
    expect(await getLastCheckRun(student, 1)).toMatchObject({ id: runId, mode: "verified", status: "error" });
  });

  it("step 9 with clusters on: a fresh cluster of the grader's own is asked for the frozen copy of step 8's folder (the lab's; the untouched starter beside it does not count), and given back when it cannot start", async () => {
    const { student, root } = await studentWithSolution();
    fs.cpSync(path.join(REPO, "lessons/08-final-wordpress/solution/8_my_final_wordpress"), path.join(root, "8_my_final_wordpress"), { recursive: true });
    // The workbench seeds step 9's folder with its starter: untouched, it is not the student's work.
    fs.cpSync(path.join(REPO, "lessons/09-swarm/starter/9_wordpress_swarm"), path.join(root, "9_wordpress_swarm"), { recursive: true });
    for (const folder of ["8_my_final_wordpress", "9_wordpress_swarm"]) if (isRoot) execFileSync("chown", ["-R", `${learner.uid}:${learner.gid}`, path.join(root, folder)]);
    const before = gradingCopies();
    const engines: GraderEngines = { launchExtra: vi.fn(), removeExtraEngine: vi.fn() };
    let copy: string | undefined;
    let stack: string | undefined;
    let frozenFolders: string[] = [];
    const clusters = {
      enabled: true,
      ensureForGrading: vi.fn(async (_key: string, workspace: string) => {
        copy = workspace;
        stack = fs.readFileSync(path.join(workspace, "8_my_final_wordpress", "stack_wordpress.yml"), "utf8");
        frozenFolders = fs.readdirSync(workspace);
        throw new AppError("engine_unavailable", "no room");
      }),
      remove: vi.fn(async () => undefined),
    };
    const messages: ServerMessage[] = [];
    const error = await submitForGrading(student, 9, engines, (m) => messages.push(m), quiet, { clusters }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).userMessage).toMatch(/three-node cluster to grade your stack on could not be started/);
    const runId = messages.find((m) => m.type === "check.started")?.runId;
    expect(clusters.ensureForGrading).toHaveBeenCalledWith(`grader-${runId}`, copy, expect.any(Function));
    expect(stack).toBe(fs.readFileSync(path.join(REPO, "lessons/08-final-wordpress/solution/8_my_final_wordpress/stack_wordpress.yml"), "utf8"));
    expect(frozenFolders).toEqual(["8_my_final_wordpress"]); // only the folder read is frozen
    expect(path.relative(root, copy!).startsWith("..")).toBe(true);
    expect(clusters.remove).toHaveBeenCalledWith(`grader-${runId}`);
    expect(engines.launchExtra).not.toHaveBeenCalled();
    expect(gradingCopies()).toEqual(before);
    expect(await getLastCheckRun(student, 9)).toMatchObject({ id: runId, mode: "verified", status: "error" });
  });
});
