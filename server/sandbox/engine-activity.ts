/**
 * A student's activity outside the websocket (a file saved through the HTTP API) told to the
 * engine manager, so that an engine whose student is editing does not yield its place to the queue
 * (EngineManager's yieldPolicy). Route handlers run in Next's bundles, each with its own copy of
 * this module: the composition root (server/index.ts) provides the listener once, on globalThis.
 */
const HOLDER = Symbol.for("docker-workbench.engine-activity");
type Holder = { [HOLDER]?: (studentId: string, savedPath?: string) => void };

/** `savedPath`: the workspace path of the file saved, when the activity is a save (the layer cache's prefetch, ./layer-cache-prefetch.ts). */
export function provideEngineActivity(note: ((studentId: string, savedPath?: string) => void) | undefined): void {
  (globalThis as Holder)[HOLDER] = note;
}

/** Tells the engine manager the student did something; nothing in a process without engines (a build, a test). */
export function noteEngineActivity(studentId: string, savedPath?: string): void {
  (globalThis as Holder)[HOLDER]?.(studentId, savedPath);
}
