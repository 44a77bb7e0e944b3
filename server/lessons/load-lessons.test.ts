import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LESSONS_DIR, LessonError, loadCourse, loadLesson } from "./load-lessons";
import { taskCheckIds } from "./render-markdown";

const tmp = mkdtempSync(path.join(os.tmpdir(), "wb-lessons-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("task lists tied to checks", () => {
  it("every lesson's task list names only checks of its own checks.yaml, and most items name one", async () => {
    for (const lesson of await loadCourse()) {
      const named = taskCheckIds(lesson.markdown).flat();
      const ids = new Set(lesson.checks.checks.map((c) => c.id));
      expect(named.filter((id) => !ids.has(id)), lesson.slug).toEqual([]);
      // The page ticks the items from these: a task list without any would tick nothing.
      expect(lesson.html.match(/<li data-checks="/g)?.length ?? 0, `${lesson.slug} has ticked tasks`).toBeGreaterThanOrEqual(2);
    }
  });

  it("refuses a lesson whose task list names a check it does not have, saying which", async () => {
    const dir = path.join(tmp, "01-copy");
    cpSync(path.join(LESSONS_DIR, "01-dirty-dockerfile"), dir, { recursive: true });
    const lesson = path.join(dir, "lesson.md");
    writeFileSync(lesson, readFileSync(lesson, "utf8").replace("## Your task list\n", "## Your task list\n\n1. Spell it right. <!-- checks: base-imag -->\n"));
    await expect(loadLesson(dir)).rejects.toThrow(LessonError);
    await expect(loadLesson(dir)).rejects.toThrow(/names the check "base-imag".*checks\.yaml does not have/);
  });
});

describe("a lesson's French translation", () => {
  it("exists for every lesson and ties the same task list to the same checks", async () => {
    for (const lesson of await loadCourse()) {
      const fr = lesson.translations.fr;
      expect(fr, `${lesson.slug} has lesson.fr.md`).toBeDefined();
      expect(fr!.goals).toHaveLength(lesson.goals.length);
      expect(fr!.title).not.toBe(lesson.title);
      expect(fr!.html.match(/<li data-checks="[^"]*"/g)).toEqual(lesson.html.match(/<li data-checks="[^"]*"/g));
      // Code is not translated: every shell block of the English lesson is in the French one, as is.
      const blocks = (html: string) => html.match(/<pre data-run="1">[\s\S]*?<\/pre>/g) ?? [];
      expect(blocks(fr!.html)).toEqual(blocks(lesson.html));
    }
  });

  it("is refused when it drops a goal or unties a task from its checks, saying which file", async () => {
    const dir = path.join(tmp, "02-copy");
    cpSync(path.join(LESSONS_DIR, "02-best-practices"), dir, { recursive: true });
    const file = path.join(dir, "lesson.fr.md");
    const original = readFileSync(file, "utf8");
    writeFileSync(file, original.replace(/\ngoals:\n  - "[^"]*"/, "\ngoals:"));
    await expect(loadLesson(dir)).rejects.toThrow(/02-copy\/lesson\.fr\.md: \d+ goals, but lesson\.md has \d+/);
    writeFileSync(file, original.replace(/<!-- checks: [^>]*-->/, ""));
    await expect(loadLesson(dir)).rejects.toThrow(/lesson\.fr\.md: the task list's <!-- checks: … --> comments differ/);
    writeFileSync(file, original.replace(/^title: /m, "step: 3\ntitle: "));
    await expect(loadLesson(dir)).rejects.toThrow(/lesson\.fr\.md front matter/);
  });

  it("is warned about (lessons:validate lists it) when its prose writes a straight apostrophe, not when its code does", async () => {
    const dir = path.join(tmp, "03-copy");
    cpSync(path.join(LESSONS_DIR, "02-best-practices"), dir, { recursive: true });
    const file = path.join(dir, "lesson.fr.md");
    const original = readFileSync(file, "utf8");
    expect((await loadLesson(dir)).warnings.filter((w) => w.includes("apostrophe"))).toEqual([]);
    writeFileSync(file, original.replace(/(\n---\n[\s\S]*?)l’image/, "$1l'image") + "\n```sh\necho 'l'image'\n```\n");
    const warnings = (await loadLesson(dir)).warnings.filter((w) => w.includes("apostrophe"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^03-copy\/lesson\.fr\.md: a straight apostrophe in French prose \(“.*l'image.*”\): write ’$/);
  });
});

