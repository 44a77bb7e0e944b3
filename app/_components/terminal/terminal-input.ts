/**
 * Turning text into terminal input: the lesson's shell blocks into keystrokes, and long pastes
 * into chunks the protocol accepts.
 */
import { MAX_TERMINAL_INPUT } from "@/lib/protocol/messages";

/**
 * Keys that empty the shell's prompt line first, whatever was half-typed there and wherever the
 * cursor stood: Ctrl+E (end of line), then Ctrl+U (erase back to the start), as bash's readline
 * reads them.
 */
export const CLEAR_PROMPT_LINE = "\u0005\u0015";

/**
 * A lesson's shell block as typed keystrokes: the prompt line cleared first, line ends as Enter
 * (\r) and one final Enter. When some lines start with a "$ " prompt, only those commands (and
 * their "\" continuation lines) are typed, without the prompt: the other lines are sample output.
 */
export function commandForTerminal(text: string): string {
  const lines = text.replace(/\r\n?/g, "\n").replace(/\s+$/, "").split("\n");
  const prompt = /^\s*\$ /;
  let commands = lines;
  if (lines.some((line) => prompt.test(line))) {
    commands = [];
    let continuing = false;
    for (const line of lines) {
      if (prompt.test(line)) commands.push(line.replace(prompt, ""));
      else if (continuing) commands.push(line);
      else continue;
      continuing = line.trimEnd().endsWith("\\");
    }
  }
  const body = commands.join("\r");
  return body.trim() ? CLEAR_PROMPT_LINE + body + "\r" : "";
}

/** Splits input into chunks of at most `size` characters, never inside a surrogate pair. */
export function chunkInput(data: string, size = MAX_TERMINAL_INPUT): string[] {
  if (data.length <= size) return [data];
  const chunks: string[] = [];
  let start = 0;
  while (start < data.length) {
    let end = Math.min(start + size, data.length);
    const code = data.charCodeAt(end - 1);
    if (end < data.length && code >= 0xd800 && code <= 0xdbff) end -= 1;
    chunks.push(data.slice(start, end));
    start = end;
  }
  return chunks;
}
