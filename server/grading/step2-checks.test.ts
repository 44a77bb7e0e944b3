/**
 * Step 2's static checks (lessons/02-best-practices/checks.yaml): the reference solution follows
 * every required best practice; rewriting one of them back the step-1 way fails the
 * best-practices check with that rule marked, while advice never fails it.
 */
import { describe, expect, it } from "vitest";
import { edited, gradeStatically, loadLessonChecks, readLessonFile, staticStatuses } from "../grading-services/testing/content-test";
import { readFixture, readStep1Solution, workspaceWithDockerfile } from "./fixtures/test-workspace";

const LESSON = "02-best-practices";
const FOLDER = "2_wordpress_multiservice_better";
const checksFile = loadLessonChecks(LESSON);
const solution = readLessonFile(LESSON, `solution/${FOLDER}/Dockerfile`);
const judge = (dockerfile: string) => gradeStatically(checksFile, workspaceWithDockerfile(dockerfile, FOLDER, FOLDER));

describe("step 2 checks.yaml", () => {
  it("builds without cache under step 1's names and keeps every step-1 dynamic check", () => {
    expect(checksFile.folder).toBe(FOLDER);
    expect(checksFile.checks.find((c) => c.kind === "build")).toMatchObject({ tag: "mon_image_wordpress", noCache: true });
    expect(checksFile.checks.find((c) => c.kind === "container")).toMatchObject({ name: "mon_conteneur_wordpress", publish: ["80:80"] });
    expect(checksFile.checks.map((c) => c.id)).toEqual(expect.arrayContaining(["container-up", "image-env", "services-running", "sources-in-place", "site-answers", "mysql-admin"]));
    const lint = checksFile.checks.find((c) => c.kind === "dockerfile-lint");
    expect(lint?.kind === "dockerfile-lint" && lint.advisory).toContain("from-not-latest");
  });
});

describe("step 2 static checks", () => {
  it("the reference passes, with FROM debian:latest reported only as advice", async () => {
    const results = await judge(solution);
    expect(staticStatuses(results)).toEqual({ folder: "pass", "best-practices": "pass" });
    const lint = results.get("best-practices")!;
    expect(lint.findings?.map((f) => [f.rule, f.severity])).toEqual([["from-not-latest", "advice"]]);
    expect(lint.score).toBe(90);
  });

  it("a pinned version tag (the lint fixture's reference) passes with a perfect score", async () => {
    const results = await judge(readFixture("step2/reference/Dockerfile"));
    expect(staticStatuses(results)).toEqual({ folder: "pass", "best-practices": "pass" });
    expect(results.get("best-practices")!.score).toBe(100);
  });

  it("the step-1 reference, copied unchanged, fails: its packages are not sorted", async () => {
    const lint = (await judge(readStep1Solution())).get("best-practices")!;
    expect(lint.status).toBe("fail");
    expect(lint.findings?.filter((f) => f.severity === "required").map((f) => f.rule)).toEqual(["packages-sorted"]);
  });

  const PACKAGES = /apt-get update \\\n && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \\/;
  const BROKEN: [what: string, rule: string, dockerfile: () => string][] = [
    ["package lists left in the image", "apt-lists-cleaned", () => edited(solution, " \\\n && rm -rf /var/lib/apt/lists/*", "")],
    ["recommended packages installed", "apt-no-install-recommends", () => edited(solution, " --no-install-recommends", "")],
    ["apt-get update in its own RUN", "apt-update-with-install", () => edited(solution, PACKAGES, "apt-get update\nRUN DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \\")],
    ["packages out of order", "packages-sorted", () => edited(solution, "      apache2 \\\n      ca-certificates \\", "      ca-certificates \\\n      apache2 \\")],
    ["DEBIAN_FRONTEND stored with ENV", "debian-frontend-env", () => edited(solution, "FROM debian:latest\n", "FROM debian:latest\nENV DEBIAN_FRONTEND=noninteractive\n")],
    ["apt-get upgrade", "apt-no-upgrade", () => edited(solution, "apt-get update \\\n", "apt-get update && apt-get upgrade -y \\\n")],
    ["the archive left in its layer", "archive-removed", () => edited(solution, " \\\n && rm latest.zip", "")],
    [
      "the archive fetched with ADD",
      "no-add-url",
      () => edited(solution, "RUN cd /tmp \\\n && wget -q https://wordpress.org/latest.zip \\\n", "ADD https://wordpress.org/latest.zip /tmp/latest.zip\nRUN cd /tmp \\\n"),
    ],
    ["a WORKDIR for one RUN", "workdir-single-use", () => edited(solution, "RUN cd /tmp \\\n && wget", "WORKDIR /tmp\nRUN wget").replace("\nCMD", "\nWORKDIR /\nCMD")],
  ];

  it.each(BROKEN)("%s fails best-practices on the rule %s", async (_what, rule, dockerfile) => {
    const results = await judge(dockerfile());
    expect(results.get("folder")!.status).toBe("pass");
    const lint = results.get("best-practices")!;
    expect(lint.status).toBe("fail");
    expect(new Set(lint.findings?.filter((f) => f.severity === "required").map((f) => f.rule))).toEqual(new Set([rule]));
    expect(lint.line).toBeGreaterThan(0);
    expect(lint.hint).toBeTruthy();
  });

  it("advice alone never fails: FROM without a tag, a MAINTAINER, a shell-form CMD", async () => {
    let dockerfile = edited(solution, "FROM debian:latest", "FROM debian\nMAINTAINER someone@example.org");
    dockerfile = edited(dockerfile, /CMD \[.*\]/, "CMD mkdir -p /run/mysqld && (mariadbd --user=mysql &) && exec apache2ctl -D FOREGROUND");
    const lint = (await judge(dockerfile)).get("best-practices")!;
    expect(lint.status).toBe("pass");
    expect(lint.findings?.map((f) => f.rule).sort()).toEqual(["exec-form-cmd", "from-explicit-tag", "maintainer-deprecated"]);
    expect(lint.score).toBeLessThan(80);
  });

  it("the starter has no Dockerfile, so the folder check fails and says what is missing", async () => {
    const note = readLessonFile(LESSON, `starter/${FOLDER}/START_HERE.md`);
    const results = await gradeStatically(checksFile, { folder: FOLDER, files: { [`${FOLDER}/START_HERE.md`]: note } });
    expect(results.get("folder")!.status).toBe("fail");
    expect(results.get("folder")!.message).toMatch(/Dockerfile/);
  });
});
