/**
 * The step-1 checks (lessons/01-dirty-dockerfile/checks.yaml) over fixture Dockerfiles: the
 * reference passes every static check, other correct spellings pass too, and each broken variant
 * fails exactly the check for the constraint it breaks.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { hintLevels, type CheckSpec } from "./check-spec";
import type { WorkspaceSnapshot } from "./evidence";
import { readFixture, readStep1Solution, STEP1_FOLDER, loadStep1Checks, workspaceWithDockerfile } from "./fixtures/test-workspace";
import { judgeStatic } from "./judge";
import { gradeStatically, liveResults, staticStatuses as statuses } from "../grading-services/testing/content-test";

const checksFile = loadStep1Checks();
/** What a grade decides from the files (the static kinds, and `packages` from the apt lines while nothing is built). */
const judgeAll = (workspace: WorkspaceSnapshot) => gradeStatically(checksFile, workspace);
const file = `${STEP1_FOLDER}/Dockerfile`;

describe("step 1 checks.yaml", () => {
  it("is valid and covers the step's constraints with the suggested ids", () => {
    expect(checksFile.folder).toBe("1_worpress_multiservice_dirty");
    expect(checksFile.checks.map((c) => c.id)).toEqual(
      expect.arrayContaining([
        "folder",
        "base-image",
        "no-wordpress-package",
        "required-packages",
        "zip-download",
        "env-single-instruction",
        "trailing-comments",
        "names",
        "build",
        "container-up",
        "image-env",
        "services-running",
        "site-answers",
        "sources-in-place",
        "mysql-admin",
      ]),
    );
    for (const check of checksFile.checks) {
      expect(hintLevels(check).length, `${check.id} has a hint`).toBeGreaterThan(0);
      for (const id of check.requires) expect(checksFile.checks.map((c) => c.id)).toContain(id);
    }
  });

  it("builds and runs with the names the lesson asks for", () => {
    const byKind = <K extends CheckSpec["kind"]>(kind: K) => checksFile.checks.filter((c): c is Extract<CheckSpec, { kind: K }> => c.kind === kind);
    expect(byKind("build")[0]!.tag).toBe("mon_image_wordpress");
    expect(byKind("container")[0]).toMatchObject({ name: "mon_conteneur_wordpress", image: "mon_image_wordpress", publish: ["80:80"] });
    expect(byKind("http")[0]).toMatchObject({ port: 80, path: "/wordpress/" });
  });
});

describe("step 1 static checks on the lesson's starter", () => {
  it("fails some static check: the starter is where students begin", async () => {
    const starter = readFileSync(path.resolve(__dirname, "../../lessons/01-dirty-dockerfile/starter", STEP1_FOLDER, "Dockerfile"), "utf8");
    const results = await judgeAll(workspaceWithDockerfile(starter));
    expect([...results.values()].some((r) => r.status === "fail")).toBe(true);
  });
});

describe("step 1 static checks on the reference solution", () => {
  it("passes every static check, each pointing into the step's Dockerfile", async () => {
    const results = await judgeAll(workspaceWithDockerfile(readStep1Solution()));
    expect(
      Object.values(statuses(results)).every((s) => s === "pass"),
      JSON.stringify([...results.values()], null, 1),
    ).toBe(true);
    for (const [id, result] of results) if (id !== "folder") expect(result.file).toBe(file);
  });
});

describe("step 1 static checks on other correct Dockerfiles", () => {
  it.each(["backtick-escape-and-spellings", "multi-stage-heredoc", "add-url-and-variables"])("%s passes every static check", async (variant) => {
    const results = await judgeAll(workspaceWithDockerfile(readFixture(`step1/accepted/${variant}/Dockerfile`)));
    const failing = [...results.values()].filter((r) => r.status !== "pass");
    expect(failing).toEqual([]);
  });
});

/** Each broken variant and the one check it must fail; checks that require it are skipped. */
const BROKEN: [variant: string, failingCheck: string, messagePart: string, line?: number][] = [
  ["base-bookworm", "base-image", "line 2 has FROM debian:bookworm", 2],
  ["base-ubuntu", "base-image", "FROM ubuntu:latest", 2],
  ["base-impostor", "base-image", "not the official image", 2],
  ["wordpress-package", "no-wordpress-package", "line 7 installs wordpress", 7],
  ["no-mariadb-server", "required-packages", "the MariaDB server (mariadb-server or default-mysql-server)", 6],
  ["no-php-mysql", "required-packages", "PHP's MySQL extension", 6],
  ["tarball", "zip-download", "latest.tar.gz, a .tar.gz archive. The step asks for the .zip one: https://wordpress.org/latest.zip", 12],
  ["zip-never-extracted", "zip-download", "nothing extracts it", 12],
  ["env-split", "env-single-instruction", "MYSQL_PASSWORD=tempo on line 17 and MYSQL_USER=admin and MYSQL_DATABASE=wordpress on line 18", 18],
  ["env-legacy-form", "env-single-instruction", 'old form "ENV NAME value"', 17],
  ["env-missing-database", "env-single-instruction", "the database name (value wordpress)", 17],
  ["commands-at-top", "trailing-comments", "is in the comment on line 3, but instructions follow it"],
  ["instruction-after-comments", "trailing-comments", "The file ends with the instruction EXPOSE on line 40"],
  ["wrong-image-tag", "names", "tagged -t mon_image_wordpress, but line 37 has docker build -t wordpress_image .", 37],
  ["wrong-container-name", "names", "names the container wordpress instead of mon_conteneur_wordpress", 39],
  ["port-after-image", "names", "-p comes after the image name", 39],
];

describe("step 1 static checks on broken Dockerfiles", () => {
  it.each(BROKEN)("%s fails only %s", async (variant, failingCheck, messagePart, line) => {
    const results = await judgeAll(workspaceWithDockerfile(readFixture(`step1/broken/${variant}/Dockerfile`)));
    const failed = results.get(failingCheck)!;
    expect(failed.status).toBe("fail");
    expect(failed.message).toContain(messagePart);
    expect(failed.hint).toBeTruthy();
    expect(failed.file).toBe(file);
    if (line !== undefined) expect(failed.line).toBe(line);
    const dependents = new Set(checksFile.checks.filter((c) => c.requires.includes(failingCheck)).map((c) => c.id));
    for (const [id, result] of results) {
      if (id === failingCheck) continue;
      expect(result.status, `${id}: ${result.message}`).toBe(dependents.has(id) ? "skip" : "pass");
    }
  });
});

describe("step 1 when the folder is wrong", () => {
  const misnamed = () => workspaceWithDockerfile(readStep1Solution(), "1_wordpress_multiservice_dirty");
  const FILE_CHECKS = ["base-image", "zip-download", "env-single-instruction", "trailing-comments", "required-packages"];

  it("fails the folder check naming the expected folder and the look-alike, and every file check says where the Dockerfile should be", () => {
    // As the editor shows it while the student types: every check the files decide, none skipped.
    const results = liveResults(checksFile, misnamed());
    const folder = results.get("folder")!;
    expect(folder.status).toBe("fail");
    expect(folder.message).toContain("Expected a folder named 1_worpress_multiservice_dirty");
    expect(folder.message).toContain("1_wordpress_multiservice_dirty/");
    for (const id of FILE_CHECKS) {
      expect(results.get(id)!.status).toBe("fail");
      expect(results.get(id)!.message).toContain(`No Dockerfile at ${file}`);
    }
  });

  it("in a grade, fails only the folder check: each file check is skipped, saying it waits for the folder", async () => {
    const results = await judgeAll(misnamed());
    expect(results.get("folder")!.status).toBe("fail");
    expect(results.get("folder")!.message).toContain("Expected a folder named 1_worpress_multiservice_dirty");
    const others = [...results.values()].filter((r) => r.id !== "folder");
    expect(others.map((r) => r.id)).toEqual(expect.arrayContaining(FILE_CHECKS));
    for (const result of others) expect(result.status, result.id).toBe("skip");
    for (const id of FILE_CHECKS) expect(results.get(id)!.message).toContain(`it needs "${results.get("folder")!.title}" to pass first`);
  });

  it("recognises a previous step's folder copied without renaming", () => {
    const workspace = workspaceWithDockerfile("FROM debian\n", "1_worpress_multiservice_dirty", "2_wordpress_multiservice_better");
    const result = judgeStatic(checksFile.checks[0]!, workspace)!;
    expect(result.message).toContain("Expected a folder named 2_wordpress_multiservice_better");
    expect(result.message).toContain("1_worpress_multiservice_dirty/");
  });
});

describe("step 1 robustness", () => {
  it("never throws, whichever line of the reference is removed or cut in half, live or in a grade", async () => {
    const lines = readStep1Solution().split("\n");
    for (let i = 0; i < lines.length; i++) {
      const removed = [...lines.slice(0, i), ...lines.slice(i + 1)].join("\n");
      const cut = [...lines.slice(0, i), lines[i]!.slice(0, Math.floor(lines[i]!.length / 2))].join("\n");
      for (const dockerfile of [removed, cut]) {
        expect(() => liveResults(checksFile, workspaceWithDockerfile(dockerfile))).not.toThrow();
        await expect(judgeAll(workspaceWithDockerfile(dockerfile))).resolves.toBeInstanceOf(Map);
      }
    }
  });
});
