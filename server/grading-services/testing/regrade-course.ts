/**
 * A one-step course for the re-grade tests (LESSONS_DIR): step 1, folder 1_tiny, whose checks a
 * test changes between a submission and its re-grade. "first": a Dockerfile that EXPOSEs a port.
 * "stricter": also a USER instruction. "engine": the first checks plus a build, which needs a
 * grading engine (to see a sandbox that fails to start).
 */
import fs from "node:fs";
import path from "node:path";

export type TinyChecks = "first" | "stricter" | "engine";

export const TINY_STEP = 1;
export const TINY_FOLDER = "1_tiny";

const CHECKS: Record<TinyChecks, string[]> = {
  first: ["folder", "expose"],
  stricter: ["folder", "expose", "user"],
  engine: ["folder", "expose", "build"],
};

const CHECK_YAML: Record<string, string> = {
  folder: `  - id: folder\n    kind: folder\n    title: "The folder holds a Dockerfile"\n    files: [Dockerfile]\n`,
  expose: `  - id: expose\n    kind: instruction\n    title: "The image EXPOSEs a port"\n    instruction: EXPOSE\n`,
  user: `  - id: user\n    kind: instruction\n    title: "The image names the USER that runs it"\n    instruction: USER\n`,
  build: `  - id: build\n    kind: build\n    title: "The image builds"\n    tag: tiny_image\n`,
};

/** Writes (or rewrites) the course's one lesson with these checks. */
export function writeTinyCourse(lessonsDir: string, checks: TinyChecks): void {
  const dir = path.join(lessonsDir, "01-tiny");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "lesson.md"), `---\ntitle: "Tiny step"\nstep: ${TINY_STEP}\nfolder: ${TINY_FOLDER}\ngoals: [x]\nestimatedMinutes: 5\n---\n\nBody\n`);
  fs.writeFileSync(path.join(dir, "checks.yaml"), `step: ${TINY_STEP}\nfolder: ${TINY_FOLDER}\nchecks:\n${CHECKS[checks].map((id) => CHECK_YAML[id]).join("")}`);
}

/** A submission's stored files: a Dockerfile with these lines. */
export const tinySubmission = (...lines: string[]): Record<string, string> => ({ [`${TINY_FOLDER}/Dockerfile`]: `FROM debian:bookworm\n${lines.join("\n")}\n` });
