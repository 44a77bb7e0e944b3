/**
 * Build slots with real learner engines: a limit of one, two students pressing Check at once with a
 * small step-1-like Dockerfile (debian, one RUN that takes a few seconds). The second waits, is told
 * its place in the "queue" stage, builds only once the first's build is over, and its build's
 * duration (and timeout) leaves the wait out. Then step 9's sandbox (a one-node swarm in the
 * engine) running a student's script that builds waits behind the other student's build the same way.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chownSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createTestEngines, makeLearnerWorkspace } from "./testing/test-engines";
import { EngineGradingSandbox } from "./engine-grading-sandbox";
import { SingleEngineSwarmSandbox } from "./single-engine-swarm-sandbox";
import { LEARNER_UID } from "./engine-options";
import { BuildSlots } from "./build-slots";
import { buildSlotGate } from "../grading-services/build-slot-gate";
import type { BuildOutcome } from "../grading/evidence";

const FOLDER = "1_small";
const students = [`inttestslota${process.pid}`, `inttestslotb${process.pid}`];
const workspaces = new Map(students.map((student) => [student, makeLearnerWorkspace(`wb-int-build-slots-${student}-`)]));
const engines = createTestEngines("", { workspaceHostPath: async (student) => workspaces.get(student)! });
/** A few seconds of a build, each student's own so nothing comes from a cache. */
const dockerfile = (student: string) => `FROM debian:latest\nRUN echo ${student} > /owner && sleep 6 && for i in $(seq 1 20000); do :; done\n`;

beforeAll(async () => {
  for (const [student, workspace] of workspaces) {
    mkdirSync(path.join(workspace, FOLDER));
    writeFileSync(path.join(workspace, FOLDER, "Dockerfile"), dockerfile(student));
    // A step-5/step-9-style script that builds with the docker CLI in the student's shell.
    writeFileSync(path.join(workspace, FOLDER, "build.sh"), "set -e\ndocker build --no-cache -t small-script .\necho built-by-script\n");
    for (const file of [FOLDER, `${FOLDER}/Dockerfile`, `${FOLDER}/build.sh`]) chownSync(path.join(workspace, file), LEARNER_UID, LEARNER_UID);
  }
  await Promise.all(students.map((student) => engines.ensure(student)));
});

afterAll(async () => {
  for (const student of students) await engines.remove(student);
  for (const workspace of workspaces.values()) rmSync(workspace, { recursive: true, force: true });
});

interface TimedBuild {
  outcome: BuildOutcome;
  /** performance.now() of each line the student was told, by stage. */
  lines: { at: number; stage: string; message: string }[];
  askedAt: number;
  doneAt: number;
}

async function check(student: string, slots: BuildSlots): Promise<TimedBuild> {
  const lines: TimedBuild["lines"] = [];
  const say = (stage: string, message: string) => lines.push({ at: performance.now(), stage, message });
  const sandbox = new EngineGradingSandbox(await engines.ensure(student), workspaces.get(student)!, buildSlotGate({ slots, holder: student, waitMs: 5 * 60_000, progress: say }));
  const askedAt = performance.now();
  const outcome = await sandbox.build({
    folder: FOLDER,
    context: ".",
    dockerfile: "Dockerfile",
    tag: "small",
    noCache: true,
    // Counted from the end of the wait (durationMs too, checked below).
    timeoutMs: 120_000,
    onLog: () => undefined,
    onProgress: (message) => say("build", message),
  });
  return { outcome, lines, askedAt, doneAt: performance.now() };
}

describe("build slots with real engines", () => {
  it("make the second student's build wait for the first's, tell them their place, and time their build without the wait", async () => {
    const slots = new BuildSlots(1);
    const alice = check(students[0]!, slots);
    // Bob presses Check once Alice's build holds the one slot.
    while (slots.load("local").running === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    const bob = check(students[1]!, slots);
    const [a, b] = await Promise.all([alice, bob]);
    expect(a.outcome.ok, a.outcome.error).toBe(true);
    expect(b.outcome.ok, b.outcome.error).toBe(true);

    expect(a.lines.filter((l) => l.stage === "queue")).toEqual([]);
    const told = b.lines.filter((l) => l.stage === "queue").map((l) => l.message);
    expect(told).toEqual(["Waiting for a build slot: you are number 1 of 1 waiting."]);
    // Bob's build began (its first build line) after Alice's was over.
    const bobBuilding = b.lines.find((l) => l.stage === "build")!;
    expect(bobBuilding.at).toBeGreaterThanOrEqual(a.doneAt - 50);
    const bobWaitMs = bobBuilding.at - b.askedAt;
    const bobTotalMs = b.doneAt - b.askedAt;
    expect(bobWaitMs).toBeGreaterThan(4_000);
    expect(b.outcome.durationMs).toBeLessThan(bobTotalMs - bobWaitMs + 1_000);
    expect(slots.load("local")).toEqual({ running: 0, waiting: 0 });
    expect(slots.typicalBuildMs("local")).toBeGreaterThan(5_000);
    process.stdout.write(
      `limit 1: Alice built in ${(a.outcome.durationMs / 1000).toFixed(1)} s; Bob waited ${(bobWaitMs / 1000).toFixed(1)} s, then built in ${(b.outcome.durationMs / 1000).toFixed(1)} s (${(bobTotalMs / 1000).toFixed(1)} s in all)\n`,
    );
  });

  it("make a step-9 script that builds (a one-node swarm's sandbox) wait behind the other student's build, its timeout counted after the wait", async () => {
    const slots = new BuildSlots(1);
    const alice = check(students[0]!, slots);
    while (slots.load("local").running === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    const lines: { at: number; stage: string; message: string }[] = [];
    const bob = students[1]!;
    const sandbox = new SingleEngineSwarmSandbox(
      await engines.ensure(bob),
      workspaces.get(bob)!,
      buildSlotGate({ slots, holder: bob, waitMs: 5 * 60_000, progress: (stage, message) => lines.push({ at: performance.now(), stage, message }) }),
    );
    const askedAt = performance.now();
    let startedAt = 0;
    const outcome = await sandbox.runScript({
      folder: FOLDER,
      file: "build.sh",
      cleanup: [],
      removeAllContainers: false,
      builds: true,
      // Counted from the end of the wait (runScript starts the script only once it holds the slot).
      timeoutMs: 60_000,
      onLog: (text) => {
        startedAt ||= performance.now();
        lines.push({ at: performance.now(), stage: "log", message: text });
      },
    });
    const a = await alice;
    expect(a.outcome.ok, a.outcome.error).toBe(true);
    expect(outcome.exitCode, outcome.output).toBe(0);
    expect(outcome.output).toContain("built-by-script");
    expect(lines.filter((l) => l.stage === "queue").map((l) => l.message)).toEqual(["Waiting for a build slot: you are number 1 of 1 waiting."]);
    expect(startedAt).toBeGreaterThanOrEqual(a.doneAt - 50); // the script began once Alice's build was over
    expect(slots.load("local")).toEqual({ running: 0, waiting: 0 });
    process.stdout.write(`limit 1, step-9 script: Bob's script waited ${((startedAt - askedAt) / 1000).toFixed(1)} s, then ran ${((performance.now() - startedAt) / 1000).toFixed(1)} s\n`);
  });
});
