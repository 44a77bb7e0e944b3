import { afterEach, describe, expect, it } from "vitest";
import { rmSync } from "node:fs";
import path from "node:path";
import { loadCourse, loadLesson, LessonError } from "./load-lessons";
import { loadVariants, readFolderFilesSync } from "./load-variants";
import { TINY_FOLDER, TINY_SLUG, writeTinyCourse } from "./testing/tiny-course";
import { STACK_FILE, step7Broken, step8Broken } from "../grading/fixtures/stack-variants";

const loadVariantsBase = (lesson: { dir: string; folder: string }, from: string) => readFolderFilesSync(path.join(lesson.dir, from, lesson.folder));

const courses: string[] = [];
const course = (variants: Record<string, string>, files: Record<string, string> = {}) => {
  const dir = writeTinyCourse(variants, files);
  courses.push(dir);
  return path.join(dir, TINY_SLUG);
};
afterEach(() => {
  for (const dir of courses.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The error loading the lesson gives. */
async function loadError(lessonDir: string): Promise<string> {
  const error = await loadLesson(lessonDir).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LessonError);
  return (error as Error).message;
}

describe("declared variants", () => {
  it("builds a variant from the solution with its replacements, and one from the starter with whole files", async () => {
    const dir = course(
      {
        "wrong-tag": 'description: alpine:3.19 instead\nreplacements:\n  - file: Dockerfile\n    replace: "alpine:3.20"\n    with: "alpine:3.19"\nfails: [base-image]\n',
        "starter-plus": "description: the starter with a CMD and a note\nfrom: starter\nfails: []\n",
      },
      { "variants/starter-plus/files/Dockerfile": 'FROM alpine:3.20\nCMD ["true"]\n', "variants/starter-plus/files/notes/a.txt": "x\n" },
    );
    const variants = loadVariants(await loadLesson(dir));
    expect(variants.map((v) => [v.name, v.files, v.expectation])).toEqual([
      ["starter-plus", { Dockerfile: 'FROM alpine:3.20\nCMD ["true"]\n', "notes/a.txt": "x\n" }, { kind: "exactly", checks: [] }],
      ["wrong-tag", { Dockerfile: 'FROM alpine:3.19\nCMD ["echo", "hello"]\n' }, { kind: "exactly", checks: ["base-image"] }],
    ]);
    expect(variants[1]!.file).toBe(`${TINY_SLUG}/variants/wrong-tag/variant.yaml`);
  });

  it("refuses a check id the lesson does not have, with the file, line and field", async () => {
    const dir = course({ typo: "description: a typo\nfails:\n  - base-image\n  - has-cmnd\n" });
    const message = await loadError(dir);
    expect(message).toContain(`${TINY_SLUG}/variants/typo/variant.yaml:4: fails.1: the check "has-cmnd" does not exist in ${TINY_SLUG}/checks.yaml`);
    expect(message).toContain("has-cmd");
  });

  it("refuses a replacement whose text is not in the file, and one that is ambiguous", async () => {
    const stale = course({ stale: 'description: stale\nreplacements:\n  - file: Dockerfile\n    with: "x"\n    replace: "FROM debian"\nfails: [base-image]\n' });
    expect(await loadError(stale)).toBe(`${TINY_SLUG}/variants/stale/variant.yaml:5: replacements.0.replace: the text is not in Dockerfile, so the variant would not change what it says it changes`);
    const twice = course({ twice: 'description: twice\nreplacements:\n  - file: Dockerfile\n    replace: "e"\n    with: "E"\nfails-at-least: [has-cmd]\n' });
    expect(await loadError(twice)).toMatch(/twice\/variant.yaml:4: replacements.0.replace: the text occurs \d+ times in Dockerfile: give more of it, or set all: true/);
    const missingFile = course({ nofile: 'description: nofile\nreplacements:\n  - file: api/Dockerfile\n    replace: "a"\n    with: "b"\nfails: [folder]\n' });
    expect(await loadError(missingFile)).toContain(`nofile/variant.yaml:3: replacements.0.file: no file "api/Dockerfile" in the variant (it starts from solution/${TINY_FOLDER}/)`);
  });

  it("names the missing or unknown field", async () => {
    expect(await loadError(course({ nodesc: "fails: [base-image]\n" }))).toBe(`${TINY_SLUG}/variants/nodesc/variant.yaml:1: description: is required`);
    expect(await loadError(course({ neither: "description: says nothing\n" }))).toContain("neither/variant.yaml:1: fails: give either fails or fails-at-least (one of them)");
    expect(await loadError(course({ extra: "description: extra\nfails: []\nfail: [base-image]\n" }))).toMatch(/^01-tiny\/variants\/extra\/variant.yaml:3: fail: unknown field \(the fields here: description, from, .*fails-at-least\)$/);
    expect(await loadError(course({ typo: 'description: d\nreplacements:\n  - file: Dockerfile\n    replace: "3.20"\n    by: "3.19"\nfails: []\n' }))).toMatch(
      /typo\/variant.yaml:5: replacements.0.by: unknown field \(the fields here: file, replace, with, all\)/,
    );
    expect(await loadError(course({ from: "description: d\nfrom: reference\nfails: []\n" }))).toMatch(/from\/variant.yaml:2: from: /);
  });

  it("refuses a file beside variant.yaml (whole files go in files/) and YAML that does not parse", async () => {
    expect(await loadError(course({ stray: "description: d\nfails: []\n" }, { "variants/stray/Dockerfile": "FROM x\n" }))).toContain('stray/variant.yaml: unexpected "Dockerfile" beside it: whole files of the variant go in files/');
    expect(await loadError(course({ bad: "description: d\nfails: [a\n" }))).toMatch(/bad\/variant.yaml:\d+: not valid YAML/);
  });

  it("makes loadCourse (lessons:validate) fail on a bad variant", async () => {
    const dir = course({ typo: "description: d\nfails: [nope]\n" });
    await expect(loadCourse(path.dirname(dir))).rejects.toThrow(/typo\/variant.yaml:2: fails.0/);
  });
});

describe("the course's declared variants", () => {
  it("load, each changing its starting point, and steps 7 and 8's are the broken stacks the grader's unit tests judge", async () => {
    const lessons = await loadCourse(path.resolve(__dirname, "../../lessons"));
    const bySlug = new Map(lessons.map((l) => [l.slug, loadVariants(l)]));
    expect([...bySlug.values()].flat().length).toBeGreaterThanOrEqual(30);
    for (const lesson of lessons) {
      for (const variant of bySlug.get(lesson.slug)!) expect(variant.files, variant.file).not.toEqual(loadVariantsBase(lesson, variant.from));
    }
    const declared = (slug: string) => bySlug.get(slug)!.map((v) => [v.files[STACK_FILE], v.expectation.checks]);
    for (const [slug, fixtures] of [
      ["07-official-stack", step7Broken()],
      ["08-final-wordpress", step8Broken()],
    ] as const) {
      for (const fixture of fixtures) expect(declared(slug), `${slug}: ${fixture.name}`).toContainEqual([fixture.text, [fixture.failing]]);
    }
  });
});

describe("checks.yaml errors", () => {
  it("name the YAML line of the field at fault", async () => {
    const dir = course({}, { "checks.yaml": "step: 1\nfolder: 1_tiny\nchecks:\n  - id: folder\n    kind: folder\n    title: The folder\n    files: [Dockerfile]\n  - id: base-image\n    kind: base-image\n    title: The base\n    image: alpine\n    tag: 3\n" });
    expect(await loadError(dir)).toMatch(/^01-tiny\/checks.yaml:12: checks.1.tag: /);
  });
});
