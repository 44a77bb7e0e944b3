/**
 * Loads a lesson's declared variants (variants/<name>/variant.yaml, see ./variant-schema.ts): each
 * is validated, its files are made (starting point, whole files of files/, removals, then the
 * replacements) and its checks are looked up in the lesson. A mistake is reported with the file,
 * the YAML line and the field at fault.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { yamlLines } from "./yaml-lines";
import type { ChecksFile } from "../grading/check-spec";
import type { Expectation } from "./variant-verdict";
import { replacementSchema, VARIANT_FILE, VARIANT_FILES_DIR, variantSchema, type VariantSpec } from "./variant-schema";

export const VARIANTS_DIR = "variants";

/** The step folder's files, by path relative to it ("api/Dockerfile" → content). */
export type FolderFiles = Record<string, string>;

export interface LessonVariant {
  name: string;
  description: string;
  from: VariantSpec["from"];
  /** The step folder the variant grades. */
  files: FolderFiles;
  expectation: Exclude<Expectation, { kind: "not-passed" }>;
  /** Its variant.yaml, relative to the course folder (for messages). */
  file: string;
}

export class VariantError extends Error {}

/** Every file under `dir`, keyed by its path relative to `dir`; {} when there is no such folder. */
export function readFolderFilesSync(dir: string): FolderFiles {
  const files: FolderFiles = {};
  if (!existsSync(dir)) return files;
  const walk = (relative: string) => {
    for (const entry of readdirSync(path.join(dir, relative)).sort()) {
      const child = relative ? `${relative}/${entry}` : entry;
      if (statSync(path.join(dir, child)).isDirectory()) walk(child);
      else files[child] = readFileSync(path.join(dir, child), "utf8");
    }
  };
  walk("");
  return files;
}

type LessonForVariants = { dir: string; slug: string; folder: string; checks: Pick<ChecksFile, "checks"> };

/** The lesson's variants, in the order of their folder names; [] when it has no variants/ folder. */
export function loadVariants(lesson: LessonForVariants): LessonVariant[] {
  const root = path.join(lesson.dir, VARIANTS_DIR);
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => loadVariant(lesson, name));
}

function loadVariant(lesson: LessonForVariants, name: string): LessonVariant {
  const relative = `${lesson.slug}/${VARIANTS_DIR}/${name}/${VARIANT_FILE}`;
  const dir = path.join(lesson.dir, VARIANTS_DIR, name);
  const fail = (line: number | undefined, field: string | undefined, message: string): never => {
    throw new VariantError(`${relative}${line ? `:${line}` : ""}: ${field ? `${field}: ` : ""}${message}`);
  };
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) fail(undefined, undefined, `the folder name "${name}" may hold only letters, digits, ".", "_" and "-"`);
  for (const entry of readdirSync(dir)) {
    if (entry !== VARIANT_FILE && entry !== VARIANT_FILES_DIR) fail(undefined, undefined, `unexpected "${entry}" beside it: whole files of the variant go in ${VARIANT_FILES_DIR}/`);
  }
  if (!existsSync(path.join(dir, VARIANT_FILE))) fail(undefined, undefined, "is missing");

  const { doc, lineAt, lineOf: fieldLine } = yamlLines(readFileSync(path.join(dir, VARIANT_FILE), "utf8"));
  if (doc.errors.length > 0) fail(lineAt(doc.errors[0]!.pos[0]), undefined, `not valid YAML: ${doc.errors[0]!.message}`);

  const parsed = variantSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    // An unknown field first: a misspelt one also shows as a required one missing.
    const issue = parsed.error.issues.find((i) => i.code === "unrecognized_keys") ?? parsed.error.issues[0]!;
    const at = issue.path.filter((p): p is string | number => typeof p !== "symbol");
    if (issue.code === "unrecognized_keys") {
      const key = [...at, String(issue.keys[0])];
      const fields = Object.keys(at.length === 0 ? variantSchema.shape : replacementSchema.shape);
      fail(fieldLine(key), key.join("."), `unknown field (the fields here: ${fields.join(", ")})`);
    }
    const missing = issue.code === "invalid_type" && doc.getIn(at) === undefined;
    fail(fieldLine(at), at.join(".") || "(root)", missing ? "is required" : issue.message);
  }
  const spec = parsed.data!;

  const known = new Set(lesson.checks.checks.map((c) => c.id));
  const field = spec.fails !== undefined ? "fails" : "fails-at-least";
  const declared = spec.fails ?? spec["fails-at-least"] ?? [];
  declared.forEach((id, i) => {
    if (!known.has(id)) fail(fieldLine([field, i]), `${field}.${i}`, `the check "${id}" does not exist in ${lesson.slug}/checks.yaml (its checks: ${[...known].join(", ")})`);
  });

  const files = readFolderFilesSync(path.join(lesson.dir, spec.from, lesson.folder));
  Object.assign(files, readFolderFilesSync(path.join(dir, VARIANT_FILES_DIR)));
  spec.remove.forEach((file, i) => {
    if (!(file in files)) fail(fieldLine(["remove", i]), `remove.${i}`, `the ${spec.from} has no file "${file}" to remove`);
    delete files[file];
  });
  spec.replacements.forEach((r, i) => {
    const text = files[r.file];
    if (text === undefined) fail(fieldLine(["replacements", i, "file"]), `replacements.${i}.file`, `no file "${r.file}" in the variant (it starts from ${spec.from}/${lesson.folder}/)`);
    const count = text!.split(r.replace).length - 1;
    if (count === 0) fail(fieldLine(["replacements", i, "replace"]), `replacements.${i}.replace`, `the text is not in ${r.file}, so the variant would not change what it says it changes`);
    if (count > 1 && !r.all) fail(fieldLine(["replacements", i, "replace"]), `replacements.${i}.replace`, `the text occurs ${count} times in ${r.file}: give more of it, or set all: true`);
    files[r.file] = r.all ? text!.split(r.replace).join(r.with) : text!.replace(r.replace, () => r.with);
  });

  const expectation = spec.fails !== undefined ? ({ kind: "exactly", checks: spec.fails } as const) : ({ kind: "at-least", checks: spec["fails-at-least"]! } as const);
  return { name, description: spec.description, from: spec.from, files, expectation, file: relative };
}
