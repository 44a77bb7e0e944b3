/**
 * What the Next.js route handlers call: one function per route, thin and stateless (route code is
 * bundled apart from the custom server, so nothing here may rely on the server's in-memory state:
 * files are on disk, results in the database, lessons in lessons/).
 */
import { getStartOptions as startOptions } from "./start-step";
import { getConfig } from "./config";
import { AppError } from "./app-error";
import { say } from "../lib/i18n/text-ref";
import { getCourse as loadCourse, getLessonByStep, type Lesson } from "./lessons/load-lessons";
import { DEFAULT_LOCALE, LOCALE_COOKIE, resolveLocale, type Locale } from "../lib/i18n/locale";
import { getLastFinishedCheckRun, getProgress, getStudent } from "./db/repositories";
import * as workspace from "./workspace";
import { noteEngineActivity } from "./sandbox/engine-activity";
import { STUDENT_COOKIE, decodeStudentCookie, readCookie } from "./identity/student-cookie";
import { defaultStudentName, mayWorkOnCourse, startStudentSession } from "./identity/student-session";
import type { CheckResult } from "../lib/protocol/messages";

/**
 * The student of a request with a valid cookie. A state-changing request starts their session
 * (creates their record when missing); a read by a browser that has no record yet gets the same
 * id without one, so page views never fill the database.
 */
/** The language of a request: the student's choice (cookie), else the browser's, else English. */
export function requestLocale(request: Request): Locale {
  return resolveLocale(readCookie(request.headers.get("cookie"), LOCALE_COOKIE), request.headers.get("accept-language"));
}

/**
 * The student of the request's signed cookie. A request that changes something, or a read that
 * makes the student's workspace (`makesWorkspace`), starts their session (the student record);
 * other reads never create one, so a workspace never exists without its student.
 *
 * With anonymous work off (ALLOW_ANONYMOUS=false), those requests work on the course and need a
 * signed-in account, as the step page and the websocket do; joining a class and signing up
 * (`beforeAccount`) are what an anonymous browser may still do, to get one.
 */
export async function requireStudent(request: Request, options: { makesWorkspace?: boolean; beforeAccount?: boolean } = {}): Promise<{ id: string; name: string }> {
  const cookie = request.headers.get("cookie");
  const id = decodeStudentCookie(readCookie(cookie, STUDENT_COOKIE), getConfig().SESSION_SECRET);
  if (!id) throw new AppError("unauthorized", say("request.sessionExpired"));
  const reads = (request.method === "GET" || request.method === "HEAD") && !options.makesWorkspace;
  if (!reads && !options.beforeAccount && !(await mayWorkOnCourse(cookie))) {
    throw new AppError("unauthorized", say("auth.accountRequired"));
  }
  const student = reads ? ((await getStudent(id)) ?? { id, name: defaultStudentName(id) }) : await startStudentSession(id);
  return { id: student.id, name: student.name };
}

export async function getCourse(studentId: string, locale: Locale = DEFAULT_LOCALE) {
  const [lessons, progress] = await Promise.all([loadCourse(), getProgress(studentId)]);
  return {
    steps: lessons.map((lesson) => {
      const mine = progress.find((p) => p.step === lesson.step);
      return {
        step: lesson.step,
        title: readable(lesson, locale).title,
        summary: readable(lesson, locale).summary,
        folder: lesson.folder,
        estimatedMinutes: lesson.estimatedMinutes,
        bestScore: mine?.bestScore ?? null,
        passed: mine?.passed ?? false,
        lastCheckAt: mine?.lastCheckAt ? new Date(mine.lastCheckAt).toISOString() : null,
      };
    }),
  };
}

/** What a reader sees of a lesson in `locale`: its translation when it has one, else English. */
function readable(lesson: Lesson, locale: Locale) {
  const translated = lesson.translations[locale];
  return {
    locale: translated ? locale : DEFAULT_LOCALE,
    title: translated?.title ?? lesson.title,
    summary: translated?.summary || lesson.summary,
    goals: translated?.goals ?? lesson.goals,
    html: translated?.html ?? lesson.html,
    previewLabel: translated?.previewLabel ?? lesson.preview?.label,
  };
}

export async function getLesson(step: number, locale: Locale = DEFAULT_LOCALE) {
  const lesson = await getLessonByStep(step);
  if (!lesson) return null;
  const text = readable(lesson, locale);
  return {
    step: lesson.step,
    locale: text.locale,
    title: text.title,
    folder: lesson.folder,
    goals: text.goals,
    estimatedMinutes: lesson.estimatedMinutes,
    html: text.html,
    ...(lesson.preview ? { preview: { ...lesson.preview, label: text.previewLabel ?? lesson.preview.label } } : {}),
    ...(lesson.cluster ? { cluster: lesson.cluster } : {}),
    ...(lesson.checkTexts[locale] ? { checkTexts: lesson.checkTexts[locale] } : {}),
  };
}

/** The workspace listing; a step's starter files are copied in on the first visit. */
export async function listFiles(studentId: string, step: number) {
  const lesson = await getLessonByStep(step);
  if (!lesson) throw new AppError("not_found", say("request.noStep", { step }));
  await workspace.ensureWorkspace(studentId);
  if (lesson.starterDir) await workspace.seedFolderIfMissing(studentId, lesson.folder, `${lesson.starterDir}/${lesson.folder}`);
  return { files: await workspace.listFiles(studentId) };
}

export { startStepFrom } from "./start-step";

/** What the step can be started from, the previous step's title in the page's language. */
export async function getStartOptions(studentId: string, step: number, locale: Locale = DEFAULT_LOCALE) {
  const options = await startOptions(studentId, step);
  if (!options.previous) return options;
  const previous = await getLessonByStep(options.previous.step);
  const title = previous?.translations[locale]?.title;
  return title ? { ...options, previous: { ...options.previous, title } } : options;
}

export const readFile = (studentId: string, path: string) => workspace.readFile(studentId, path);
/** Saving a file is activity: the student's engine does not yield its place to the queue meanwhile (and a saved Dockerfile may start the layer cache's pull). */
export const writeFile = async (studentId: string, path: string, content: string) => {
  await workspace.writeFile(studentId, path, content);
  noteEngineActivity(studentId, path);
};
export const deleteFile = (studentId: string, path: string) => workspace.deleteFile(studentId, path);
export const zipWorkspace = (studentId: string) => workspace.zipWorkspace(studentId);

export async function uploadFiles(studentId: string, dir: string, files: { name: string; content: Uint8Array }[]): Promise<void> {
  await workspace.importFiles(
    studentId,
    dir,
    files.map((f) => ({ path: f.name, content: f.content })),
  );
}

/** The step's latest result, also while a newer Check is running (the page follows that one live). */
export async function getLastCheck(studentId: string, step: number) {
  const run = await getLastFinishedCheckRun(studentId, step);
  if (!run || !run.finishedAt) return null;
  return {
    runId: run.id,
    mode: run.mode,
    finishedAt: new Date(run.finishedAt).toISOString(),
    score: run.score ?? 0,
    passed: run.passed ?? false,
    results: run.results as CheckResult[],
    buildLog: run.buildLog,
  };
}
