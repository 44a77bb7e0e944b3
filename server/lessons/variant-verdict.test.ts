import { describe, expect, it } from "vitest";
import type { CheckResult } from "../../lib/protocol/messages";
import type { CheckSpec } from "../grading/check-spec";
import { checksFileSchema } from "../grading/check-spec";
import type { GradingReport } from "../grading/run-checks";
import { expectedStatuses, verdictProblems } from "./variant-verdict";

/** Static checks, a build, and a check that requires the build. */
const checks: CheckSpec[] = checksFileSchema.parse({
  step: 1,
  folder: "1_x",
  checks: [
    { id: "folder", kind: "folder", title: "folder", files: ["Dockerfile"] },
    { id: "base-image", kind: "base-image", title: "base", image: "alpine", tag: "3.20" },
    { id: "has-cmd", kind: "instruction", title: "cmd", instruction: "CMD" },
    { id: "build", kind: "build", title: "build", tag: "x" },
    { id: "runs", kind: "exec", title: "runs", requires: ["build"], container: "x", script: "true" },
  ],
}).checks;

const report = (statuses: Record<string, CheckResult["status"]>, extra: Partial<CheckResult> = {}): GradingReport => {
  const results = Object.entries(statuses).map(([id, status]) => ({ id, title: id, status, message: `${id} said ${status}`, phase: "static" as const, ...extra }));
  return { step: 1, passed: results.every((r) => r.status === "pass"), score: 0, results, buildLog: "", durationMs: 0 };
};

describe("a declared variant's verdict", () => {
  it("expects the named checks to fail, what depends on them to be skipped and the rest to pass", () => {
    expect(expectedStatuses(checks, ["build"])).toEqual({ folder: "pass", "base-image": "pass", "has-cmd": "pass", build: "fail", runs: "skip" });
    expect(verdictProblems(checks, report({ folder: "pass", "base-image": "pass", "has-cmd": "pass", build: "fail", runs: "skip" }), { kind: "exactly", checks: ["build"] })).toEqual([]);
  });

  it("says which check differs and what it did", () => {
    const problems = verdictProblems(checks, report({ folder: "pass", "base-image": "fail", "has-cmd": "pass", build: "pass", runs: "pass" }), { kind: "exactly", checks: ["has-cmd"] });
    expect(problems).toEqual(["base-image must pass but failed (base-image said fail)", "has-cmd must fail but passed"]);
  });

  it("judges only the named checks for fails-at-least, and any failure for the starter", () => {
    const some = report({ folder: "pass", "base-image": "fail", "has-cmd": "fail", build: "error", runs: "skip" });
    expect(verdictProblems(checks, some, { kind: "at-least", checks: ["has-cmd"] })).toEqual([]);
    expect(verdictProblems(checks, some, { kind: "at-least", checks: ["build"] })).toEqual(["build must fail but gave an error (build said error)"]);
    expect(verdictProblems(checks, some, { kind: "not-passed" })).toEqual([]);
    expect(verdictProblems(checks, report({ folder: "pass", "base-image": "pass", "has-cmd": "pass", build: "pass", runs: "pass" }), { kind: "not-passed" })).toEqual([
      "every check passed, but it must fail at least one",
    ]);
  });

  it("does not hold a check the grade could not judge here against a pass, but does against a declared failure", () => {
    const notJudged = report({ folder: "pass", "base-image": "pass", "has-cmd": "pass", build: "pass", runs: "skip" });
    notJudged.results[4]!.notJudgedHere = true;
    expect(verdictProblems(checks, notJudged, { kind: "exactly", checks: [] })).toEqual([]);
    expect(verdictProblems(checks, notJudged, { kind: "exactly", checks: ["runs"] })).toEqual(["runs must fail but was skipped"]);
  });
});
