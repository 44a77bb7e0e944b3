import { describe, expect, it } from "vitest";
import { specOf, STEP1_FOLDER, workspaceWithDockerfile } from "./fixtures/test-workspace";
import { judgeDynamic, judgeStatic, resolveStepFolder } from "./judge";

const workspace = workspaceWithDockerfile("FROM debian\nRUN apt-get install -y mariadb-server\n");

describe("judgeStatic", () => {
  it("judges the static kinds and returns null for the ones that need the sandbox", () => {
    expect(judgeStatic(specOf({ kind: "base-image", image: "debian" }), workspace)?.status).toBe("pass");
    expect(judgeStatic(specOf({ kind: "build", tag: "x" }), workspace)).toBeNull();
    expect(judgeStatic(specOf({ kind: "http", port: 80 }), workspace)).toBeNull();
  });

  it("gives a preliminary verdict for packages", () => {
    const spec = specOf({ kind: "packages", installed: [{ describe: "MariaDB", anyOf: ["mariadb-server"] }] });
    expect(judgeStatic(spec, workspace)).toMatchObject({ status: "pass", phase: "static" });
  });

  it("carries the spec's id and title, and its hint on failure only", () => {
    const spec = { ...specOf({ kind: "base-image", image: "ubuntu" }), id: "base", title: "Base image", hint: "Use ubuntu." };
    expect(judgeStatic(spec, workspace)).toMatchObject({ id: "base", title: "Base image", status: "fail", hint: "Use ubuntu." });
    expect(judgeStatic({ ...spec, image: "debian" }, workspace)).not.toHaveProperty("hint");
  });
});

describe("judgeDynamic", () => {
  it("judges from the evidence of the matching kind", () => {
    const spec = specOf({ kind: "container", name: "box", image: "img" });
    expect(judgeDynamic(spec, { kind: "container", started: true, running: true, logsTail: "" }, workspace).status).toBe("pass");
  });

  it("judges shell checks from exec evidence", () => {
    expect(judgeDynamic(specOf({ kind: "shell", script: "true" }), { kind: "exec", exitCode: 0, output: "", timedOut: false }, workspace).status).toBe("pass");
  });

  it("reports evidence of the wrong kind as our error, and no evidence as skipped", () => {
    const spec = specOf({ kind: "http", port: 80 });
    expect(judgeDynamic(spec, { kind: "exec", exitCode: 0, output: "", timedOut: false }, workspace).status).toBe("error");
    expect(judgeDynamic(spec, undefined, workspace).status).toBe("skip");
  });

  it("falls back to the Dockerfile for packages without a package list", () => {
    const spec = specOf({ kind: "packages", notInstalled: ["mariadb-server"] });
    expect(judgeDynamic(spec, undefined, workspace)).toMatchObject({ status: "fail", phase: "static", line: 2 });
    expect(judgeDynamic(spec, { kind: "packages", installed: ["apache2"] }, workspace)).toMatchObject({ status: "pass", phase: "dynamic" });
  });

  it("judges static kinds from the files", () => {
    expect(judgeDynamic(specOf({ kind: "folder" }), undefined, workspace).status).toBe("pass");
  });
});

describe("resolveStepFolder", () => {
  it("finds the folder and its files", () => {
    expect(resolveStepFolder({ folder: STEP1_FOLDER, files: { [`./${STEP1_FOLDER}/Dockerfile`]: "", [`${STEP1_FOLDER}/a/b.txt`]: "" } })).toEqual({
      found: true,
      folder: STEP1_FOLDER,
      files: ["Dockerfile", "a/b.txt"],
    });
  });

  it("lists similar folders, closest first, those with a Dockerfile before the others", () => {
    const resolution = resolveStepFolder({
      folder: STEP1_FOLDER,
      files: {
        "2_wordpress_multiservice_better/Dockerfile": "",
        "1_wordpress_multiservice_dirty/Dockerfile": "",
        "1_wordpress_multiservice_dirty copy/notes.txt": "",
        "photos/cat.png": "",
      },
    });
    expect(resolution).toEqual({
      found: false,
      folder: STEP1_FOLDER,
      similar: [
        { folder: "1_wordpress_multiservice_dirty", hasDockerfile: true, sameName: false },
        { folder: "1_wordpress_multiservice_dirty copy", hasDockerfile: false, sameName: false },
        { folder: "2_wordpress_multiservice_better", hasDockerfile: true, sameName: false },
      ],
    });
  });

  it("finds the folder nested one level too deep", () => {
    const resolution = resolveStepFolder({ folder: STEP1_FOLDER, files: { [`work/${STEP1_FOLDER}/Dockerfile`]: "" } });
    expect(resolution).toMatchObject({ found: false, similar: [{ folder: `work/${STEP1_FOLDER}`, sameName: true }] });
  });
});
