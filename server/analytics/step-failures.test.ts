import { describe, expect, it } from "vitest";
import { messageShape, STUCK_MINUTES, stepFailures, type StepRun } from "./step-failures";

const constraints = [
  { id: "folder", title: "The step folder exists" },
  { id: "base-image", title: "FROM debian:latest" },
  { id: "build", title: "The image builds" },
];
const t0 = new Date("2026-12-04T09:00:00Z");
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
type Verdicts = Partial<Record<"folder" | "base-image" | "build", "pass" | "fail" | "skip">>;
const run = (studentId: string, minutes: number, verdicts: Verdicts, message = "Expected FROM debian:latest on line 1, found ubuntu"): StepRun => ({
  studentId,
  startedAt: at(minutes),
  passed: Object.values(verdicts).every((v) => v === "pass"),
  results: Object.entries(verdicts).map(([id, status]) => ({ id, status: status!, message: status === "fail" ? message : "ok" })),
});
const green: Verdicts = { folder: "pass", "base-image": "pass", build: "pass" };

describe("failure analytics of a step", () => {
  it("counts, per constraint, the students past it in their latest run, in the lesson's order", () => {
    const figures = stepFailures(
      constraints,
      [
        run("ada", 0, { folder: "pass", "base-image": "fail", build: "skip" }),
        run("ada", 5, green),
        run("bob", 1, { folder: "pass", "base-image": "fail", build: "skip" }),
        run("eve", 2, { folder: "fail", "base-image": "fail", build: "skip" }),
      ],
      at(10),
    );
    expect(figures.students).toBe(3);
    expect(figures.passedStudents).toBe(1);
    expect(figures.constraints.map(({ id, passed, judged }) => ({ id, passed, judged }))).toEqual([
      { id: "folder", passed: 2, judged: 3 },
      { id: "base-image", passed: 1, judged: 3 },
      { id: "build", passed: 1, judged: 1 }, // a skipped check is not judged
    ]);
    // Where the students who have not passed are: the first failure of their latest run.
    expect(figures.firstFailing).toEqual([
      { checkId: "folder", title: "The step folder exists", students: 1 },
      { checkId: "base-image", title: "FROM debian:latest", students: 1 },
    ]);
    expect(figures.medianAttemptsToPass).toBe(2);
    expect(figures.medianMinutesToPass).toBe(5);
  });

  it("groups the same mistake with other numbers and names as one message, most students first", () => {
    const figures = stepFailures(
      constraints,
      [
        run("ada", 0, { "base-image": "fail" }, 'Expected FROM debian:latest on line 3, found "ubuntu:22.04"'),
        run("bob", 0, { "base-image": "fail" }, 'Expected FROM debian:latest on line 12, found "alpine"'),
        run("bob", 1, { "base-image": "fail" }, 'Expected FROM debian:latest on line 12, found "alpine"'),
        run("eve", 0, { build: "fail" }, "The build failed at step 4/9: /bin/sh: 1: wgett: not found"),
      ],
      at(5),
    );
    expect(figures.frequentFailures[0]).toMatchObject({ checkId: "base-image", students: 2, runs: 3, title: "FROM debian:latest" });
    expect(figures.frequentFailures[1]).toMatchObject({ checkId: "build", students: 1, runs: 1 });
    expect(messageShape('line 12, found "alpine" in /home/learner/x')).toBe(messageShape('line 3, found "ubuntu" in /srv/y'));
  });

  it("flags a student stuck on the same constraint three runs in a row, or too long without a pass", () => {
    const figures = stepFailures(
      constraints,
      [
        // The same first failure three times: stuck on it.
        run("ada", 0, { folder: "pass", "base-image": "fail" }),
        run("ada", 2, { folder: "pass", "base-image": "fail" }),
        run("ada", 4, { folder: "pass", "base-image": "fail" }),
        // Different failures, but a long time without passing.
        run("bob", 0, { folder: "fail" }),
        run("bob", 30, { folder: "pass", "base-image": "fail" }),
        // Failing twice on the same thing: not yet stuck.
        run("eve", 40, { folder: "fail" }),
        run("eve", 41, { folder: "fail" }),
        // Passed once, failing since: not stuck.
        run("kim", 0, green),
        run("kim", 1, { build: "fail" }),
        run("kim", 2, { build: "fail" }),
        run("kim", 3, { build: "fail" }),
      ],
      at(STUCK_MINUTES + 5),
    );
    expect(figures.stuck.map(({ studentId, reason, checkId }) => ({ studentId, reason, checkId }))).toEqual([
      { studentId: "ada", reason: "same-failure", checkId: "base-image" },
      { studentId: "bob", reason: "long-time", checkId: "base-image" },
    ]);
  });

  it("has nothing to say about a step nobody ran", () => {
    const figures = stepFailures(constraints, [], at(0));
    expect(figures).toMatchObject({ students: 0, passedStudents: 0, firstFailing: [], frequentFailures: [], medianAttemptsToPass: null, stuck: [] });
    expect(figures.constraints.every((c) => c.judged === 0)).toBe(true);
  });
});
