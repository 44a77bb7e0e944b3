/**
 * Caps a log to `maxBytes` of UTF-8, keeping its head and tail (where builds say what they did
 * and why they failed) around a "… N bytes omitted …" marker. Never splits a character.
 */
export function capLog(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, "utf8");
  if (bytes.length <= maxBytes) return text;
  // The marker's own length depends on N; size it for the worst case (N ≤ total length).
  const markerFor = (omitted: number) => `\n… ${omitted} bytes omitted …\n`;
  const budget = Math.max(0, maxBytes - Buffer.byteLength(markerFor(bytes.length)));
  const headEnd = charBoundary(bytes, Math.floor(budget / 2), "back");
  const tailStart = charBoundary(bytes, bytes.length - (budget - headEnd), "forward");
  const omitted = tailStart - headEnd;
  return bytes.subarray(0, headEnd).toString("utf8") + markerFor(omitted) + bytes.subarray(tailStart).toString("utf8");
}

/** Moves an index off UTF-8 continuation bytes (10xxxxxx) so slicing there keeps characters whole. */
function charBoundary(bytes: Buffer, index: number, direction: "back" | "forward"): number {
  let i = Math.min(Math.max(index, 0), bytes.length);
  while (i > 0 && i < bytes.length && (bytes[i]! & 0xc0) === 0x80) i += direction === "back" ? -1 : 1;
  return i;
}
