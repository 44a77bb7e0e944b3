/**
 * Which words of an instruction open a here-document, exactly as BuildKit decides it
 * (frontend/dockerfile/parser/parser.go, `heredocsFromLine` and `ParseHeredoc`):
 *
 * 1. The whole logical line is split into words by BuildKit's shell lexer (shell/lex.go) with raw
 *    quotes and raw escapes, `\` as escape character whatever `# escape=` says, and variables
 *    left as written. That lexer glues `<<` and the blanks after it to the next characters, so
 *    `<< EOF` is one word, while `cat<<EOF` and `$((1<<2))` stay single words that start
 *    with something else. A line the lexer cannot read (an unterminated quote) opens none.
 * 2. A word opens a here-document only when it matches `^(\d*)<<(-?)\s*([^<]*)$` with a
 *    non-empty rest, and that rest is one shell word: its unquoted value is the delimiter, and
 *    any quote in it turns expansion off.
 *
 * Only RUN, COPY and ADD (also behind ONBUILD) in shell form can hold here-documents; the caller
 * decides that (`canHoldHeredocs`).
 */

export interface HeredocMarker {
  name: string;
  /** `<<-`: leading tabs are removed from the body and the terminator. */
  stripTabs: boolean;
  /** Some part of the word was quoted: no expansion in the body. */
  quoted: boolean;
  /** `3<<EOF`: the file descriptor it feeds (0 when none is written). */
  fileDescriptor: number;
}

export type HeredocMarkerResult = { markers: HeredocMarker[]; problem: null } | { markers: HeredocMarker[]; problem: string };

/** Go's unicode.IsSpace. */
const isSpace = (c: string) => c === "\u0085" || (c !== "\ufeff" && /^\s$/u.test(c));
/** BuildKit's isWhitespace, used after `<<`. */
const isBlank = (c: string | undefined) => c === " " || c === "\t" || c === "\r";
const isLetter = (c: string) => /^\p{L}$/u.test(c);
const isDigit = (c: string) => /^\p{Nd}$/u.test(c);
const SPECIAL_PARAMS = new Set(["@", "*", "#", "?", "-", "$", "!", "0"]);

class LexError extends Error {}

interface LexOptions {
  rawQuotes: boolean;
  rawEscapes: boolean;
}

/** BuildKit's word accumulator (wordsStruct). */
class Words {
  private buf = "";
  private inWord = false;
  readonly words: string[] = [];

  addChar(c: string): void {
    if (isSpace(c) && this.inWord) {
      if (this.buf.length !== 0) {
        this.words.push(this.buf);
        this.buf = "";
        this.inWord = false;
      }
    } else if (!isSpace(c)) this.addRawChar(c);
  }

  addRawChar(c: string): void {
    this.buf += c;
    this.inWord = true;
  }

  addString(text: string): void {
    for (const c of text) this.addChar(c);
  }

  addRawString(text: string): void {
    this.buf += text;
    this.inWord = true;
  }

  finish(): string[] {
    if (this.buf.length > 0) {
      this.words.push(this.buf);
      this.buf = "";
      this.inWord = false;
    }
    return this.words;
  }
}

/**
 * A port of the parts of BuildKit's shell lexer that the here-document detection uses, with an
 * empty environment and SkipUnsetEnv (every variable stays as written).
 */
class Lexer {
  private readonly chars: string[];
  private pos = 0;
  private rawEscapes: boolean;

  constructor(
    source: string,
    private readonly options: LexOptions,
  ) {
    this.chars = [...source];
    this.rawEscapes = options.rawEscapes;
  }

  private peek(): string | undefined {
    return this.chars[this.pos];
  }

  private next(): string | undefined {
    return this.chars[this.pos++];
  }

  words(): string[] {
    return this.processStopOn(undefined, this.rawEscapes).words;
  }

  private processStopOn(stop: string | undefined, rawEscapes: boolean): { result: string; words: string[] } {
    const saved = this.rawEscapes;
    this.rawEscapes = rawEscapes;
    try {
      let result = "";
      const words = new Words();
      for (let c = this.peek(); c !== undefined; c = this.peek()) {
        if (stop !== undefined && c === stop) {
          this.next();
          return { result, words: words.finish() };
        }
        if (c === "$" || c === "<" || c === "'" || c === '"') {
          const text = c === "$" ? this.processDollar() : c === "<" ? this.processPossibleHeredoc() : c === "'" ? this.processSingleQuote() : this.processDoubleQuote();
          result += text;
          if (c === "$") words.addString(text);
          else words.addRawString(text);
          continue;
        }
        let ch = this.next()!;
        if (ch === "\\") {
          if (this.rawEscapes) {
            words.addRawChar(ch);
            result += ch;
          }
          const escaped = this.next();
          if (escaped === undefined) break;
          ch = escaped;
          words.addRawChar(ch);
        } else words.addChar(ch);
        result += ch;
      }
      if (stop !== undefined) throw new LexError(`unexpected end of statement while looking for matching ${stop}`);
      return { result, words: words.finish() };
    } finally {
      this.rawEscapes = saved;
    }
  }

  private processSingleQuote(): string {
    let result = "";
    const open = this.next()!;
    if (this.options.rawQuotes) result += open;
    for (;;) {
      const c = this.next();
      if (c === undefined) throw new LexError("unexpected end of statement while looking for matching single-quote");
      if (c === "'") {
        if (this.options.rawQuotes) result += c;
        return result;
      }
      result += c;
    }
  }

  private processDoubleQuote(): string {
    let result = "";
    const open = this.next()!;
    if (this.options.rawQuotes) result += open;
    for (;;) {
      const c = this.peek();
      if (c === undefined) throw new LexError("unexpected end of statement while looking for matching double-quote");
      if (c === '"') {
        this.next();
        if (this.options.rawQuotes) result += c;
        return result;
      }
      if (c === "$") {
        result += this.processDollar();
        continue;
      }
      let ch = this.next()!;
      if (ch === "\\") {
        if (this.rawEscapes) result += ch;
        const following = this.peek();
        if (following === undefined) continue;
        if (following === '"' || following === "$" || following === "\\") ch = this.next()!;
      }
      result += ch;
    }
  }

  private processName(): string {
    let name = "";
    for (let c = this.peek(); c !== undefined; c = this.peek()) {
      if (name.length === 0 && isDigit(c)) {
        while (this.peek() !== undefined && isDigit(this.peek()!)) name += this.next();
        return name;
      }
      if (name.length === 0 && SPECIAL_PARAMS.has(c)) return this.next()!;
      if (!isLetter(c) && !isDigit(c) && c !== "_") break;
      name += this.next();
    }
    return name;
  }

  /** With no variable known and SkipUnsetEnv, every expansion comes back as written (after lexing its word). */
  private processDollar(): string {
    this.next();
    if (this.peek() !== "{") {
      const name = this.processName();
      return name === "" ? "$" : `$${name}`;
    }
    this.next();
    const first = this.peek();
    if (first === undefined) throw new LexError("syntax error: missing '}'");
    if (first === "{" || first === "}" || first === ":") throw new LexError("syntax error: bad substitution");
    const name = this.processName();
    let ch = this.next();
    let operator = ch ?? "";
    switch (ch) {
      case "}":
        return `\${${name}}`;
      case ":":
        ch = this.next();
        operator += ch ?? "";
        // With the variable unset, BuildKit returns before judging the modifier: only `:#` and `:%` fail.
        if (ch === "#" || ch === "%") throw new LexError(`unsupported modifier (${operator}) in substitution`);
        return `\${${name}${operator}${this.stopOnBrace(false)}}`;
      case "+":
      case "-":
      case "?":
      case "#":
      case "%":
        return `\${${name}${operator}${this.stopOnBrace(ch === "#" || ch === "%")}}`;
      case "/": {
        if (this.peek() === "/") this.next();
        const pattern = this.stopOn("/", true, "syntax error: missing '/' in ${}");
        const replacement = this.stopOn("}", true, "syntax error: missing '}'");
        return `\${${name}/${pattern}/${replacement}}`;
      }
      default:
        throw new LexError(`unsupported modifier (${operator}) in substitution`);
    }
  }

  private stopOnBrace(rawEscapes: boolean): string {
    return this.stopOn("}", rawEscapes, "syntax error: missing '}'");
  }

  private stopOn(stop: string, rawEscapes: boolean, atEnd: string): string {
    try {
      return this.processStopOn(stop, rawEscapes).result;
    } catch (error) {
      if (error instanceof LexError && this.peek() === undefined) throw new LexError(atEnd);
      throw error;
    }
  }

  private processPossibleHeredoc(): string {
    this.next();
    if (this.peek() !== "<") return "<";
    this.next();
    let space = "";
    while (isBlank(this.peek())) space += this.next();
    return `<<${space}`;
  }
}

/** BuildKit's ProcessWords; null where it returns an error. */
function lexWords(text: string, options: LexOptions): string[] | null {
  try {
    return new Lexer(text, options).words();
  } catch (error) {
    if (error instanceof LexError) return null;
    throw error;
  }
}

const HEREDOC_WORD = /^(\d*)<<(-?)[\t\n\f\r ]*([^<]*)$/;

/** BuildKit's ParseHeredoc on one word: the marker, null when the word opens none, or the reason BuildKit rejects it. */
export function parseHeredocWord(word: string): HeredocMarker | null | { problem: string } {
  const match = HEREDOC_WORD.exec(word);
  if (!match) return null;
  const rest = match[3]!;
  if (rest === "") return null;
  const words = lexWords(rest, { rawQuotes: false, rawEscapes: false });
  if (words === null) return { problem: `the here-document word ${word} has a quote that is never closed` };
  if (words.length !== 1) return null;
  const raw = lexWords(rest, { rawQuotes: true, rawEscapes: false });
  if (raw === null || raw.length !== words.length) return { problem: `the here-document word ${word} cannot be read` };
  const quotes = (w: string) => (w.match(/['"]/g) ?? []).length;
  return { name: words[0]!, stripTabs: match[2] === "-", quoted: quotes(words[0]!) !== quotes(raw[0]!), fileDescriptor: Number(match[1] || "0") };
}

/** The here-documents a logical line opens, in order (BuildKit's heredocsFromLine). */
export function findHeredocMarkers(line: string): HeredocMarkerResult {
  const words = lexWords(line, { rawQuotes: true, rawEscapes: true }) ?? [];
  const markers: HeredocMarker[] = [];
  for (const word of words) {
    const parsed = parseHeredocWord(word);
    if (parsed === null) continue;
    if ("problem" in parsed) return { markers, problem: parsed.problem };
    markers.push(parsed);
  }
  return { markers, problem: null };
}
