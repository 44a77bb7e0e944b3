/**
 * Live reload of the course: watches the lessons folder (fs.watch, recursive: Linux with Node 20)
 * and, a moment after the last change (editors write a file in several steps), loads the course
 * again (course-cache.ts). A course that no longer loads is logged and reported on the teacher's
 * preview; students keep the last one that loaded. Returns a disposer that stops watching.
 */
import { watch, type FSWatcher } from "node:fs";
import { loadCourse, LESSONS_DIR } from "../lessons/load-lessons";
import { markCourseWatched, reloadCourse } from "../lessons/course-cache";
import type { Logger } from "../logger";

export const RELOAD_DEBOUNCE_MS = 300;

export function watchLessons(log: Logger, options: { dir?: string; debounceMs?: number } = {}): { close(): void } {
  const dir = options.dir ?? LESSONS_DIR;
  const debounceMs = options.debounceMs ?? RELOAD_DEBOUNCE_MS;
  let timer: NodeJS.Timeout | undefined;
  let reloading: Promise<unknown> = Promise.resolve();
  const changed = new Set<string>();
  const reload = () => {
    const lessons = [...changed];
    changed.clear();
    reloading = reloading.then(async () => {
      const status = await reloadCourse(() => loadCourse(dir));
      if (status.error) log.warn("the lessons changed on disk but no longer load: students keep the last version that loaded", { changed: lessons, error: status.error.message });
      else log.info("lessons reloaded after a change on disk", { changed: lessons, version: status.version });
    });
  };
  let watcher: FSWatcher;
  try {
    watcher = watch(dir, { recursive: true }, (_event, file) => {
      changed.add(String(file ?? "").split(/[\\/]/)[0] || ".");
      clearTimeout(timer);
      timer = setTimeout(reload, debounceMs);
    });
  } catch (error) {
    log.warn("the lessons folder cannot be watched: lesson changes need a restart", { dir, error: String(error) });
    return { close: () => undefined };
  }
  watcher.on("error", (error) => log.warn("watching the lessons folder stopped: lesson changes need a restart", { dir, error: String(error) }));
  markCourseWatched(true);
  log.info("watching the lessons folder: lessons reload when their files change", { dir });
  return {
    close() {
      clearTimeout(timer);
      watcher.close();
      markCourseWatched(false);
    },
  };
}
