/** Text or binary: a file is text when it is valid UTF-8 without NUL bytes. */
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** The file's text, or null when it is binary. */
export function decodeText(data: Uint8Array): string | null {
  if (data.includes(0)) return null;
  try {
    return decoder.decode(data);
  } catch {
    return null;
  }
}
