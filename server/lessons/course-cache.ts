/**
 * The course as this process serves it, kept once for the whole process (on globalThis: the
 * custom server and Next's route bundles each load their own copy of the modules, and must share
 * one course). `reload` replaces it when the lesson files change (server/authoring/lessons-watcher.ts):
 * a course that no longer loads leaves the last good one serving, and its error is kept for the
 * teacher's preview to show. `version` grows at each reload, good or not, so an open preview page
 * knows to refresh.
 */
import type { Lesson } from "./load-lessons";

export interface CourseStatus {
  /** 0 until the first reload; one more at each reload. */
  version: number;
  /** Why the lesson files on disk do not load now (the last good course keeps serving); null when they do. */
  error: { message: string; at: string } | null;
  /** When the course served now was loaded. */
  loadedAt: string | null;
}

interface CourseHolder {
  current?: Promise<Lesson[]>;
  status: CourseStatus;
  /** Whether a watcher reloads the course when its files change (else development reloads it at every call). */
  watched?: boolean;
}

const HOLDER = Symbol.for("docker-workbench.course");
const holder = ((globalThis as { [HOLDER]?: CourseHolder })[HOLDER] ??= { status: { version: 0, error: null, loadedAt: null } });

/** The course, loaded once (a failed first load is tried again at the next call). */
export function cachedCourse(load: () => Promise<Lesson[]>): Promise<Lesson[]> {
  if (!holder.current) {
    const loading = load();
    holder.current = loading;
    loading.then(
      () => (holder.status = { ...holder.status, loadedAt: new Date().toISOString() }),
      () => {
        if (holder.current === loading) holder.current = undefined;
      },
    );
  }
  return holder.current;
}

/** Loads the course again: served from now on when it loads; otherwise the one served stays, and the error is kept. */
export async function reloadCourse(load: () => Promise<Lesson[]>): Promise<CourseStatus> {
  const version = holder.status.version + 1;
  try {
    const lessons = await load();
    holder.current = Promise.resolve(lessons);
    holder.status = { version, error: null, loadedAt: new Date().toISOString() };
  } catch (error) {
    holder.status = { ...holder.status, version, error: { message: error instanceof Error ? error.message : String(error), at: new Date().toISOString() } };
  }
  return holder.status;
}

export function markCourseWatched(watched: boolean): void {
  holder.watched = watched;
}

export function isCourseWatched(): boolean {
  return holder.watched === true;
}

export function courseStatus(): CourseStatus {
  return holder.status;
}

/** Forgets the course (tests that change LESSONS_DIR's files between cases). */
export function forgetCourse(): void {
  holder.current = undefined;
  holder.status = { version: 0, error: null, loadedAt: null };
}
