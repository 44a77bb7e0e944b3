/**
 * `npm run lessons:validate <dir> --prove` on a tiny course of a temporary folder, in a real
 * learner engine: a course whose cases are as declared prints ✓ lines and exits 0; a variant that
 * declares a failure its change does not cause prints ✗ with the reason and exits 1.
 */
import { afterAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { writeTinyCourse } from "./testing/tiny-course";

const CLI = path.resolve(__dirname, "validate-cli.ts");
const TSX = path.resolve(__dirname, "../../node_modules/.bin/tsx");
const courses: string[] = [];
afterAll(() => courses.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function validate(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(TSX, [CLI, ...args], { timeout: 5 * 60_000 }, (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });
}

const WRONG_TAG = 'description: alpine:3.19 instead of 3.20\nreplacements:\n  - file: Dockerfile\n    replace: "alpine:3.20"\n    with: "alpine:3.19"\nfails: [base-image]\n';

describe("lessons:validate --prove", () => {
  it("grades the solution, the starter and each variant, one ✓ line each, and exits 0", async () => {
    const course = writeTinyCourse({ "wrong-tag": WRONG_TAG, "no-cmd": 'description: no CMD\nreplacements:\n  - file: Dockerfile\n    replace: "CMD [\\"echo\\", \\"hello\\"]\\n"\n    with: ""\nfails-at-least: [has-cmd]\n' });
    courses.push(course);
    const began = Date.now();
    const { code, stdout, stderr } = await validate([course, "--prove"]);
    process.stderr.write(`\nprove (4 cases) took ${((Date.now() - began) / 1000).toFixed(1)} s\n${stdout}`);
    expect(code, stderr).toBe(0);
    const lines = stdout.split("\n");
    for (const name of ["solution", "starter", "variant no-cmd", "variant wrong-tag"]) {
      expect(lines.some((l) => new RegExp(`^✓ step 1  ${name}  \\d+\\.\\d s$`).test(l)), `${name} in\n${stdout}`).toBe(true);
    }
    expect(stdout).toMatch(/✓ 4 of 4 cases as declared in \d+\.\d s/);
  });

  it("exits 1 with a ✗ line saying why when a variant declares a failure it does not cause", async () => {
    const lie = 'description: changes the tag but says the CMD fails\nreplacements:\n  - file: Dockerfile\n    replace: "alpine:3.20"\n    with: "alpine:3.19"\nfails: [has-cmd]\n';
    const course = writeTinyCourse({ "wrong-tag": WRONG_TAG, lie });
    courses.push(course);
    const { code, stdout } = await validate([course, "--prove", "--step", "1"]);
    expect(code, stdout).toBe(1);
    expect(stdout).toMatch(/^✗ step 1  variant lie  \d+\.\d s$/m);
    expect(stdout).toContain("    base-image must pass but failed (");
    expect(stdout).toContain("    has-cmd must fail but passed");
    expect(stdout).toMatch(/^✓ step 1  variant wrong-tag /m);
    expect(stdout).toMatch(/✗ 3 of 4 cases as declared/);
  });

  it("refuses a step the course does not have", async () => {
    const course = writeTinyCourse();
    courses.push(course);
    const { code, stderr } = await validate([course, "--prove", "--step", "4"]);
    expect(code).toBe(2);
    expect(stderr).toContain(`there is no step 4 in ${course}`);
  });
});
