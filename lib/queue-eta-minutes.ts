/**
 * An estimated wait in whole minutes, as a student reads it ("about N minutes"): rounded up, never
 * below one. The server tells a queued student again only when this changes; the page shows it.
 */
export function queueEtaMinutes(etaMs: number): number {
  return Math.max(1, Math.ceil(etaMs / 60_000));
}
