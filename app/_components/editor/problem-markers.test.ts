import { describe, expect, it } from "vitest";
import type { CheckResult } from "@/lib/protocol/messages";
import { judgeDockerfileLint } from "@/server/grading/judges/dockerfile-lint";
import { checkSpecSchema, type CheckSpecOf } from "@/server/grading/check-spec";
import { problemsForFile, problemsOfResult, yamlSyntaxProblems } from "./problem-markers";
import { runStaticChecks } from "@/server/grading/run-checks";
import { dockerfileSyntaxResults } from "@/server/grading/dockerfile-syntax-results";
import { loadStep1Checks, readStep1Solution, STEP1_FOLDER, workspaceWithDockerfile } from "@/server/grading/fixtures/test-workspace";

const result = (fields: Partial<CheckResult>): CheckResult => ({
  id: "c",
  title: "A check",
  status: "fail",
  message: "expected x, found y",
  phase: "static",
  ...fields,
});

describe("problems from check results", () => {
  it("puts a result's marker in the file it names, not in every open file", () => {
    const compose = result({ id: "compose", file: "6_x/docker-compose.yml", line: 4 });
    const apache = result({ id: "apache", file: "6_x/apache_wordpress/Dockerfile", line: 2, hint: "use FROM debian" });
    expect(problemsForFile("6_x/docker-compose.yml", undefined, [compose, apache]).check).toEqual([{ severity: "error", line: 4, message: "expected x, found y", source: "A check", code: "compose" }]);
    const inApache = problemsForFile("6_x/apache_wordpress/Dockerfile", undefined, [compose, apache]).check;
    expect(inApache).toHaveLength(1);
    expect(inApache[0]).toMatchObject({ line: 2, message: "expected x, found y\nHint: use FROM debian" });
    expect(problemsForFile("6_x/mysql_wordpress/Dockerfile", undefined, [compose, apache]).check).toEqual([]);
  });

  it("marks failures only, and a failing live check as an error (an unknown instruction, a wrong base image)", () => {
    expect(problemsOfResult(result({ status: "pass", file: "f", line: 1 }), "f", "error")).toEqual([]);
    expect(problemsOfResult(result({ file: "f" }), "f", "error")).toEqual([]); // no line: nothing to mark
    expect(problemsForFile("f", [result({ file: "f", line: 3 })], []).lint).toMatchObject([{ severity: "error", line: 3 }]);
    expect(problemsForFile("f", [result({ file: "f", line: 3, status: "skip" })], []).lint).toEqual([]); // preliminary: not marked
  });

  it("marks step 1's live checks as errors on the right lines: a misspelt instruction, a wrong base image", () => {
    const path = `${STEP1_FOLDER}/Dockerfile`;
    // As the server's live lint answers (server/grading-services/lint-service.ts).
    const live = (dockerfile: string) => problemsForFile(path, [...dockerfileSyntaxResults(path, dockerfile), ...runStaticChecks(loadStep1Checks(), workspaceWithDockerfile(dockerfile))], []).lint;
    const solution = readStep1Solution();
    const misspelt = solution.replace("\nRUN cd /tmp", "\nRUNN cd /tmp");
    const runnLine = misspelt.split("\n").findIndex((l) => l.startsWith("RUNN")) + 1;
    expect(live(misspelt)).toContainEqual(expect.objectContaining({ severity: "error", line: runnLine, message: expect.stringContaining("Unknown instruction RUNN") }));
    expect(live(solution.replace("FROM debian:latest", "FROM ubuntu:24.04"))).toContainEqual(expect.objectContaining({ severity: "error", line: 2, code: "base-image" }));
    expect(live(solution)).toEqual([]);
  });

  it("prefers the live lint answer over the last Check for static checks, and keeps dynamic ones", () => {
    const staleStatic = result({ id: "base-image", file: "f", line: 1 });
    const dynamic = result({ id: "http", phase: "dynamic", file: "f", line: 9 });
    const relinted = result({ id: "base-image", status: "pass", file: "f" });
    const problems = problemsForFile("f", [relinted], [staleStatic, dynamic]);
    expect(problems.lint).toEqual([]);
    expect(problems.check.map((p) => p.code)).toEqual(["http"]);
  });

  it("turns every dockerfile-lint finding into its own marker, also when the check passes", () => {
    const spec = checkSpecSchema.parse({
      id: "lint",
      title: "Best practices",
      kind: "dockerfile-lint",
      required: ["apt-assume-yes"],
      advisory: ["apt-lists-cleaned", "from-not-latest"],
    }) as CheckSpecOf<"dockerfile-lint">;
    const folder = "2_wordpress_multiservice_better";
    const dockerfile = "FROM debian:latest\nRUN apt-get update && apt-get install -y apache2\n";
    const judged = judgeDockerfileLint(spec, { folder, files: { [`${folder}/Dockerfile`]: dockerfile } } as never);
    expect(judged.status).toBe("pass");
    const problems = problemsOfResult(judged, `${folder}/Dockerfile`, "error");
    expect(problems.length).toBe(judged.findings!.length);
    expect(problems.length).toBeGreaterThanOrEqual(2);
    expect(problems.every((p) => p.severity === "warning")).toBe(true);
    expect(problems.map((p) => p.line).sort()).toEqual([1, 2]);

    const failing = judgeDockerfileLint(spec, {
      folder,
      files: { [`${folder}/Dockerfile`]: "FROM debian:12\nRUN apt-get update && apt-get install apache2 && rm -rf /var/lib/apt/lists/*\n" },
    } as never);
    expect(failing.status).toBe("fail");
    expect(problemsOfResult(failing, `${folder}/Dockerfile`, "warning")).toMatchObject([{ severity: "error", line: 2, code: "apt-assume-yes" }]);
  });
});

describe("YAML syntax problems", () => {
  it("finds nothing in valid YAML", () => {
    expect(yamlSyntaxProblems("version: '3'\nservices:\n  db:\n    image: mysql:5.7\n    restart: always\n")).toEqual([]);
    expect(yamlSyntaxProblems("")).toEqual([]);
  });

  it("marks a badly indented key at its line and column", () => {
    const problems = yamlSyntaxProblems("services:\n  web:\n    image: x\n   ports:\n     - 8080:80\n");
    expect(problems.length).toBeGreaterThanOrEqual(1);
    expect(problems[0]).toMatchObject({ severity: "error", line: 4, column: 1 });
    expect(problems[0]).toMatchObject({ source: "YAML", message: "All mapping items must start at the same column" });
    expect(problems[0]!.message).not.toContain("\n");
  });

  it("marks a tab used as indentation, a duplicate key and an unclosed quote on the line typed", () => {
    expect(yamlSyntaxProblems("a:\n\t- x\n")[0]).toMatchObject({ line: 2, code: "TAB_AS_INDENT" });
    expect(yamlSyntaxProblems("a: 1\nrestart: no\nrestart: always\n")[0]).toMatchObject({
      line: 3,
      column: 1,
      endLine: 3,
      endColumn: "restart: always".length + 1, // the whole line is underlined, not one character
      code: "DUPLICATE_KEY",
    });
    const unclosed = yamlSyntaxProblems('services:\n  web:\n    image: "wordpress\n\n');
    expect(unclosed[0]).toMatchObject({ line: 3, code: "MISSING_CHAR" });
  });
});
