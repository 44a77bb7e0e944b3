/**
 * Named moments of the step page's start, left as User Timing marks (`performance.mark`) so a
 * benchmark (bench/session-start.ts) or the browser's own performance panel can see where the
 * time to the prompt goes: React has hydrated the workbench, xterm is open, the terminal has drawn
 * what the page's early socket kept, Monaco is up. xterm open and drawn are the boot terminal's
 * when the page's boot script opened it before React (terminal/terminal-boot.ts); the terminal view
 * marks when it adopted that one. A browser without the API marks nothing.
 */
export const PAGE_MARKS = {
  hydrated: "wb:hydrated",
  terminalOpen: "wb:terminal-open",
  terminalDrawn: "wb:terminal-drawn",
  terminalAdopted: "wb:terminal-adopted",
  editorMounted: "wb:editor-mounted",
} as const;

export type PageMark = (typeof PAGE_MARKS)[keyof typeof PAGE_MARKS];

/** Marks `name` once per page load (a later mount, after a step change, keeps the first). */
export function markPage(name: PageMark): void {
  if (typeof performance === "undefined" || typeof performance.mark !== "function") return;
  if (performance.getEntriesByName(name, "mark").length > 0) return;
  performance.mark(name);
}
