/**
 * Loads the course from lessons/NN-slug/: lesson.md (zod-validated front matter + Markdown),
 * checks.yaml (the declarative checks), starter/ and solution/ folders, and the declared variants
 * (variants/, ./load-variants.ts). A teacher's mistake is
 * reported with the file and field at fault.
 */
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { lessonFrontMatterSchema, lessonTranslationFrontMatterSchema, type LessonFrontMatter, type LessonTranslationFrontMatter } from "./lesson-schema";
import { DEFAULT_LOCALE, LOCALES, type Locale } from "../../lib/i18n/locale";
import { checksFileSchema, type ChecksFile } from "../grading/check-spec";
import { renderLessonMarkdown, taskCheckIds } from "./render-markdown";
import { CARRY_WORDING, carriedCheckIds, carriedHints, keptOrigins, resolveKeptChecks, type OwnChecksByStep } from "./carry-forward";
import { matchCheckTranslations, matchPhrases, readCheckTranslations, type CheckTexts } from "./check-translations";
import { hintLevels } from "../grading/check-spec";
import { cachedCourse, isCourseWatched } from "./course-cache";
import { loadVariants, VariantError } from "./load-variants";
import { yamlLines } from "./yaml-lines";
import { proseOfMarkdown, straightElisions } from "./french-typography";

export interface Lesson extends LessonFrontMatter {
  slug: string;
  dir: string;
  markdown: string;
  html: string;
  checks: ChecksFile;
  starterDir: string | null;
  solutionDir: string | null;
  /** The lesson in other languages (lesson.<locale>.md), when the folder has them. */
  translations: Partial<Record<Locale, LessonTranslation>>;
  /** Check titles and hint levels in other languages (checks.<locale>.yaml), by check id; a check left out shows in English. */
  checkTexts: Partial<Record<Locale, CheckTexts>>;
  /** What a teacher should know but that does not stop the lesson loading (untranslated checks). */
  warnings: string[];
}

export interface LessonTranslation extends LessonTranslationFrontMatter {
  markdown: string;
  html: string;
}

export class LessonError extends Error {}

export const LESSONS_DIR = path.resolve(process.env.LESSONS_DIR ?? path.join(/* turbopackIgnore: true */ process.cwd(), "lessons"));

function formatZodError(file: string, error: z.ZodError): string {
  return `${file}: ` + error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
}

export function splitFrontMatter(source: string): { data: unknown; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(source);
  if (!match) return { data: {}, body: source };
  return { data: parseYaml(match[1]!), body: source.slice(match[0].length) };
}

export async function loadLesson(dir: string): Promise<Lesson> {
  const slug = path.basename(dir);
  const lessonFile = path.join(dir, "lesson.md");
  const checksFile = path.join(dir, "checks.yaml");
  const source = await readFile(lessonFile, "utf8").catch(() => {
    throw new LessonError(`${slug}: lesson.md is missing`);
  });
  const { data, body } = splitFrontMatter(source);
  const front = lessonFrontMatterSchema.safeParse(data);
  if (!front.success) throw new LessonError(formatZodError(`${slug}/lesson.md front matter`, front.error));

  const checksSource = await readFile(checksFile, "utf8").catch(() => {
    throw new LessonError(`${slug}: checks.yaml is missing`);
  });
  let checksData: unknown;
  try {
    checksData = parseYaml(checksSource);
  } catch (error) {
    throw new LessonError(`${slug}/checks.yaml is not valid YAML: ${(error as Error).message}`);
  }
  const checks = checksFileSchema.safeParse(checksData);
  if (!checks.success) {
    const at = checks.error.issues[0]!.path.filter((p): p is string | number => typeof p !== "symbol");
    const line = yamlLines(checksSource).lineOf(at);
    throw new LessonError(formatZodError(`${slug}/checks.yaml${line ? `:${line}` : ""}`, checks.error));
  }
  if (checks.data.folder !== front.data.folder || checks.data.step !== front.data.step) {
    throw new LessonError(`${slug}: checks.yaml (step ${checks.data.step}, ${checks.data.folder}) disagrees with lesson.md (step ${front.data.step}, ${front.data.folder})`);
  }
  const ownIds = checks.data.checks.map((c) => c.id);
  const ids = [...ownIds, ...carriedCheckIds(checks.data)];
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate) throw new LessonError(`${slug}/checks.yaml: the id "${duplicate}" is used twice`);
  for (const check of checks.data.checks) {
    const unknown = check.requires.find((r) => !ownIds.includes(r));
    if (unknown) throw new LessonError(`${slug}/checks.yaml: check "${check.id}" requires unknown check "${unknown}"`);
  }

  for (const taskIds of taskCheckIds(body)) {
    const unknown = taskIds.find((id) => !ids.includes(id));
    if (unknown) throw new LessonError(`${slug}/lesson.md: a task-list item names the check "${unknown}" (<!-- checks: … -->), which checks.yaml does not have`);
  }

  const translations: Partial<Record<Locale, LessonTranslation>> = {};
  for (const locale of LOCALES) {
    if (locale === DEFAULT_LOCALE) continue;
    const translation = await loadTranslation(dir, slug, locale, { goals: front.data.goals.length, preview: Boolean(front.data.preview), tasks: taskCheckIds(body) });
    if (translation) translations[locale] = translation;
  }

  for (const check of checks.data.checks) {
    if (check.hint !== undefined && check.hints !== undefined) throw new LessonError(`${slug}/checks.yaml: check "${check.id}" gives both hint and hints (give one)`);
  }

  let allChecks = checks.data.checks;
  const earlier = checks.data.keeps.length > 0 ? await ownChecksOfOtherLessons(dir) : new Map() as OwnChecksByStep;
  if (checks.data.keeps.length > 0) {
    try {
      allChecks = [...allChecks, ...resolveKeptChecks(checks.data, earlier)];
    } catch (error) {
      throw new LessonError(`${slug}/checks.yaml: ${(error as Error).message}`);
    }
  }

  const checkTexts: Partial<Record<Locale, CheckTexts>> = {};
  const warnings: string[] = [];
  for (const locale of LOCALES) {
    if (locale === DEFAULT_LOCALE) continue;
    const own = await translatedChecks(dir, slug, locale, checks.data.checks);
    warnings.push(...own.warnings);
    checkTexts[locale] = { ...own.texts, ...(await translatedKeptChecks(dir, checks.data, earlier, locale)) };
  }
  // French prose writes l’image, not l'image (code keeps its quotes).
  const french = translations.fr?.markdown ?? "";
  for (const { excerpt } of straightElisions(proseOfMarkdown(french), french)) warnings.push(`${slug}/lesson.fr.md: a straight apostrophe in French prose (“${excerpt.trim()}”): write ’`);

  const starterDir = path.join(dir, "starter");
  const solutionDir = path.join(dir, "solution");
  const lesson: Lesson = {
    translations,
    checkTexts,
    warnings,
    ...front.data,
    slug,
    dir,
    markdown: body,
    html: renderLessonMarkdown(body),
    checks: { ...checks.data, checks: allChecks },
    starterDir: existsSync(starterDir) ? starterDir : null,
    solutionDir: existsSync(solutionDir) ? solutionDir : null,
  };
  try {
    loadVariants(lesson);
  } catch (error) {
    if (error instanceof VariantError) throw new LessonError(error.message);
    throw error;
  }
  return lesson;
}

/**
 * The checks each other lesson beside `dir` declares itself (not those it keeps), by step: what a
 * lesson's `keeps` may name. A lesson whose checks.yaml does not load is left out here; loading
 * that lesson reports it.
 */
async function ownChecksOfOtherLessons(dir: string): Promise<OwnChecksByStep> {
  const parent = path.dirname(dir);
  const entries = await readdir(parent, { withFileTypes: true });
  const others = entries.filter((e) => e.isDirectory() && /^\d{2}-/.test(e.name) && e.name !== path.basename(dir));
  const byStep = new Map<number, { slug: string; checks: ChecksFile["checks"] }>();
  for (const other of others) {
    const source = await readFile(path.join(parent, other.name, "checks.yaml"), "utf8").catch(() => undefined);
    if (source === undefined) continue;
    let parsed;
    try {
      parsed = checksFileSchema.safeParse(parseYaml(source));
    } catch {
      continue;
    }
    if (parsed.success) byStep.set(parsed.data.step, { slug: other.name, checks: parsed.data.checks });
  }
  return byStep;
}

/** A lesson's own checks in `locale` (checks.<locale>.yaml), with a warning for each one left in English. */
async function translatedChecks(dir: string, slug: string, locale: Locale, checks: ChecksFile["checks"]): Promise<{ texts: CheckTexts; warnings: string[] }> {
  const file = `checks.${locale}.yaml`;
  try {
    const translation = await readCheckTranslations(dir, locale);
    if (!translation) return { texts: {}, warnings: [`${slug}: no ${file}, so its check titles and hints show in English`] };
    const { texts, missing } = matchCheckTranslations(translation, checks);
    return { texts, warnings: missing.map((id) => `${slug}/${file}: check "${id}" is not translated (shown in English)`) };
  } catch (error) {
    throw new LessonError(`${slug}/${file}: ${(error as Error).message}`);
  }
}

/**
 * The kept checks (stepN-ID) in `locale`, from the earlier step's own translation, worded as the
 * English ones are. An earlier step whose translation is missing or broken gives none here (its own
 * load reports it).
 */
async function translatedKeptChecks(dir: string, later: ChecksFile, earlier: OwnChecksByStep, locale: Locale): Promise<CheckTexts> {
  const texts: CheckTexts = {};
  const wording = CARRY_WORDING[locale];
  for (const origin of keptOrigins(later)) {
    const source = earlier.get(origin.step);
    const original = source?.checks.find((c) => c.id === origin.originalId);
    if (!source || !original) continue;
    const translation = await readCheckTranslations(path.join(path.dirname(dir), source.slug), locale).catch(() => undefined);
    const text = translation?.checks[origin.originalId];
    if (!text || (text.hints?.length ?? 0) !== hintLevels(original).length) continue;
    const where = origin.where === undefined ? "" : ` (${origin.where})`;
    const phrases = phrasesOrNone(origin.originalId, text, original);
    texts[origin.id] = { title: wording.title(origin.step, text.title, where), hints: hintLevels(carriedHints({ hints: text.hints }, origin.step, wording)), ...(phrases ? { phrases } : {}) };
  }
  return texts;
}

/** A kept check's phrases from the earlier step's translation; none when they disagree (that step's own load reports it). */
function phrasesOrNone(id: string, text: Parameters<typeof matchPhrases>[1], original: Parameters<typeof matchPhrases>[2]): Record<string, string> | undefined {
  try {
    const phrases = matchPhrases(id, text, original);
    return Object.keys(phrases).length ? phrases : undefined;
  } catch {
    return undefined;
  }
}

/**
 * lesson.<locale>.md, validated against lesson.md: as many goals, a preview label when there is a
 * preview, and the same task list ties to checks (so the ticks work in every language).
 */
async function loadTranslation(
  dir: string,
  slug: string,
  locale: Locale,
  original: { goals: number; preview: boolean; tasks: string[][] },
): Promise<LessonTranslation | undefined> {
  const file = `lesson.${locale}.md`;
  const source = await readFile(path.join(dir, file), "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (source === undefined) return undefined;
  const { data, body } = splitFrontMatter(source);
  const front = lessonTranslationFrontMatterSchema.safeParse(data);
  if (!front.success) throw new LessonError(formatZodError(`${slug}/${file} front matter`, front.error));
  if (front.data.goals.length !== original.goals) {
    throw new LessonError(`${slug}/${file}: ${front.data.goals.length} goals, but lesson.md has ${original.goals}`);
  }
  if (original.preview && !front.data.previewLabel) throw new LessonError(`${slug}/${file}: previewLabel is missing (lesson.md has a preview)`);
  const tasks = taskCheckIds(body);
  if (JSON.stringify(tasks) !== JSON.stringify(original.tasks)) {
    throw new LessonError(`${slug}/${file}: the task list's <!-- checks: … --> comments differ from lesson.md's (${JSON.stringify(tasks)} vs ${JSON.stringify(original.tasks)})`);
  }
  return { ...front.data, markdown: body, html: renderLessonMarkdown(body) };
}

export async function loadCourse(dir = LESSONS_DIR): Promise<Lesson[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const lessonDirs = entries.filter((e) => e.isDirectory() && /^\d{2}-/.test(e.name)).map((e) => path.join(dir, e.name));
  const lessons = await Promise.all(lessonDirs.map(loadLesson));
  lessons.sort((a, b) => a.step - b.step);
  const steps = lessons.map((l) => l.step);
  const repeated = steps.find((s, i) => steps.indexOf(s) !== i);
  if (repeated !== undefined) throw new LessonError(`two lessons claim step ${repeated}`);
  return lessons;
}

/**
 * The course, loaded once per process and reloaded when its files change (course-cache.ts; in
 * development without the watcher, reloaded on every call).
 */
export function getCourse(): Promise<Lesson[]> {
  if (process.env.NODE_ENV === "development" && !isCourseWatched()) return loadCourse();
  return cachedCourse(() => loadCourse());
}

export async function getLessonByStep(step: number): Promise<Lesson | undefined> {
  return (await getCourse()).find((l) => l.step === step);
}
