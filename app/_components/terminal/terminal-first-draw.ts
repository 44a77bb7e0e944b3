/**
 * Whether the terminal has drawn its first output (usually the prompt the page's early socket
 * kept) yet. The workbench starts Monaco, megabytes of script to fetch and evaluate, only once it
 * has, so the student's prompt is painted before the editor's code takes the main thread. The
 * editor never waits long on a terminal with nothing to show (an engine still starting): after
 * `EDITOR_WAIT_MAX_MS` without output it loads anyway; output on its way to the screen by then
 * (xterm parsing it) is waited for up to `DRAW_PENDING_MAX_MS` more.
 * Framework-free: `subscribe`/`isDrawn` suit useSyncExternalStore.
 */

/** The longest the editor waits for the terminal's first output to arrive, from the workbench's start. */
export const EDITOR_WAIT_MAX_MS = 1_500;
/** Output has arrived and is being drawn: the longest the editor waits for that paint. */
export const DRAW_PENDING_MAX_MS = 8_000;

type Timers = { schedule: (run: () => void, ms: number) => unknown; cancel: (handle: unknown) => void };

const REAL_TIMERS: Timers = { schedule: (run, ms) => setTimeout(run, ms), cancel: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>) };

export class TerminalFirstDraw {
  private drawn = false;
  private pending = false;
  private timer: unknown = null;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly timers: Timers = REAL_TIMERS) {}

  /** The terminal has painted its first output (or the wait is over): told once to every listener. */
  markDrawn = (): void => {
    if (this.drawn) return;
    this.drawn = true;
    this.stopTimer();
    for (const listener of [...this.listeners]) listener();
  };

  /** The first output is being drawn: the wait becomes DRAW_PENDING_MAX_MS from now. */
  markPending = (): void => {
    if (this.drawn || this.pending) return;
    this.pending = true;
    if (this.timer !== null) this.startTimer(DRAW_PENDING_MAX_MS);
  };

  isDrawn = (): boolean => this.drawn;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Starts the wait (EDITOR_WAIT_MAX_MS, or DRAW_PENDING_MAX_MS once output is pending); returns what cancels it (unmount). */
  startWaiting(): () => void {
    if (!this.drawn) this.startTimer(this.pending ? DRAW_PENDING_MAX_MS : EDITOR_WAIT_MAX_MS);
    return () => this.stopTimer();
  }

  private startTimer(ms: number): void {
    this.stopTimer();
    this.timer = this.timers.schedule(this.markDrawn, ms);
  }

  private stopTimer(): void {
    if (this.timer !== null) this.timers.cancel(this.timer);
    this.timer = null;
  }
}
