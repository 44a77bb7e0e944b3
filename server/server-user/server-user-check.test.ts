import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SANDBOX_UID } from "../workspace/workspace-path";

/** The doctor's check with the course at `course` (LESSONS_DIR is read when its module loads). */
async function checkWithCourse(course: string, dataDir: string) {
  vi.resetModules();
  vi.stubEnv("LESSONS_DIR", course);
  const { checkServerUser } = await import("./server-user-check");
  return checkServerUser({ WB_SERVER_USER: "sandbox", DATA_DIR: dataDir });
}

// As the doctor is run: as root, trying the folders as the sandbox user.
describe.skipIf(process.getuid?.() !== 0)("the doctor's word on the folders the sandbox user must reach", () => {
  let home: string; // like /root: 0700
  let courses: string; // 0700 inside it: met only once home is opened
  beforeEach(() => {
    home = mkdtempSync(path.join(os.tmpdir(), "wb-doctor-passage-"));
    courses = path.join(home, "courses");
    mkdirSync(path.join(courses, "course"), { recursive: true });
    chmodSync(home, 0o700);
    chmodSync(courses, 0o700);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    rmSync(home, { recursive: true, force: true });
  });

  const aclsAndModes = () => [home, courses, path.join(courses, "course")].map((folder) => [statSync(folder).mode, execFileSync("getfacl", ["-cpn", folder], { encoding: "utf8" })]);

  it("names the course that would keep the server root and every folder above it that stops the sandbox user, changing none", async () => {
    const course = path.join(courses, "course");
    chmodSync(course, 0o700);
    const before = aclsAndModes();
    const result = await checkWithCourse(course, path.join(courses, "data"));
    expect(result.ok).toBe(false);
    expect(result.detail).toBe(
      `uid ${SANDBOX_UID} cannot read ${course}, so the server would keep root; it also cannot pass ${home}, ${courses}, which the start opens (ACL search) once that is fixed`,
    );
    expect(aclsAndModes()).toEqual(before);
  });

  it("lists every folder the start will open, the one behind the first included", async () => {
    const before = aclsAndModes();
    const result = await checkWithCourse(path.join(courses, "course"), path.join(courses, "data"));
    expect(result.detail).toContain(`at start it gives that uid search (ACL) on ${home}, ${courses}`);
    expect(result.ok).toBe(true);
    expect(aclsAndModes()).toEqual(before);
  });
});
