/**
 * A one-step course written to a temporary folder, for the tests of the variants' loader and of
 * `lessons:validate --prove`: its checks read the Dockerfile only (folder, base image, a CMD), so
 * grading it in an engine takes seconds.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export const TINY_SLUG = "01-tiny";
export const TINY_FOLDER = "1_tiny";

const LESSON_MD = `---
title: A tiny step
step: 1
folder: ${TINY_FOLDER}
goals: [Write a Dockerfile]
estimatedMinutes: 5
---
Write a Dockerfile from alpine:3.20 that ends with a CMD.
`;

const CHECKS_YAML = `step: 1
folder: ${TINY_FOLDER}
checks:
  - id: folder
    kind: folder
    title: The folder holds a Dockerfile
    files: [Dockerfile]
  - id: base-image
    kind: base-image
    title: The image starts FROM alpine:3.20
    image: alpine
    tag: "3.20"
  - id: has-cmd
    kind: instruction
    title: The Dockerfile has a CMD
    instruction: CMD
`;

export const TINY_SOLUTION = 'FROM alpine:3.20\nCMD ["echo", "hello"]\n';

/** Writes the course (lesson, checks, solution, starter, and `variants`: name → variant.yaml) and returns its folder. */
export function writeTinyCourse(variants: Record<string, string> = {}, files: Record<string, string> = {}): string {
  const course = mkdtempSync(path.join(os.tmpdir(), "wb-tiny-course-"));
  const lesson = path.join(course, TINY_SLUG);
  const write = (relative: string, text: string) => {
    mkdirSync(path.dirname(path.join(lesson, relative)), { recursive: true });
    writeFileSync(path.join(lesson, relative), text);
  };
  write("lesson.md", LESSON_MD);
  write("checks.yaml", CHECKS_YAML);
  write(`solution/${TINY_FOLDER}/Dockerfile`, TINY_SOLUTION);
  write(`starter/${TINY_FOLDER}/Dockerfile`, "FROM alpine:3.20\n");
  for (const [name, yaml] of Object.entries(variants)) write(`variants/${name}/variant.yaml`, yaml);
  for (const [relative, text] of Object.entries(files)) write(relative, text);
  return course;
}
