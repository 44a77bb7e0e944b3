/**
 * checks.<locale>.yaml: a check's title, hint levels, `describe` texts and `failMessage` in another
 * language, by check id. Checked against checks.yaml (every id exists there, the same number of hint
 * levels and of describes, a failMessage where it has one); a check it leaves
 * out shows in English, which `lessons:validate` lists as a warning. Kept checks (stepN-ID) take
 * their texts from the earlier step's own file.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { hintLevels, type CheckSpec } from "../grading/check-spec";
import type { Locale } from "../../lib/i18n/locale";
import { describesOf } from "../grading/check-phrases";

export const checkTranslationsFileSchema = z
  .object({
    checks: z
      .record(
        z.string(),
        z
          .object({
            title: z.string().min(1).describe("The check's title in this language"),
            hints: z.array(z.string().min(1)).min(1).max(3).optional().describe("Its hint levels, as many as checks.yaml gives (a lone hint counts as one)"),
            describe: z.array(z.string().min(1)).optional().describe("Its `describe` texts in the order checks.yaml writes them (packages, variables, commands, containers, services)"),
            failMessage: z.string().min(1).optional().describe("Its failMessage, when checks.yaml gives one"),
          })
          .strict(),
      )
      .describe("Check id (as in checks.yaml) → its texts in this language"),
  })
  .strict();

/** What the student reads of one check in a language: its title, hint levels (vague → answer) and phrases (checks.yaml's English → this language). */
export interface CheckText {
  title: string;
  hints: string[];
  phrases?: Record<string, string>;
}
export type CheckTexts = Record<string, CheckText>;

/** Parses a checks.<locale>.yaml source; throws an Error that names the field at fault. */
export function parseCheckTranslations(source: string): z.infer<typeof checkTranslationsFileSchema> {
  let data: unknown;
  try {
    data = parseYaml(source);
  } catch (error) {
    throw new Error(`not valid YAML: ${(error as Error).message}`);
  }
  const parsed = checkTranslationsFileSchema.safeParse(data);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; "));
  return parsed.data;
}

/**
 * The texts a translation gives for `checks` (a lesson's own checks), and the ids it leaves out.
 * Throws an Error for an id checks.yaml does not have, or a hint level count that differs.
 */
export function matchCheckTranslations(
  translation: z.infer<typeof checkTranslationsFileSchema>,
  checks: readonly CheckSpec[],
): { texts: CheckTexts; missing: string[] } {
  const byId = new Map(checks.map((c) => [c.id, c]));
  const texts: CheckTexts = {};
  for (const [id, text] of Object.entries(translation.checks)) {
    const original = byId.get(id);
    if (!original) throw new Error(`the check "${id}" is not in checks.yaml (it has ${[...byId.keys()].join(", ")})`);
    const levels = hintLevels(original).length;
    const given = text.hints?.length ?? 0;
    if (given !== levels) throw new Error(`check "${id}" gives ${given} of its hint levels, but checks.yaml gives ${levels}`);
    const phrases = matchPhrases(id, text, original);
    texts[id] = { title: text.title, hints: text.hints ?? [], ...(Object.keys(phrases).length ? { phrases } : {}) };
  }
  return { texts, missing: checks.map((c) => c.id).filter((id) => !(id in texts)) };
}

/** A check's phrases in the translation, by their English; throws when they do not match checks.yaml's. */
export function matchPhrases(id: string, text: { describe?: string[]; failMessage?: string }, original: CheckSpec): Record<string, string> {
  const describes = describesOf(original);
  const given = text.describe ?? [];
  if (given.length !== describes.length) throw new Error(`check "${id}" gives ${given.length} of its describe texts, but checks.yaml gives ${describes.length}`);
  const failMessage = "failMessage" in original ? original.failMessage : undefined;
  if (text.failMessage !== undefined && failMessage === undefined) throw new Error(`check "${id}" has a failMessage, but checks.yaml gives none`);
  if (text.failMessage === undefined && failMessage !== undefined) throw new Error(`check "${id}" has no failMessage, but checks.yaml gives one`);
  const phrases: Record<string, string> = {};
  describes.forEach((english, i) => (phrases[english] = given[i]!));
  if (failMessage !== undefined && text.failMessage !== undefined) phrases[failMessage] = text.failMessage;
  return phrases;
}

/** Reads checks.<locale>.yaml in `dir`, or undefined when the folder has none. */
export async function readCheckTranslations(dir: string, locale: Locale): Promise<z.infer<typeof checkTranslationsFileSchema> | undefined> {
  const source = await readFile(path.join(dir, `checks.${locale}.yaml`), "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  return source === undefined ? undefined : parseCheckTranslations(source);
}
