/**
 * How long a submission waiting for a free engine may wait, said in words: each of the `limit`
 * engines frees up about once per typical grading, so number `position` in the queue starts
 * after about ceil(position / limit) gradings. An estimate, said as one ("about"), never a promise.
 */
export function estimateQueueWaitMs(position: number, limit: number, typicalMs: number): number {
  return Math.ceil(Math.max(1, position) / Math.max(1, limit)) * typicalMs;
}

/** The sentence for the queue message; empty when nothing was graded yet to estimate from. */
export function queueWaitSentence(position: number, limit: number, typicalMs: number | null): string {
  if (typicalMs === null || !(typicalMs > 0)) return "";
  const minutes = Math.max(1, Math.ceil(estimateQueueWaitMs(position, limit, typicalMs) / 60_000));
  return ` It should start in about ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}
