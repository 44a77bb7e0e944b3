/** For tests that derive broken variants from a reference file by small text edits. */

/** `text` with `from` replaced by `to`; throws when `from` is absent, so a stale edit cannot pass silently. */
export function edited(text: string, from: string | RegExp, to: string): string {
  const result = text.replace(from, to);
  if (result === text) throw new Error(`the edit did not apply: ${String(from)} not found`);
  return result;
}
