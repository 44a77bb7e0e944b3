/**
 * Reads a Dockerfile's physical lines the way BuildKit does: parser directives at the top
 * (`# escape=` changes the continuation character), comment lines, instructions joined across
 * continuation lines (comment lines and empty lines inside a continuation are dropped), and
 * here-document bodies after RUN/COPY/ADD lines that open them.
 */
import type { CommentLine, Diagnostic, Heredoc, LineStart } from "./dockerfile-syntax";

export interface LogicalLine {
  text: string;
  startLine: number;
  endLine: number;
  lineStarts: LineStart[];
  heredocs: Heredoc[];
}

export interface SourceReading {
  escapeChar: "\\" | "`";
  directives: Record<string, string>;
  logicalLines: LogicalLine[];
  comments: CommentLine[];
  diagnostics: Diagnostic[];
  lineCount: number;
}

const KNOWN_DIRECTIVES = new Set(["syntax", "escape", "check"]);
const DIRECTIVE = /^#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(.+?)[ \t]*$/;
const HEREDOC_KEYWORDS = /^(run|copy|add)\s/i;

const isComment = (line: string) => line.trimStart().startsWith("#");
const isBlank = (line: string) => line.trim() === "";

/** Here-document openers (`<<EOF`, `<<-EOF`, `<<"EOF"`) outside quotes, in order. */
export function findHeredocMarkers(text: string): { name: string; stripTabs: boolean; quoted: boolean }[] {
  const markers: { name: string; stripTabs: boolean; quoted: boolean }[] = [];
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
      else if (c === "\\" && quote === '"') i++;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === "\\") i++;
    else if (c === "<" && text[i + 1] === "<" && text[i + 2] !== "<" && text[i - 1] !== "<") {
      const match = /^<<(-?)(["']?)([A-Za-z0-9_.-]+)\2/.exec(text.slice(i));
      if (match) {
        markers.push({ name: match[3]!, stripTabs: match[1] === "-", quoted: match[2] !== "" });
        i += match[0].length - 1;
      }
    }
  }
  return markers;
}

function readDirectives(lines: string[], diagnostics: Diagnostic[]): { directives: Record<string, string>; next: number } {
  const directives: Record<string, string> = {};
  let i = 0;
  for (; i < lines.length; i++) {
    const match = DIRECTIVE.exec(lines[i]!);
    const key = match?.[1]?.toLowerCase();
    if (!match || !key || !KNOWN_DIRECTIVES.has(key) || key in directives) break;
    directives[key] = match[2]!;
  }
  const escape = directives.escape;
  if (escape !== undefined && escape !== "\\" && escape !== "`") {
    diagnostics.push({ line: 1, severity: "error", message: `Invalid escape directive "${escape}": it must be \\ or \`.` });
  }
  return { directives, next: i };
}

export function readLogicalLines(source: string): SourceReading {
  const lines = source.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  const diagnostics: Diagnostic[] = [];
  const comments: CommentLine[] = [];
  const logicalLines: LogicalLine[] = [];
  const { directives, next } = readDirectives(lines, diagnostics);
  const escapeChar = directives.escape === "`" ? "`" : "\\";
  const continuation = new RegExp(`${escapeChar === "`" ? "`" : "\\\\"}[ \\t]*$`);
  for (let k = 0; k < next; k++) comments.push({ line: k + 1, text: lines[k]!.trimStart().slice(1).trim() });

  let i = next;
  while (i < lines.length) {
    const raw = lines[i]!;
    if (isBlank(raw)) {
      i++;
      continue;
    }
    if (isComment(raw)) {
      comments.push({ line: i + 1, text: raw.trimStart().slice(1).trim() });
      i++;
      continue;
    }
    const startLine = i + 1;
    let first = raw.trimStart();
    let continues = continuation.test(first);
    if (continues) first = first.replace(continuation, "");
    let text = first;
    const lineStarts: LineStart[] = [{ offset: 0, line: startLine }];
    let endLine = startLine;
    i++;
    while (continues && i < lines.length) {
      const line = lines[i]!;
      i++;
      if (isComment(line)) {
        comments.push({ line: i, text: line.trimStart().slice(1).trim() });
        continue;
      }
      if (isBlank(line)) {
        diagnostics.push({ line: i, severity: "warning", message: "Empty continuation line: Docker ignores it, but a future version will refuse it." });
        continue;
      }
      continues = continuation.test(line);
      lineStarts.push({ offset: text.length, line: i });
      text += continues ? line.replace(continuation, "") : line;
      endLine = i;
    }

    const heredocs: Heredoc[] = [];
    if (HEREDOC_KEYWORDS.test(text)) {
      for (const marker of findHeredocMarkers(text)) {
        const body: string[] = [];
        const bodyStart = i + 1;
        let terminated = false;
        while (i < lines.length) {
          const line = lines[i]!;
          i++;
          const candidate = marker.stripTabs ? line.replace(/^\t+/, "") : line;
          if (candidate === marker.name) {
            terminated = true;
            break;
          }
          body.push(candidate);
        }
        if (!terminated) {
          diagnostics.push({ line: startLine, endLine: i, severity: "error", message: `Unterminated here-document: no line "${marker.name}" closes the <<${marker.name} opened on line ${startLine}.` });
        }
        heredocs.push({ ...marker, content: body.length ? `${body.join("\n")}\n` : "", startLine: bodyStart, endLine: i });
        endLine = i;
      }
    }
    logicalLines.push({ text, startLine, endLine, lineStarts, heredocs });
  }
  return { escapeChar, directives, logicalLines, comments, diagnostics, lineCount: lines.length };
}
