/**
 * What the engine manager remembers of one student besides their engine itself, for time-sharing
 * (./engine-yield.ts) and for moves between nodes: when they were last active, what runs for them,
 * when their last page closed, their preview tab's last request, and whether their engine is being
 * removed for the queue or moved right now.
 */
import type { YieldCandidate } from "./engine-yield";

export class EngineStudentState {
  /** Last input, save, lint, Check, preview request, or their engine's start. */
  private activeAtMs: number | undefined;
  /** When their last page closed; undefined while a page is open. */
  private closedAtMs: number | undefined;
  /** Their preview tab's last request recorded (see EngineManager.notePreviewTraffic). */
  private previewAtMs: number | undefined;
  /** Checks and Submits running for them now. */
  private busyHolds = 0;
  /** Their engine is being removed to let the queue in. */
  yielding = false;
  /** Their engine is being moved to another node (one move at a time). */
  moving = false;

  constructor(readonly studentId: string) {}

  noteActive(nowMs: number): void {
    this.activeAtMs = nowMs;
  }

  /** A request through the preview: activity, and the preview tab counts as a page still open. */
  notePreview(nowMs: number): void {
    this.activeAtMs = nowMs;
    this.previewAtMs = nowMs;
  }

  /** A page of theirs is open again. */
  pageOpened(): void {
    this.closedAtMs = undefined;
  }

  /** Their last page closed at nowMs. */
  pagesClosed(nowMs: number): void {
    this.closedAtMs = nowMs;
  }

  /** Their engine is gone: its preview no longer holds anything, and (no page open) neither does a closing. */
  engineRemoved(pageOpen: boolean): void {
    this.previewAtMs = undefined;
    if (!pageOpen) this.closedAtMs = undefined;
  }

  /** Something runs for them until the returned function is called (repeatable): `onEnd` then runs once. */
  holdBusy(onEnd: () => void): () => void {
    this.busyHolds++;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.busyHolds--;
      onEnd();
    };
  }

  get busy(): boolean {
    return this.busyHolds > 0;
  }

  /**
   * As time-sharing sees them: `pageOpen` from the idle countdown; a closed page's grace runs from
   * the later of its closing and the preview tab's last request. `keepsEngine`: a step-9 cluster is up.
   */
  asYieldCandidate(pageOpen: boolean, keepsEngine: boolean): YieldCandidate {
    return {
      studentId: this.studentId,
      lastActiveMs: this.activeAtMs ?? 0,
      closedAtMs: pageOpen ? undefined : Math.max(this.closedAtMs ?? 0, this.previewAtMs ?? 0),
      busy: this.busy || keepsEngine,
    };
  }
}
