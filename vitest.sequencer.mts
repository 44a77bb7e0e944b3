/**
 * The order vitest starts test files in. With the timings of an earlier run (node_modules/.vite/
 * vitest/…/results.json) vitest already starts the longest first, and that order is kept. Without
 * them (a fresh checkout, as in CI, where node_modules comes from the set-up's archive) it starts the
 * largest files first, and the lessons' content tests, small files that build and run WordPress for
 * minutes each, were started last: on 4 December 2026 step 2's (587 s) began when most other files
 * had finished, and the integration stage waited on it alone. So, without timings, the lessons'
 * content tests (lessons/**) start first, the rest after them in vitest's own order.
 */
import { BaseSequencer, type TestSpecification } from "vitest/node";

const isContentTest = (file: TestSpecification) => /(^|\/)lessons\/[^/]+\/[^/]+\.int\.test\.ts$/.test(file.moduleId);

export class ContentTestsFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const timed = (file: TestSpecification) => this.ctx.cache.getFileTestResults(`${file.project.name}:${file.moduleId.slice(this.ctx.config.root.length + 1)}`) !== undefined;
    if (sorted.every(timed)) return sorted;
    // Projects stay where vitest put them (it runs them one after another); within one, content tests first, each part in vitest's order.
    const projectAt = new Map<string, number>();
    sorted.forEach((file, index) => projectAt.has(file.project.name) || projectAt.set(file.project.name, index));
    const key = (file: TestSpecification, index: number) => [projectAt.get(file.project.name)!, isContentTest(file) ? 0 : 1, index];
    return sorted
      .map((file, index) => ({ file, key: key(file, index) }))
      .sort((a, b) => a.key[0]! - b.key[0]! || a.key[1]! - b.key[1]! || a.key[2]! - b.key[2]!)
      .map(({ file }) => file);
  }
}
