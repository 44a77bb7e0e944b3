/**
 * Whether a grade is what a declared variant (or the solution, or the starter) said it would be.
 * Shared by the content tests and `npm run lessons:validate --prove`, so both judge a variant the
 * same way. Pure: no Docker, no vitest.
 */
import type { CheckSpec } from "../grading/check-spec";
import { implicitDependencies } from "../grading/kinds/dependencies";
import type { GradingReport } from "../grading/run-checks";

/** What a case must give: exactly these failures (dependants skipped, the rest passing), at least these, or any failure at all (the starter). */
export type Expectation = { kind: "exactly"; checks: string[] } | { kind: "at-least"; checks: string[] } | { kind: "not-passed" };

/** Each check's status when exactly `failures` fail: what depends on them (directly or not) is skipped, every other check passes. */
export function expectedStatuses(checks: readonly CheckSpec[], failures: readonly string[]): Record<string, "pass" | "fail" | "skip"> {
  const failing = new Set(failures);
  const dependants = new Set<string>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const check of checks) {
      if (dependants.has(check.id)) continue;
      if (implicitDependencies(check, checks).some((id) => failing.has(id) || dependants.has(id))) {
        dependants.add(check.id);
        grew = true;
      }
    }
  }
  return Object.fromEntries(checks.map((c) => [c.id, failing.has(c.id) ? "fail" : dependants.has(c.id) ? "skip" : "pass"]));
}

/**
 * Every way `report` differs from `expectation`, one sentence each; empty when it is as declared. A
 * check the grade could not judge where it ran (notJudgedHere) is not held against a pass.
 */
export function verdictProblems(checks: readonly CheckSpec[], report: GradingReport, expectation: Expectation): string[] {
  const status = new Map(report.results.map((r) => [r.id, r]));
  const said = (id: string) => {
    const result = status.get(id);
    if (!result) return "was not graded";
    return result.status === "pass" ? "passed" : result.status === "fail" ? `failed (${result.message})` : result.status === "skip" ? "was skipped" : `gave an error (${result.message})`;
  };
  if (expectation.kind === "not-passed") return report.passed ? ["every check passed, but it must fail at least one"] : [];
  if (expectation.kind === "at-least") return expectation.checks.filter((id) => status.get(id)?.status !== "fail").map((id) => `${id} must fail but ${said(id)}`);
  const expected = expectedStatuses(checks, expectation.checks);
  const problems: string[] = [];
  for (const [id, want] of Object.entries(expected)) {
    if (status.get(id)?.status === want) continue;
    // Step 9's three-node checks on one engine: neither passed nor failed, and not counted.
    if (want === "pass" && status.get(id)?.notJudgedHere) continue;
    const wanted = want === "fail" ? "must fail" : want === "skip" ? "must be skipped (it depends on a failing check)" : "must pass";
    problems.push(`${id} ${wanted} but ${said(id)}`);
  }
  return problems;
}
