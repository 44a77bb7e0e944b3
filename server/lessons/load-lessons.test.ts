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
