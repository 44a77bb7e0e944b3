import { mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SubmissionArchive } from "./submission-archive";
import type { FrozenStep } from "./frozen-step";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "wb-archive-test-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const frozen: FrozenStep = {
  folder: "1_wordpress_dirty",
  found: true,
  dirs: ["conf"],
  files: [
    { path: "Dockerfile", mode: 0o644, data: Buffer.from("FROM debian:latest\n") },
    { path: "conf/start.sh", mode: 0o755, data: Buffer.from("#!/bin/sh\nexec apache2ctl -D FOREGROUND\n") },
    { path: "logo.png", mode: 0o600, data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0x10]) },
  ],
  snapshot: { folder: "1_wordpress_dirty", files: { "1_wordpress_dirty/Dockerfile": "FROM debian:latest\n" } },
};

describe("a submission's kept files", () => {
  it("come back byte for byte with their modes, and the browser's host, in a file only root reads", async () => {
    const archive = new SubmissionArchive(path.join(dir, "submissions"));
    await archive.save("cmrun0000000001", frozen, { browserHost: "workbench.example.org:3000" });
    const kept = await archive.load("cmrun0000000001");
    expect(kept?.browserHost).toBe("workbench.example.org:3000");
    expect(kept?.frozen).toEqual(frozen);
    expect((await stat(path.join(dir, "submissions"))).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(dir, "submissions", "cmrun0000000001.json.gz"))).mode & 0o777).toBe(0o600);
    expect(await archive.list()).toEqual(["cmrun0000000001"]);
    await archive.remove("cmrun0000000001");
    expect(await archive.load("cmrun0000000001")).toBeNull();
    expect(await archive.list()).toEqual([]);
  });

  it("reads a damaged or foreign file as nothing kept, drops half-written ones, and refuses ids that are not run ids", async () => {
    const archive = new SubmissionArchive(dir);
    await writeFile(path.join(dir, "cmrun0000000002.json.gz"), "not gzip at all");
    await writeFile(path.join(dir, "cmrun0000000003.json.gz.partial"), "cut short");
    await writeFile(path.join(dir, "README"), "someone else's");
    expect(await archive.load("cmrun0000000002")).toBeNull();
    expect(await archive.list()).toEqual(["cmrun0000000002"]);
    expect(await readdir(dir)).not.toContain("cmrun0000000003.json.gz.partial");
    await expect(archive.save("../../etc/passwd", frozen)).rejects.toThrow(/not a run id/);
    expect(await archive.load("../x")).toBeNull();
  });
});
