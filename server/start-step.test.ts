/**
 * "Start from my step N-1 / the reference of step N-1" on a real temporary workspace and a small
 * fixture course (LESSONS_DIR): nothing is overwritten without confirmation, the reference comes
 * from the previous lesson's solution/, a missing previous folder is explained.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "./app-error";
import { resetConfigForTests } from "./config";

let dataDir: string;
let lessonsDir: string;
let student: string;
let counter = 0;
let root: string;
let startStep: typeof import("./start-step");

function writeLesson(slug: string, step: number, folder: string, previousFolder?: string): void {
  const dir = path.join(lessonsDir, slug);
  fs.mkdirSync(dir, { recursive: true });
  const front = [`title: "Fixture step ${step}"`, `step: ${step}`, `folder: ${folder}`, "goals: [x]", "estimatedMinutes: 5"];
  if (previousFolder) front.push(`previousFolder: ${previousFolder}`);
  fs.writeFileSync(path.join(dir, "lesson.md"), `---\n${front.join("\n")}\n---\n\nBody\n`);
  fs.writeFileSync(path.join(dir, "checks.yaml"), `step: ${step}\nfolder: ${folder}\nchecks:\n  - id: folder\n    kind: folder\n    title: "has a Dockerfile"\n    files: [Dockerfile]\n`);
}

const write = (rel: string, content: string, mode?: number) => {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  if (mode !== undefined) fs.chmodSync(file, mode);
};
const read = (rel: string) => fs.readFileSync(path.join(root, rel), "utf8");

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "wb-start-step-data-"));
  lessonsDir = fs.mkdtempSync(path.join(os.tmpdir(), "wb-start-step-lessons-"));
  writeLesson("01-one", 1, "1_one");
  const solution = path.join(lessonsDir, "01-one/solution/1_one");
  fs.mkdirSync(path.join(solution, "apache_wordpress"), { recursive: true });
  fs.writeFileSync(path.join(solution, "Dockerfile"), "FROM debian:latest # reference\n");
  fs.writeFileSync(path.join(solution, "build_and_launch.sh"), "#!/bin/bash\necho ok\n", { mode: 0o755 });
  fs.writeFileSync(path.join(solution, "apache_wordpress/Dockerfile"), "FROM debian:latest # apache\n");
  writeLesson("02-two", 2, "2_two", "1_one");
  fs.mkdirSync(path.join(lessonsDir, "02-two/starter/2_two"), { recursive: true });
  fs.writeFileSync(path.join(lessonsDir, "02-two/starter/2_two/START_HERE.md"), "Start from your step 1.\n");
  writeLesson("03-three", 3, "3_three");
  process.env.LESSONS_DIR = lessonsDir;
  process.env.DATA_DIR = dataDir;
  process.env.SESSION_SECRET = "s".repeat(32);
  resetConfigForTests();
  startStep = await import("./start-step");
});

afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(lessonsDir, { recursive: true, force: true });
});

beforeEach(async () => {
  student = `startstep${++counter}`;
  const { ensureWorkspace } = await import("./workspace");
  root = await ensureWorkspace(student);
});

describe("getStartOptions", () => {
  it("reports the step folder, the student's previous folder and whether a reference exists", async () => {
    write("1_one/Dockerfile", "FROM debian # mine\n");
    const options = await startStep.getStartOptions(student, 2);
    expect(options).toMatchObject({
      folder: "2_two",
      targetExists: false,
      targetFiles: [],
      previous: { step: 1, folder: "1_one", mine: { exists: true, files: ["Dockerfile"] }, hasReference: true },
    });
    expect((await startStep.getStartOptions(student, 3)).previous).toBeNull();
  });
});

describe("startStepFrom", () => {
  it("copies the reference of the previous step, sub-folders and executable bits included", async () => {
    const result = await startStep.startStepFrom(student, 2, "reference", false);
    expect(result.copied.sort()).toEqual(["2_two/Dockerfile", "2_two/apache_wordpress/Dockerfile", "2_two/build_and_launch.sh"]);
    expect(read("2_two/Dockerfile")).toContain("# reference");
    expect(read("2_two/apache_wordpress/Dockerfile")).toContain("# apache");
    expect(fs.statSync(path.join(root, "2_two/build_and_launch.sh")).mode & 0o111).not.toBe(0);
    expect(fs.existsSync(path.join(root, "1_one"))).toBe(false);
  });

  it("copies the student's own previous folder and leaves it untouched", async () => {
    write("1_one/Dockerfile", "FROM debian # mine\n");
    write("1_one/conf/site.yml", "a: 1\n");
    await startStep.startStepFrom(student, 2, "mine", false);
    expect(read("2_two/Dockerfile")).toBe("FROM debian # mine\n");
    expect(read("2_two/conf/site.yml")).toBe("a: 1\n");
    expect(read("1_one/Dockerfile")).toBe("FROM debian # mine\n");
  });

  it("fills an existing empty folder (one the student made with mkdir) without asking", async () => {
    fs.mkdirSync(path.join(root, "2_two/empty_sub"), { recursive: true });
    const result = await startStep.startStepFrom(student, 2, "reference", false);
    expect(result.replaced).toBe(0);
    expect(read("2_two/Dockerfile")).toContain("# reference");
  });

  it("treats the lesson's untouched starter note as no work of the student's: replaced without asking", async () => {
    const { seedFolderIfMissing } = await import("./workspace");
    // Asked before the first visit seeded the folder: the note counts as untouched already.
    expect((await startStep.getStartOptions(student, 2)).starterFiles).toEqual(["START_HERE.md"]);
    await seedFolderIfMissing(student, "2_two", path.join(lessonsDir, "02-two/starter/2_two"));
    expect((await startStep.getStartOptions(student, 2)).targetFiles).toEqual([]);
    expect((await startStep.getStartOptions(student, 2)).starterFiles).toEqual(["START_HERE.md"]);
    await startStep.startStepFrom(student, 2, "reference", false);
    expect(fs.readdirSync(path.join(root, "2_two")).sort()).toEqual(["Dockerfile", "apache_wordpress", "build_and_launch.sh"]);
  });

  it("asks before replacing a starter note the student edited", async () => {
    write("2_two/START_HERE.md", "Start from your step 1.\nmy own notes\n");
    const error = await failure(startStep.startStepFrom(student, 2, "reference", false));
    expect(error.code).toBe("conflict");
    expect(error.userMessage).toContain("START_HERE.md");
    expect(read("2_two/START_HERE.md")).toContain("my own notes");
  });

  it("refuses to overwrite files without confirmation, naming them, and changes nothing", async () => {
    write("2_two/Dockerfile", "my work\n");
    write("2_two/notes.txt", "keep?\n");
    const error = await failure(startStep.startStepFrom(student, 2, "reference", false));
    expect(error.code).toBe("conflict");
    expect(error.userMessage).toContain("2_two/");
    expect(error.userMessage).toContain("Dockerfile, notes.txt");
    expect(read("2_two/Dockerfile")).toBe("my work\n");
    expect(fs.existsSync(path.join(root, "2_two/build_and_launch.sh"))).toBe(false);
  });

  it("replaces the folder's content once confirmed: old files go, the copy is complete", async () => {
    write("2_two/Dockerfile", "my work\n");
    write("2_two/old/stale.txt", "stale\n");
    const result = await startStep.startStepFrom(student, 2, "reference", true);
    expect(result.replaced).toBe(2);
    expect(read("2_two/Dockerfile")).toContain("# reference");
    expect(fs.existsSync(path.join(root, "2_two/old"))).toBe(false);
    expect(fs.readdirSync(path.join(root, "2_two")).sort()).toEqual(["Dockerfile", "apache_wordpress", "build_and_launch.sh"]);
  });

  it("says clearly that the student's previous folder does not exist, and writes nothing", async () => {
    const error = await failure(startStep.startStepFrom(student, 2, "mine", false));
    expect(error.code).toBe("not_found");
    expect(error.userMessage).toMatch(/There is no folder 1_one\/ in your workspace/);
    expect(fs.existsSync(path.join(root, "2_two"))).toBe(false);
  });

  it("does not follow a link planted as the previous folder", async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), "wb-start-step-outside-"));
    fs.writeFileSync(path.join(outside, "Dockerfile"), "host secret\n");
    fs.symlinkSync(outside, path.join(root, "1_one"));
    const error = await failure(startStep.startStepFrom(student, 2, "mine", false));
    expect(error.userMessage).not.toContain(outside);
    expect(fs.existsSync(path.join(root, "2_two/Dockerfile"))).toBe(false);
    fs.rmSync(outside, { recursive: true, force: true });
  });

  it("refuses a step without a previous folder and a step that does not exist", async () => {
    expect((await failure(startStep.startStepFrom(student, 3, "reference", false))).code).toBe("bad_request");
    expect((await failure(startStep.startStepFrom(student, 42, "reference", false))).code).toBe("not_found");
  });
});
