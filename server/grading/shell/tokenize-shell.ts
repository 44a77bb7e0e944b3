/**
 * A POSIX-shell tokenizer good enough to read the commands of a Dockerfile RUN line: quotes,
 * escapes, $'…', parameter and command substitutions, operators, redirections, comments and
 * here-documents. It never throws: an unterminated quote runs to the end of the script.
 */
import type { ShellOperator, ShellToken, ShellWord, WordPart } from "./shell-syntax";

const OPERATORS: readonly ShellOperator[] = ["&&", "||", ";;", "|&", ";", "|", "&", "(", ")"];
const REDIRECTS = ["&>>", "&>", "<<<", "<<-", "<<", ">>", ">|", ">&", "<&", "<>", ">", "<"];
const PARAM_OPERATORS = [":-", ":=", ":+", ":?", "##", "%%", "//", "-", "=", "+", "?", "#", "%", "/", ":", "^^", ",,", "^", ","];
const ANSI_ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", a: "\x07", b: "\b", e: "\x1b", E: "\x1b", f: "\f", v: "\v", "\\": "\\", "'": "'", '"': '"', "?": "?" };

/** Index of the `)` closing a `$(` or `(` whose body starts at `from`, honouring quotes and nesting. */
export function findClosingParen(script: string, from: number): number {
  return findClosing(script, from, "(", ")");
}

/** Index of the `}` closing a `${` whose body starts at `from`: a `}` in quotes, backquotes or a nested `${…}` does not close it. */
function findClosingBrace(script: string, from: number): number {
  return findClosing(script, from, "${", "}");
}

/** Index of the `close` ending a construct whose body starts at `from`; `open` starts one nested inside it. Quoted text is skipped. */
function findClosing(script: string, from: number, open: string, close: string): number {
  let depth = 1;
  for (let i = from; i < script.length; i++) {
    const c = script[i];
    if (c === "\\") i++;
    else if (c === "'") i = skipUntil(script, i + 1, "'");
    else if (c === '"') i = skipDoubleQuoted(script, i + 1);
    else if (c === "`") i = skipUntil(script, i + 1, "`", true);
    else if (script.startsWith(open, i)) {
      depth++;
      i += open.length - 1;
    } else if (c === close && --depth === 0) return i;
  }
  return script.length;
}

function skipUntil(script: string, from: number, end: string, escapes = false): number {
  for (let i = from; i < script.length; i++) {
    if (escapes && script[i] === "\\") i++;
    else if (script[i] === end) return i;
  }
  return script.length;
}

function skipDoubleQuoted(script: string, from: number): number {
  for (let i = from; i < script.length; i++) {
    const c = script[i];
    if (c === "\\") i++;
    else if (c === '"') return i;
    else if (c === "$" && script[i + 1] === "(") i = findClosingParen(script, i + 2);
    else if (c === "`") i = skipUntil(script, i + 1, "`", true);
  }
  return script.length;
}

/** Parses the inside of `${…}` into a name, an operator and its operand. */
function parseBraceParam(inner: string, quoted: boolean, raw: string): WordPart {
  if (inner.startsWith("#") && inner.length > 1) return { kind: "param", name: inner.slice(1), operator: "length", quoted, raw };
  const name = /^(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?$!-])/.exec(inner)?.[0] ?? "";
  const rest = inner.slice(name.length);
  if (!rest) return { kind: "param", name, quoted, raw };
  const operator = PARAM_OPERATORS.find((op) => rest.startsWith(op)) ?? rest;
  return { kind: "param", name, operator, operand: rest.slice(operator.length), quoted, raw };
}

interface Cursor {
  i: number;
}

/** Reads what follows a `$` at cursor.i (which points at the `$`). */
function readDollar(script: string, cursor: Cursor, quoted: boolean): WordPart {
  const start = cursor.i;
  const next = script[start + 1];
  if (next === "(") {
    const close = findClosingParen(script, start + 2);
    cursor.i = close + 1;
    const raw = script.slice(start, cursor.i);
    return { kind: "command", script: script.slice(start + 2, close), quoted, raw };
  }
  if (next === "{") {
    const close = findClosingBrace(script, start + 2);
    cursor.i = close + 1;
    return parseBraceParam(script.slice(start + 2, close), quoted, script.slice(start, cursor.i));
  }
  if (next === "'" && !quoted) {
    let text = "";
    let i = start + 2;
    for (; i < script.length && script[i] !== "'"; i++) {
      if (script[i] === "\\" && i + 1 < script.length) {
        const escaped = script[++i] ?? "";
        text += ANSI_ESCAPES[escaped] ?? `\\${escaped}`;
      } else text += script[i];
    }
    cursor.i = i + 1;
    return { kind: "text", text, quoted: true };
  }
  const name = /^(?:[A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])/.exec(script.slice(start + 1))?.[0];
  if (name) {
    cursor.i = start + 1 + name.length;
    return { kind: "param", name, quoted, raw: script.slice(start, cursor.i) };
  }
  cursor.i = start + 1;
  return { kind: "text", text: "$", quoted };
}

function readBackquote(script: string, cursor: Cursor, quoted: boolean): WordPart {
  const start = cursor.i;
  const close = skipUntil(script, start + 1, "`", true);
  cursor.i = close + 1;
  const body = script.slice(start + 1, close).replace(/\\([`$\\])/g, "$1");
  return { kind: "command", script: body, quoted, raw: script.slice(start, cursor.i) };
}

/** Reads a double-quoted string; cursor.i points at the opening quote. */
function readDoubleQuoted(script: string, cursor: Cursor, parts: WordPart[]): void {
  cursor.i++;
  while (cursor.i < script.length) {
    const c = script[cursor.i];
    if (c === '"') {
      cursor.i++;
      return;
    }
    if (c === "\\") {
      const next = script[cursor.i + 1];
      if (next === "\n") cursor.i += 2;
      else if (next !== undefined && '$`"\\'.includes(next)) {
        pushText(parts, next, true);
        cursor.i += 2;
      } else {
        pushText(parts, "\\", true);
        cursor.i++;
      }
    } else if (c === "$") parts.push(readDollar(script, cursor, true));
    else if (c === "`") parts.push(readBackquote(script, cursor, true));
    else {
      pushText(parts, c ?? "", true);
      cursor.i++;
    }
  }
}

function pushText(parts: WordPart[], text: string, quoted: boolean): void {
  const last = parts[parts.length - 1];
  if (last && last.kind === "text" && last.quoted === quoted) last.text += text;
  else parts.push({ kind: "text", text, quoted });
}

const isBlank = (c: string | undefined) => c === " " || c === "\t" || c === "\r";
const startsOperator = (c: string | undefined) => c !== undefined && "&|;()<>".includes(c);

/** Splits a shell script into words, operators and redirections. */
export function tokenizeShell(script: string): ShellToken[] {
  const tokens: ShellToken[] = [];
  const pendingHeredocs: { delimiter: string; stripTabs: boolean; token: Extract<ShellToken, { type: "redirect" }> }[] = [];
  let awaitingDelimiter: { stripTabs: boolean; token: Extract<ShellToken, { type: "redirect" }> } | null = null;
  const cursor: Cursor = { i: 0 };
  let parts: WordPart[] = [];
  let wordStart = -1;

  const endWord = () => {
    if (wordStart < 0) return;
    const word: ShellWord = { raw: script.slice(wordStart, cursor.i), parts, start: wordStart, end: cursor.i };
    tokens.push({ type: "word", word });
    if (awaitingDelimiter) {
      const delimiter = parts.map((p) => (p.kind === "text" ? p.text : p.raw)).join("");
      pendingHeredocs.push({ delimiter, stripTabs: awaitingDelimiter.stripTabs, token: awaitingDelimiter.token });
      awaitingDelimiter = null;
    }
    parts = [];
    wordStart = -1;
  };
  const beginWord = () => {
    if (wordStart < 0) wordStart = cursor.i;
  };
  const readHeredocBodies = () => {
    for (const pending of pendingHeredocs.splice(0)) {
      const lines: string[] = [];
      while (cursor.i < script.length) {
        const newline = script.indexOf("\n", cursor.i);
        const lineEnd = newline < 0 ? script.length : newline;
        let line = script.slice(cursor.i, lineEnd);
        cursor.i = newline < 0 ? script.length : newline + 1;
        if (pending.stripTabs) line = line.replace(/^\t+/, "");
        if (line === pending.delimiter) break;
        lines.push(line);
      }
      pending.token.heredoc = lines.join("\n");
    }
  };

  while (cursor.i < script.length) {
    const c = script[cursor.i];
    if (c === "\\") {
      if (script[cursor.i + 1] === "\n") {
        cursor.i += 2;
        continue;
      }
      beginWord();
      pushText(parts, script[cursor.i + 1] ?? "", true);
      cursor.i += 2;
    } else if (isBlank(c)) {
      endWord();
      cursor.i++;
    } else if (c === "\n") {
      endWord();
      tokens.push({ type: "operator", operator: "\n", start: cursor.i });
      cursor.i++;
      readHeredocBodies();
    } else if (c === "#" && wordStart < 0) {
      const newline = script.indexOf("\n", cursor.i);
      cursor.i = newline < 0 ? script.length : newline;
    } else if (c === "'") {
      beginWord();
      const close = skipUntil(script, cursor.i + 1, "'");
      pushText(parts, script.slice(cursor.i + 1, close), true);
      cursor.i = close + 1;
    } else if (c === '"') {
      beginWord();
      readDoubleQuoted(script, cursor, parts);
    } else if (c === "$") {
      beginWord();
      parts.push(readDollar(script, cursor, false));
    } else if (c === "`") {
      beginWord();
      parts.push(readBackquote(script, cursor, false));
    } else if (startsOperator(c)) {
      const rest = script.slice(cursor.i, cursor.i + 3);
      const redirect = REDIRECTS.find((r) => rest.startsWith(r));
      const isFdPrefix = wordStart >= 0 && /^[0-9]+$/.test(script.slice(wordStart, cursor.i)) && (c === "<" || c === ">");
      if (redirect) {
        const start = isFdPrefix ? wordStart : cursor.i;
        if (isFdPrefix) {
          parts = [];
          wordStart = -1;
        } else endWord();
        const token: Extract<ShellToken, { type: "redirect" }> = { type: "redirect", operator: script.slice(start, cursor.i) + redirect, start };
        tokens.push(token);
        cursor.i += redirect.length;
        if (redirect === "<<" || redirect === "<<-") awaitingDelimiter = { stripTabs: redirect === "<<-", token };
        continue;
      }
      endWord();
      const operator = OPERATORS.find((op) => rest.startsWith(op)) ?? ";";
      tokens.push({ type: "operator", operator, start: cursor.i });
      cursor.i += operator.length;
    } else {
      beginWord();
      pushText(parts, c ?? "", false);
      cursor.i++;
    }
  }
  endWord();
  return tokens;
}
