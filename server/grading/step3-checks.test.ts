/**
 * Step 3's static checks (lessons/03-not-root/checks.yaml): USER mysql in the final stage, with or
 * without a group; the user checks of the image depend on it, so a missing USER is reported once.
 */
import { describe, expect, it } from "vitest";
import { edited, gradeStatically, loadLessonChecks, readLessonFile, staticStatuses } from "../grading-services/testing/content-test";
import { workspaceWithDockerfile } from "./fixtures/test-workspace";
import { implicitDependencies } from "./run-checks";

const LESSON = "03-not-root";
const FOLDER = "3_wordpress_multiservice_noroot";
const checksFile = loadLessonChecks(LESSON);
const solution = readLessonFile(LESSON, `solution/${FOLDER}/Dockerfile`);
const judge = (dockerfile: string) => gradeStatically(checksFile, workspaceWithDockerfile(dockerfile, FOLDER, FOLDER));

describe("step 3 checks.yaml", () => {
  it("checks the image's user, PID 1's user, both services, the site and the database", () => {
    expect(checksFile.folder).toBe(FOLDER);
    const byId = new Map(checksFile.checks.map((c) => [c.id, c]));
    expect(byId.get("image-user")).toMatchObject({ kind: "image-config", user: "mysql", image: "mon_image_wordpress" });
    expect(byId.get("main-process-user")).toMatchObject({ kind: "processes", mainProcessUser: "mysql", container: "mon_conteneur_wordpress" });
    expect(byId.get("site-answers")).toMatchObject({ kind: "http", port: 80, path: "/wordpress/" });
    for (const id of ["container-up", "services-running", "mysql-admin"]) expect(byId.has(id)).toBe(true);
  });

  it("reports a missing USER once: the image's and PID 1's user checks wait for it", () => {
    const all = checksFile.checks;
    const deps = (id: string) =>
      implicitDependencies(
        all.find((c) => c.id === id)!,
        all,
      );
    expect(deps("image-user")).toContain("user-instruction");
    expect(deps("main-process-user")).toEqual(expect.arrayContaining(["image-user", "container-up"]));
    expect(deps("mysql-admin")).toContain("services-running");
  });
});

describe("step 3 static checks", () => {
  it("the reference passes", async () => {
    expect(staticStatuses(await judge(solution))).toEqual({ folder: "pass", "user-instruction": "pass" });
  });

  it.each([
    ["USER mysql:mysql", "USER mysql:mysql\n"],
    ["USER mysql with trailing spaces", "USER mysql   \n"],
    ["lower-case user instruction", "user mysql\n"],
  ])("accepts %s", async (_what, line) => {
    expect(staticStatuses(await judge(edited(solution, "USER mysql\n", line)))["user-instruction"]).toBe("pass");
  });

  it.each([
    ["no USER at all", ""],
    ["USER root", "USER root\n"],
    ["a look-alike user", "USER mysqladmin\n"],
    ["a numeric uid", "USER 999\n"],
  ])("rejects %s, naming what it found", async (_what, line) => {
    const result = (await judge(edited(solution, "USER mysql\n", line))).get("user-instruction")!;
    expect(result.status).toBe("fail");
    expect(result.message).toMatch(/USER/);
    expect(result.hint).toContain("USER mysql");
  });

  it("does not count a USER mysql of an earlier build stage", async () => {
    const multiStage = `FROM debian:latest AS helper\nUSER mysql\nRUN true\n\n${edited(solution, "USER mysql\n", "")}`;
    expect((await judge(multiStage)).get("user-instruction")!.status).toBe("fail");
  });
});
