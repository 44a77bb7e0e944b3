/**
 * Live reload: a temporary course under its own LESSONS_DIR, served through getCourse while the
 * watcher runs. A changed checks.yaml is served a moment later; a broken one is reported and the
 * last good course keeps serving; fixed again, it is served and the error goes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createLogger } from "../logger";

const REPO = path.resolve(__dirname, "../..");
const dir = mkdtempSync(path.join(os.tmpdir(), "wb-lessons-watch-"));
const lesson = path.join(dir, "01-dirty-dockerfile");
const checksFile = path.join(lesson, "checks.yaml");
const FIRST_TITLE = "The step folder 1_worpress_multiservice_dirty holds a Dockerfile";
process.env.LESSONS_DIR = dir;

let watcher: { close(): void } | undefined;
afterAll(() => {
  watcher?.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeAll(() => {
  cpSync(path.join(REPO, "lessons/01-dirty-dockerfile"), lesson, { recursive: true });
});

async function untilVersion(status: () => { version: number }, version: number): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (status().version < version) {
    if (Date.now() > deadline) throw new Error(`the course was not reloaded (version ${status().version}, waiting for ${version})`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("watchLessons", () => {
  it("serves a changed checks.yaml, keeps the last good course while it is broken, and reports why", async () => {
    const { getCourse, LESSONS_DIR } = await import("../lessons/load-lessons");
    const { courseStatus } = await import("../lessons/course-cache");
    const { watchLessons } = await import("./lessons-watcher");
    expect(LESSONS_DIR).toBe(dir);
    const firstTitle = async () => (await getCourse())[0]!.checks.checks[0]!.title;
    expect(await firstTitle()).toBe(FIRST_TITLE);

    watcher = watchLessons(createLogger({ level: "silent" }), { debounceMs: 50 });
    const original = readFileSync(checksFile, "utf8");
    const before = courseStatus().version;
    writeFileSync(checksFile, original.replace(FIRST_TITLE, "Renamed by the teacher"));
    await untilVersion(courseStatus, before + 1);
    expect(courseStatus().error).toBeNull();
    expect(await firstTitle()).toBe("Renamed by the teacher");

    writeFileSync(checksFile, original.replace("checks:", "checks: [oops\n"));
    await untilVersion(courseStatus, before + 2);
    expect(courseStatus().error?.message).toContain("01-dirty-dockerfile/checks.yaml");
    expect(await firstTitle()).toBe("Renamed by the teacher");

    writeFileSync(checksFile, original);
    await untilVersion(courseStatus, before + 3);
    expect(courseStatus().error).toBeNull();
    expect(await firstTitle()).toBe(FIRST_TITLE);
  });

  it("stops reloading once closed", async () => {
    const { courseStatus } = await import("../lessons/course-cache");
    watcher?.close();
    const version = courseStatus().version;
    writeFileSync(checksFile, readFileSync(checksFile, "utf8").replace(FIRST_TITLE, "Changed after close"));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(courseStatus().version).toBe(version);
  });
});
