import { describe, expect, it } from "vitest";
import type { CheckResult } from "@/lib/protocol/messages";
import { checksFingerprint, diffRegrade } from "./regrade-diff";

const result = (id: string, status: CheckResult["status"]): CheckResult => ({ id, title: `Check ${id}`, status, message: "", phase: "static" });

describe("diffRegrade", () => {
  it("names the constraints whose verdict changed, and the score and pass that follow", () => {
    const diff = diffRegrade({ score: 100, passed: true, results: [result("a", "pass"), result("b", "pass")] }, { score: 50, passed: false, results: [result("a", "pass"), result("b", "fail")] });
    expect(diff).toEqual({ scoreChanged: true, passChanged: true, changed: true, constraints: [{ id: "b", title: "Check b", from: "pass", to: "fail" }] });
  });

  it("reports added and removed checks with no verdict on the missing side", () => {
    const diff = diffRegrade({ score: 100, passed: true, results: [result("old", "pass")] }, { score: 100, passed: true, results: [result("new", "pass")] });
    expect(diff.scoreChanged).toBe(false);
    expect(diff.constraints).toEqual([
      { id: "new", title: "Check new", from: null, to: "pass" },
      { id: "old", title: "Check old", from: "pass", to: null },
    ]);
    expect(diff.changed).toBe(true);
  });

  it("finds no change when the same files grade the same", () => {
    const same = { score: 66.66666666666667, passed: false, results: [result("a", "pass"), result("b", "fail"), result("c", "skip")] };
    expect(diffRegrade(same, { ...same, score: 66.666666666666671 })).toEqual({ scoreChanged: false, passChanged: false, constraints: [], changed: false });
  });

  it("counts a run without a score as a change once it has one", () => {
    expect(diffRegrade({ score: null, passed: null, results: [] }, { score: 0, passed: false, results: [] }).scoreChanged).toBe(true);
  });
});

describe("checksFingerprint", () => {
  it("ignores key order but not a changed value, an added check or the checks' order", () => {
    const checks = { folder: "x", checks: [{ id: "a", kind: "file", path: "Dockerfile" }] };
    expect(checksFingerprint({ checks: [{ path: "Dockerfile", kind: "file", id: "a" }], folder: "x" })).toBe(checksFingerprint(checks));
    expect(checksFingerprint({ ...checks, checks: [{ id: "a", kind: "file", path: "Dockerfile.prod" }] })).not.toBe(checksFingerprint(checks));
    expect(checksFingerprint({ ...checks, checks: [...checks.checks, { id: "b", kind: "file", path: "a" }] })).not.toBe(checksFingerprint(checks));
    const two = [
      { id: "a", kind: "file" },
      { id: "b", kind: "file" },
    ];
    expect(checksFingerprint({ checks: two })).not.toBe(checksFingerprint({ checks: [...two].reverse() }));
  });
});
