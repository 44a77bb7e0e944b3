import { afterAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { referenceBuilds } from "./reference-builds";
import type { Lesson } from "../lessons/load-lessons";

const root = mkdtempSync(path.join(os.tmpdir(), "wb-reference-builds-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

type BuildCheck = { kind: "build"; context: string; dockerfile: string; noCache: boolean };
function lesson(step: number, folder: string, checks: (BuildCheck | { kind: "folder" })[], dockerfiles: string[] | null): Parameters<typeof referenceBuilds>[0][number] {
  let solutionDir: string | null = null;
  if (dockerfiles) {
    solutionDir = path.join(root, `lesson${step}`, "solution");
    for (const file of dockerfiles) {
      mkdirSync(path.dirname(path.join(solutionDir, folder, file)), { recursive: true });
      writeFileSync(path.join(solutionDir, folder, file), "FROM debian:latest\n");
    }
  }
  return { step, folder, solutionDir, checks: { checks } as unknown as Lesson["checks"] };
}
const build = (context = ".", dockerfile = "Dockerfile", noCache = false): BuildCheck => ({ kind: "build", context, dockerfile, noCache });

describe("referenceBuilds", () => {
  it("gives each build check of a lesson with a solution, once per folder, context and Dockerfile", () => {
    const builds = referenceBuilds([lesson(1, "one", [{ kind: "folder" }, build(), build()], ["Dockerfile"]), lesson(5, "five", [build("web"), build("db")], ["web/Dockerfile", "db/Dockerfile"])]);
    expect(builds.map((b) => [b.step, b.folder, b.context, b.dockerfile])).toEqual([
      [1, "one", ".", "Dockerfile"],
      [5, "five", "web", "Dockerfile"],
      [5, "five", "db", "Dockerfile"],
    ]);
    expect(builds[0]!.solutionDir).toBe(path.join(root, "lesson1", "solution"));
  });

  it("skips a lesson without a solution, a --no-cache build, and a build whose Dockerfile the solution lacks", () => {
    const builds = referenceBuilds([
      lesson(2, "two", [build(".", "Dockerfile", true)], ["Dockerfile"]),
      lesson(3, "three", [build()], null),
      lesson(4, "four", [build(".", "Dockerfile.prod")], ["Dockerfile"]),
    ]);
    expect(builds).toEqual([]);
  });
});

describe("referenceBuilds of a compose step", () => {
  it("gives each service the reference compose file builds, with its context and Dockerfile as compose resolves them", () => {
    const solutionDir = path.join(root, "lesson6", "solution");
    const stepDir = path.join(solutionDir, "six");
    mkdirSync(path.join(stepDir, "web"), { recursive: true });
    mkdirSync(path.join(stepDir, "db"), { recursive: true });
    writeFileSync(path.join(stepDir, "web", "Dockerfile"), "FROM debian:latest\n");
    writeFileSync(path.join(stepDir, "db", "Dockerfile.db"), "FROM debian:latest\n");
    writeFileSync(
      path.join(stepDir, "docker-compose.yml"),
      'version: "3.8"\nservices:\n  web:\n    build: ./web\n  db:\n    build:\n      context: db/\n      dockerfile: ./Dockerfile.db\n  cache:\n    image: redis\n  outside:\n    build: ../elsewhere\n',
    );
    const compose = (build: boolean) => ({ kind: "compose-up", file: "docker-compose.yml", project: "six", build });
    const six = (build: boolean) => ({ step: 6, folder: "six", solutionDir, checks: { checks: [compose(build)] } as unknown as Lesson["checks"] });
    expect(referenceBuilds([six(true)]).map((b) => [b.step, b.folder, b.context, b.dockerfile, b.solutionDir])).toEqual([
      [6, "six", "web", "Dockerfile", solutionDir],
      [6, "six", "db", "Dockerfile.db", solutionDir],
    ]);
    expect(referenceBuilds([six(false)])).toEqual([]);
  });
});
