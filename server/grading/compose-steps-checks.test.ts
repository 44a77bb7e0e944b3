/**
 * Steps 5 and 6's static checks on the lessons' own files: the references pass, the step-6
 * starter fails where the student has work to do, and a compose file with every problem at once
 * gets each marked on its line.
 */
import { describe, expect, it } from "vitest";
import type { WorkspaceSnapshot } from "./evidence";
import { gradeStatically, loadLessonChecks, readLessonFile, staticStatuses } from "../grading-services/testing/content-test";
import { LEARNER_ACCOUNT } from "./stack/home-folder-path";
import { LEARNER_USER } from "../sandbox/engine-options";

const STEP5 = "5_wordpress_microservice_persistant";
const STEP6 = "6_wordpress_microservice_compose";
const DOCKERFILES = ["apache_wordpress/Dockerfile", "mysql_wordpress/Dockerfile"];

function lessonFolder(slug: string, kind: "solution" | "starter", folder: string, files: string[]): WorkspaceSnapshot {
  return { folder, files: Object.fromEntries(files.map((f) => [`${folder}/${f}`, readLessonFile(slug, `${kind}/${folder}/${f}`)])) };
}

describe("step 5 static checks", () => {
  const checks = loadLessonChecks("05-two-microservices");
  it("pass with the reference and the starter alike (the folder holds every file)", async () => {
    for (const kind of ["solution", "starter"] as const) {
      const workspace = lessonFolder("05-two-microservices", kind, STEP5, [...DOCKERFILES, "build_and_launch.sh"]);
      expect(staticStatuses(await gradeStatically(checks, workspace))).toEqual({ folder: "pass" });
    }
  });

  it("names the missing script", async () => {
    const workspace = lessonFolder("05-two-microservices", "solution", STEP5, DOCKERFILES);
    const folder = (await gradeStatically(checks, workspace)).get("folder")!;
    expect(folder.status).toBe("fail");
    expect(folder.message).toMatch(/build_and_launch\.sh is missing/);
  });
});

describe("step 6 static checks", () => {
  const checks = loadLessonChecks("06-compose");
  const files = [...DOCKERFILES, "docker-compose.yml"];

  it("pass with the reference", async () => {
    const results = await gradeStatically(checks, lessonFolder("06-compose", "solution", STEP6, files));
    expect(staticStatuses(results)).toEqual({ folder: "pass", "script-replaced": "pass", "compose-version": "pass", "service-names": "pass", "services-like-step5": "pass" });
  });

  it("report step 5's script left beside the compose file, on the script", async () => {
    const workspace = lessonFolder("06-compose", "solution", STEP6, files);
    workspace.files[`${STEP6}/build_and_launch.sh`] = "#!/bin/bash\ndocker build -t a ./apache_wordpress\n";
    const results = await gradeStatically(checks, workspace);
    expect(results.get("folder")?.status).toBe("pass");
    expect(results.get("script-replaced")).toMatchObject({ status: "fail", file: `${STEP6}/build_and_launch.sh` });
    expect(results.get("script-replaced")?.message).toContain("build_and_launch.sh is still there (docker-compose.yml replaces it in this step): delete it");
  });

  it("fail with the starter's empty compose file", async () => {
    const results = await gradeStatically(checks, lessonFolder("06-compose", "starter", STEP6, files));
    expect(staticStatuses(results)).toEqual({ folder: "pass", "script-replaced": "pass", "compose-version": "fail", "service-names": "fail", "services-like-step5": "skip" });
  });

  it("mark each problem of a file that breaks them all on its line", async () => {
    const workspace = lessonFolder("06-compose", "solution", STEP6, DOCKERFILES);
    workspace.files[`${STEP6}/docker-compose.yml`] = [
      'version: "2"',
      "services:",
      "  apache_wordpress:",
      "    build: ./apache_wordpress",
      "    ports:",
      '      - "8080:80"',
      "  mysql_wordpress:",
      "    build: ./mysql_wordpress",
      "    ports:",
      "      - 3306:3306",
      "",
    ].join("\n");
    const results = await gradeStatically(checks, workspace);
    expect(results.get("compose-version")).toMatchObject({ status: "fail", line: 1 });
    expect(results.get("service-names")).toMatchObject({ status: "pass" });
    const services = results.get("services-like-step5")!;
    expect(services).toMatchObject({ status: "fail", line: 5, file: `${STEP6}/docker-compose.yml` });
    expect(services.message).toMatch(/line 5: apache_wordpress must publish container port 80 on host port 80/);
    expect(services.message).toMatch(/line 10: mysql_wordpress publishes port 3306/);
    expect(services.message).toMatch(/mysql_wordpress does not mount anything on \/var\/lib\/mysql/);
  });
});

describe("step 8's home folders", () => {
  it("are judged for the account the learner's shell and docker-compose run as", () => {
    // The grading core may not import the sandbox's settings: this keeps its copy of the name true.
    expect(LEARNER_ACCOUNT).toBe(LEARNER_USER);
  });

  it("tell a student who wrote another user's home that it is not theirs, before compose runs", async () => {
    const checks = loadLessonChecks("08-final-wordpress");
    const folder = "8_my_final_wordpress";
    const stack = readLessonFile("08-final-wordpress", `solution/${folder}/stack_wordpress.yml`).replaceAll("/home/$USER/", "/home/alice/");
    const results = await gradeStatically(checks, { folder, files: { [`${folder}/stack_wordpress.yml`]: stack } });
    const binds = results.get("bind-mounts")!;
    expect(binds.status).toBe("fail");
    expect(binds.message).toContain("/home/alice/data_wordpress: that is the home folder of a user named alice, not yours");
    expect(binds.message).toContain("/home/alice/source_code_wordpress: that is the home folder of a user named alice");
    const learners = readLessonFile("08-final-wordpress", `solution/${folder}/stack_wordpress.yml`).replaceAll("/home/$USER/", "/home/learner/");
    expect((await gradeStatically(checks, { folder, files: { [`${folder}/stack_wordpress.yml`]: learners } })).get("bind-mounts")!.status).toBe("pass");
  });
});
