/**
 * Time-sharing while students wait for an engine: which running engines give their place up to the
 * queue. Only while someone is queued; never an engine whose student is busy (a Check or Submit,
 * a cluster in use); engines whose pages have all closed go first (after a short grace), then
 * those whose student has been inactive longest; never more than the queue needs, so a wait
 * costs the class one engine per waiting student, not the whole host.
 */
export interface YieldCandidate {
  studentId: string;
  /** Last input, file save, Check or build of the student's (or their engine's start). */
  lastActiveMs: number;
  /** When the student's last page closed; undefined while a page is open. */
  closedAtMs: number | undefined;
  /** A Check, Submit or cluster in use: never yields. */
  busy: boolean;
}

export interface YieldPolicy {
  /** An open page's engine yields after this long without activity; 0: never. */
  idleMs: number;
  /** An engine whose pages all closed yields after this long; 0: only by the idle rule above. */
  closedMs: number;
}

/**
 * The students whose engines yield now, at most `needed` (places the queue still lacks, after the
 * yields already under way), closed pages first, then the oldest-inactive.
 */
export function chooseYields(candidates: readonly YieldCandidate[], needed: number, policy: YieldPolicy, nowMs: number): string[] {
  if (needed <= 0) return [];
  const closed: YieldCandidate[] = [];
  const inactive: YieldCandidate[] = [];
  for (const candidate of candidates) {
    if (candidate.busy) continue;
    if (candidate.closedAtMs !== undefined && policy.closedMs > 0 && nowMs - candidate.closedAtMs >= policy.closedMs) closed.push(candidate);
    else if (policy.idleMs > 0 && nowMs - candidate.lastActiveMs >= policy.idleMs) inactive.push(candidate);
  }
  const oldestFirst = (a: YieldCandidate, b: YieldCandidate) => a.lastActiveMs - b.lastActiveMs;
  return [...closed.sort(oldestFirst), ...inactive.sort(oldestFirst)].slice(0, needed).map((candidate) => candidate.studentId);
}
