/**
 * Reads a Dockerfile's physical lines the way BuildKit does: parser directives at the top
 * (`# escape=` changes the continuation character), comment lines, instructions joined across
 * continuation lines (comment lines and empty lines inside a continuation are dropped), and
 * here-document bodies after RUN/COPY/ADD lines that open them.
 */
import type { CommentLine, Diagnostic, Heredoc, LineStart } from "./dockerfile-syntax";
import { findHeredocMarkers } from "./heredoc-words";
import { splitInstruction } from "./split-instruction";

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
const HEREDOC_KEYWORDS = new Set(["run", "copy", "add"]);

const isComment = (line: string) => line.trimStart().startsWith("#");
const isBlank = (line: string) => line.trim() === "";

/**
 * BuildKit's canContainHeredoc: RUN, COPY and ADD, also behind ONBUILD, and not in exec (JSON)
 * form, where `["<<EOF"]` is a plain argument.
 */
export function canHoldHeredocs(text: string): boolean {
  const [keyword = "", rest = ""] = text.trim().split(/[\t\v\f\r ]+(.*)/s);
  if (keyword.toLowerCase() === "onbuild") return canHoldHeredocs(rest);
  if (!HEREDOC_KEYWORDS.has(keyword.toLowerCase())) return false;
  return splitInstruction({ text, startLine: 0, endLine: 0, lineStarts: [], heredocs: [] }).json === null;
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
    if (text.includes("<<") && canHoldHeredocs(text)) {
      const found = findHeredocMarkers(text);
      if (found.problem) diagnostics.push({ line: startLine, endLine, severity: "error", message: `Line ${startLine}: ${found.problem}, so Docker cannot read this instruction.` });
      for (const { name, stripTabs, quoted } of found.markers) {
        const marker = { name, stripTabs, quoted };
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
          diagnostics.push({
            line: startLine,
            endLine: i,
            severity: "error",
            message: `Unterminated here-document: no line "${marker.name}" closes the <<${marker.name} opened on line ${startLine}.`,
          });
        }
        heredocs.push({ ...marker, content: body.length ? `${body.join("\n")}\n` : "", startLine: bodyStart, endLine: i });
        endLine = i;
      }
    }
    logicalLines.push({ text, startLine, endLine, lineStarts, heredocs });
  }
  return { escapeChar, directives, logicalLines, comments, diagnostics, lineCount: lines.length };
}
