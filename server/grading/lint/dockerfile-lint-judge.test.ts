/** The `dockerfile-lint` check kind: its spec, its verdict, its message and the findings it hands the editor. */
import { describe, expect, it } from "vitest";
import { checkResultSchema } from "../../../lib/protocol/messages";
import { checkSpecSchema } from "../check-spec";
import { isStaticKind } from "../kinds/registry";
import { readFixture, readStep1Solution, specOf, STEP1_FOLDER, workspaceWithDockerfile } from "../fixtures/test-workspace";
import { judgeDynamic, judgeStatic } from "../judge";
import { judgeDockerfileLint } from "../kinds/dockerfile-lint/judge";
import { LINT_RULE_IDS } from "./rule-ids";

const STEP1_ADVICE = ["from-not-latest", "packages-sorted", "consecutive-run"];
const file = `${STEP1_FOLDER}/Dockerfile`;
const ws = (dockerfile: string) => workspaceWithDockerfile(dockerfile);

describe("the dockerfile-lint spec", () => {
  it("is a static kind with defaults", () => {
    const spec = specOf({ kind: "dockerfile-lint", required: ["apt-lists-cleaned"] });
    expect(spec).toMatchObject({ file: "Dockerfile", required: ["apt-lists-cleaned"], advisory: [] });
    expect(spec.minScore).toBeUndefined();
    expect(isStaticKind("dockerfile-lint")).toBe(true);
  });

  it.each([
    [{ required: ["no-such-rule"] }, "required"],
    [{ required: ["no-sudo"], advisory: ["no-sudo"] }, "advisory"],
    [{ required: [], minScore: 120 }, "minScore"],
    [{}, "required"],
  ])("rejects %j", (fields, path) => {
    const parsed = checkSpecSchema.safeParse({ id: "lint", title: "Lint", kind: "dockerfile-lint", ...fields });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.path[0]).toBe(path);
  });
});

describe("judging", () => {
  it("passes the step-2 reference with every rule required, score 100 and no findings", () => {
    const spec = specOf({ kind: "dockerfile-lint", required: [...LINT_RULE_IDS], minScore: 100 });
    const result = judgeStatic(spec, ws(readFixture("step2/reference/Dockerfile")))!;
    expect(result).toMatchObject({ status: "pass", phase: "static", file, score: 100, findings: [] });
    expect(result.message).toBe("Best-practice score 100/100: the Dockerfile follows every rule checked.");
    expect(result.line).toBeUndefined();
    expect(checkResultSchema.parse(result)).toEqual(result);
  });

  it("fails the step-1 reference when every rule is required, listing each problem with its line", () => {
    const spec = specOf({ kind: "dockerfile-lint", required: [...LINT_RULE_IDS], hint: "See the lesson's best practices." });
    const result = judgeDockerfileLint(spec, ws(readStep1Solution()));
    expect(result).toMatchObject({ status: "fail", line: 2, score: 80, hint: "See the lesson's best practices." });
    const lines = result.message.split("\n");
    expect(lines[0]).toBe("Best-practice score 80/100.");
    expect(lines[1]).toBe("To fix (3 problems):");
    expect(lines.slice(2).map((l) => /^line (\d+): /.exec(l)?.[1])).toEqual(["2", "7", "11"]);
    expect(result.findings!.map((f) => [f.rule, f.line, f.severity])).toEqual([
      ["from-not-latest", 2, "required"],
      ["packages-sorted", 7, "required"],
      ["consecutive-run", 11, "required"],
    ]);
  });

  it("passes the step-1 reference when its problems are only advice, and still reports them", () => {
    const spec = specOf({
      kind: "dockerfile-lint",
      required: LINT_RULE_IDS.filter((id) => !STEP1_ADVICE.includes(id)),
      advisory: STEP1_ADVICE,
    });
    const result = judgeDockerfileLint(spec, ws(readStep1Solution()));
    expect(result).toMatchObject({ status: "pass", score: 80, line: 2 });
    expect(result.hint).toBeUndefined();
    expect(result.message).toMatch(/^Best-practice score 80\/100: every required rule passes.\nAdvice:\nline 2: FROM debian:latest/);
    expect(result.findings!.every((f) => f.severity === "advice")).toBe(true);
  });

  it("lists required problems before advice, and points at the first required one", () => {
    const dockerfile = "FROM debian:latest\nRUN apt-get update\nRUN apt-get install -y curl\n";
    const spec = specOf({ kind: "dockerfile-lint", required: ["apt-update-with-install"], advisory: ["from-not-latest", "consecutive-run"] });
    const result = judgeDockerfileLint(spec, ws(dockerfile));
    expect(result.status).toBe("fail");
    expect(result.line).toBe(2);
    expect(
      result.message
        .split("\n")
        .filter((l) => /^(line|To fix|Advice)/.test(l))
        .map((l) => l.replace(/^(line \d+): .*/, "$1")),
    ).toEqual(["To fix (2 problems):", "line 2", "line 3", "Advice:", "line 1", "line 3"]);
    expect(result.score).toBe(100 - 20 - 20 - 10 - 5);
  });

  it("fails below minScore on advice alone", () => {
    const spec = specOf({ kind: "dockerfile-lint", required: [], advisory: [...LINT_RULE_IDS], minScore: 90 });
    const result = judgeDockerfileLint(spec, ws(readStep1Solution()));
    expect(result.status).toBe("fail");
    expect(result.line).toBe(2);
    expect(result.message).toMatch(/^Best-practice score 80\/100, below the 90 this step asks for.\nFollow this advice to raise it:\n/);
    expect(judgeDockerfileLint({ ...spec, minScore: 80 }, ws(readStep1Solution())).status).toBe("pass");
  });

  it("does not run rules that are in neither list", () => {
    const spec = specOf({ kind: "dockerfile-lint", required: ["no-sudo"] });
    expect(judgeDockerfileLint(spec, ws(readStep1Solution()))).toMatchObject({ status: "pass", score: 100, findings: [] });
  });

  it("keeps the message short on a file with many problems, and every finding for the editor", () => {
    const dockerfile = `FROM debian:trixie\n${"RUN sudo true\n".repeat(30)}`;
    const result = judgeDockerfileLint(specOf({ kind: "dockerfile-lint", required: ["no-sudo"] }), ws(dockerfile));
    expect(result.findings).toHaveLength(30);
    expect(result.message.split("\n").filter((l) => l.startsWith("line "))).toHaveLength(20);
    expect(result.message).toContain("…and 10 more, marked in the editor.");
    expect(result.score).toBe(0);
  });

  it("fails with a message when the Dockerfile is missing or has no FROM", () => {
    const spec = specOf({ kind: "dockerfile-lint", required: ["no-sudo"] });
    expect(judgeDockerfileLint(spec, { folder: STEP1_FOLDER, files: {} })).toMatchObject({ status: "fail", file });
    expect(judgeDockerfileLint(spec, ws("# nothing yet\n"))).toMatchObject({ status: "fail", line: 1 });
  });

  it("is judged from the files in the dynamic phase too", () => {
    const spec = specOf({ kind: "dockerfile-lint", required: ["exec-form-cmd"] });
    expect(judgeDynamic(spec, undefined, ws("FROM debian:trixie\nCMD true\n"))).toMatchObject({ status: "fail", line: 2, phase: "static" });
  });
});
