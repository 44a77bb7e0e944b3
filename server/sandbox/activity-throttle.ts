/**
 * At most one record per student per `everyMs` of something that happens very often (requests
 * through the preview proxy: a page polling every 100 ms), so that marking a student active costs
 * a write now and then, not one per request. The first occurrence is always recorded.
 */
export class ActivityThrottle {
  private readonly lastAt = new Map<string, number>();

  constructor(
    private readonly everyMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether this occurrence is to be recorded: the student's first, or the first `everyMs` after the last recorded one. */
  admits(studentId: string): boolean {
    const now = this.now();
    const last = this.lastAt.get(studentId);
    if (last !== undefined && now - last < this.everyMs) return false;
    this.lastAt.set(studentId, now);
    this.forgetOld(now);
    return true;
  }

  /** Students seen within everyMs only: the map holds a class, not everyone who ever came. */
  private forgetOld(now: number): void {
    if (this.lastAt.size < 256) return;
    for (const [studentId, at] of this.lastAt) if (now - at >= this.everyMs) this.lastAt.delete(studentId);
  }
}
