/**
 * The linter on fixture Dockerfiles: the step-2 reference follows every rule, each violation
 * fixture breaks exactly one rule on the line we expect, and the step-1 reference (the "dirty"
 * step) gets the advice step 2 is about.
 */
import { describe, expect, it } from "vitest";
import { parseDockerfile } from "../dockerfile/parse-dockerfile";
import { readFixture, readStep1Solution } from "../fixtures/test-workspace";
import { lintDockerfile } from "./lint-dockerfile";
import { LINT_RULE_IDS, type LintRuleId } from "./rule-ids";

const lintAll = (text: string) => lintDockerfile(parseDockerfile(text), LINT_RULE_IDS);
const found = (text: string) => lintAll(text).findings.map((f) => ({ rule: f.rule, line: f.line }));

/** Fixture folder under step2/violations/, the rule it breaks and the line it must point at. */
const VIOLATIONS: [fixture: string, rule: LintRuleId, line: number][] = [
  ["from-explicit-tag", "from-explicit-tag", 2],
  ["from-not-latest", "from-not-latest", 3],
  ["maintainer-deprecated", "maintainer-deprecated", 3],
  ["apt-update-with-install", "apt-update-with-install", 3],
  ["apt-update-with-install-no-update", "apt-update-with-install", 3],
  ["apt-assume-yes", "apt-assume-yes", 4],
  ["apt-no-install-recommends", "apt-no-install-recommends", 4],
  ["apt-lists-cleaned", "apt-lists-cleaned", 10],
  ["apt-no-upgrade", "apt-no-upgrade", 4],
  ["packages-sorted", "packages-sorted", 7],
  ["no-sudo", "no-sudo", 3],
  ["no-tool-impostors", "no-tool-impostors", 3],
  ["run-cd-alone", "run-cd-alone", 3],
  ["workdir-single-use", "workdir-single-use", 3],
  ["consecutive-run", "consecutive-run", 4],
  ["copy-not-add", "copy-not-add", 4],
  ["no-add-url", "no-add-url", 3],
  ["archive-removed", "archive-removed", 3],
  ["debian-frontend-env", "debian-frontend-env", 3],
  ["exec-form-cmd", "exec-form-cmd", 6],
];

describe("the step-2 reference Dockerfile", () => {
  const reference = readFixture("step2/reference/Dockerfile");

  it("follows every rule and scores 100", () => {
    const report = lintAll(reference);
    expect(report.findings).toEqual([]);
    expect(report.score).toBe(100);
    expect(report.rulesRun).toEqual([...LINT_RULE_IDS]);
  });

  it("parses without diagnostics", () => {
    expect(parseDockerfile(reference).diagnostics).toEqual([]);
  });
});

describe("one fixture per rule", () => {
  it("covers every rule", () => {
    expect(new Set(VIOLATIONS.map(([, rule]) => rule))).toEqual(new Set(LINT_RULE_IDS));
  });

  it.each(VIOLATIONS)("%s breaks only %s, on line %i", (fixture, rule, line) => {
    const text = readFixture(`step2/violations/${fixture}/Dockerfile`);
    expect(found(text)).toEqual([{ rule, line }]);
    const [finding] = lintAll(text).findings;
    expect(finding!.message.length).toBeGreaterThan(40);
    expect(finding!.severity).toBe("required");
  });
});

describe("the step-1 reference (the dirty step)", () => {
  it("gets the advice step 2 is about: latest, unsorted packages, two RUNs in a row", () => {
    const report = lintAll(readStep1Solution());
    expect(report.findings.map((f) => ({ rule: f.rule, line: f.line }))).toEqual([
      { rule: "from-not-latest", line: 2 },
      { rule: "packages-sorted", line: 7 },
      { rule: "consecutive-run", line: 11 },
    ]);
    expect(report.score).toBe(100 - 10 - 5 - 5);
  });

  it("passes when those rules are only advice", () => {
    const report = lintDockerfile(
      parseDockerfile(readStep1Solution()),
      LINT_RULE_IDS.filter((id) => !["from-not-latest", "packages-sorted", "consecutive-run"].includes(id)),
      ["from-not-latest", "packages-sorted", "consecutive-run"],
    );
    expect(report.findings.every((f) => f.severity === "advice")).toBe(true);
    expect(report.findings).toHaveLength(3);
  });
});

describe("step-1 fixtures written other ways", () => {
  it("reads a backtick-escape file with lower-case keywords", () => {
    expect(found(readFixture("step1/accepted/backtick-escape-and-spellings/Dockerfile"))).toEqual([
      { rule: "from-not-latest", line: 4 },
      { rule: "apt-no-install-recommends", line: 7 },
      { rule: "packages-sorted", line: 8 },
      { rule: "consecutive-run", line: 11 },
    ]);
  });

  it("reads a multi-stage file: the helper stage keeps its lists, the here-document script is linted", () => {
    expect(found(readFixture("step1/accepted/multi-stage-heredoc/Dockerfile"))).toEqual([
      { rule: "packages-sorted", line: 7 },
      { rule: "from-not-latest", line: 11 },
      { rule: "apt-no-install-recommends", line: 15 },
      { rule: "packages-sorted", line: 15 },
      { rule: "exec-form-cmd", line: 24 },
    ]);
  });

  it("reads package lists and base images given through ARG", () => {
    expect(found(readFixture("step1/accepted/add-url-and-variables/Dockerfile"))).toEqual([
      { rule: "from-explicit-tag", line: 1 },
      { rule: "apt-no-install-recommends", line: 3 },
      { rule: "apt-lists-cleaned", line: 3 },
      { rule: "packages-sorted", line: 3 },
      { rule: "no-add-url", line: 5 },
      { rule: "exec-form-cmd", line: 12 },
    ]);
  });
});
