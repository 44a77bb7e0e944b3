/**
 * The valid word a misspelt one was most likely meant to be ("enviroment" → "environment",
 * "replica" → "replicas", "imgae" → "image"), or undefined when none is close enough to suggest.
 */

/** Edits (insert, delete, replace, swap two neighbours) turning `a` into `b` (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

/** Lower case, with "-" read as "_": `Container-Name` is a spelling of `container_name`. */
const folded = (word: string) => word.toLowerCase().replace(/-/g, "_");

/**
 * The candidate nearest to `word`: one edit allowed for words up to 5 letters, one more per 4
 * letters beyond (so a short word is not "corrected" into an unrelated one). Ties go to the
 * candidate listed first.
 */
export function closestWord(word: string, candidates: Iterable<string>): string | undefined {
  const wanted = folded(word);
  const allowed = 1 + Math.floor(Math.max(0, wanted.length - 5) / 4);
  let best: { word: string; distance: number } | undefined;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const distance = editDistance(wanted, folded(candidate));
    if (distance <= allowed && (!best || distance < best.distance)) best = { word: candidate, distance };
  }
  return best?.word;
}
