import { afterAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fromImages, referenceKey, type ReferenceBuild } from "./layer-cache-seed";

const root = mkdtempSync(path.join(os.tmpdir(), "wb-layer-key-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function solution(files: Record<string, string>): ReferenceBuild {
  const solutionDir = mkdtempSync(path.join(root, "s-"));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(solutionDir, "step", name)), { recursive: true });
    writeFileSync(path.join(solutionDir, "step", name), content);
  }
  return { step: 1, solutionDir, folder: "step", context: ".", dockerfile: "Dockerfile" };
}

const digests = (map: Record<string, string>) => async (repository: string, tag: string) => map[`${repository}:${tag}`];

describe("fromImages", () => {
  it("reads every FROM line's image, with platform flags and stage names", () => {
    const dockerfile = "# FROM nothing\nFROM debian:latest\nRUN true\nfrom --platform=linux/amd64 wordpress:6 AS web\n  FROM web\n";
    expect(fromImages(dockerfile)).toEqual(["debian:latest", "wordpress:6", "web"]);
  });
});

describe("referenceKey", () => {
  const base = digests({ "library/debian:latest": "sha256:aaa" });

  it("is the same for the same files and base image", async () => {
    const a = solution({ Dockerfile: "FROM debian:latest\nRUN true\n", "conf/site.conf": "x" });
    const b = solution({ Dockerfile: "FROM debian:latest\nRUN true\n", "conf/site.conf": "x" });
    expect(await referenceKey(a, base)).toBe(await referenceKey(b, base));
  });

  it("changes when a line of the Dockerfile, another file of the context or its name changes", async () => {
    const key = await referenceKey(solution({ Dockerfile: "FROM debian:latest\nRUN true\n", "conf/site.conf": "x" }), base);
    expect(await referenceKey(solution({ Dockerfile: "FROM debian:latest\nRUN false\n", "conf/site.conf": "x" }), base)).not.toBe(key);
    expect(await referenceKey(solution({ Dockerfile: "FROM debian:latest\nRUN true\n", "conf/site.conf": "y" }), base)).not.toBe(key);
    expect(await referenceKey(solution({ Dockerfile: "FROM debian:latest\nRUN true\n", "conf/other.conf": "x" }), base)).not.toBe(key);
  });

  it("changes when the registry serves another base image under the same tag", async () => {
    const build = solution({ Dockerfile: "FROM debian:latest\nRUN true\n" });
    expect(await referenceKey(build, base)).not.toBe(await referenceKey(build, digests({ "library/debian:latest": "sha256:bbb" })));
  });
});
