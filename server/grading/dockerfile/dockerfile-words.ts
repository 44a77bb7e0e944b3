/**
 * Dockerfile word handling, as BuildKit's lexer does it for FROM, ENV, ARG, LABEL…: splitting on
 * whitespace outside quotes, then quote removal and `$VAR` / `${VAR}` / `${VAR:-default}` /
 * `${VAR:+alt}` substitution. The escape character is `\` or the one `# escape=` chose.
 */

export interface ProcessedWord {
  value: string;
  /** Variables used without a known value (substituted by the empty string, as Docker does). */
  unresolved: string[];
}

/** Splits on whitespace outside quotes; words keep their quotes and escapes. */
export function splitDockerfileWords(text: string, escapeChar: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === escapeChar && quote !== "'" && i + 1 < text.length) {
      word += c + text[i + 1];
      inWord = true;
      i++;
      continue;
    }
    if (quote) {
      if (c === quote) quote = null;
      word += c;
      continue;
    }
    if (c === " " || c === "\t") {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    word += c;
    inWord = true;
  }
  if (inWord) words.push(word);
  return words;
}

function substituteBrace(inner: string, scope: ReadonlyMap<string, string>, escapeChar: string, unresolved: string[]): string {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+?])(.*))?$/s.exec(inner);
  if (!match) {
    unresolved.push(inner);
    return "";
  }
  const [, name = "", operator, operand = ""] = match;
  const value = scope.get(name);
  const isSet = value !== undefined;
  const isNonEmpty = isSet && value !== "";
  const word = () => processDockerfileWord(operand, scope, escapeChar);
  const useWord = () => {
    const processed = word();
    unresolved.push(...processed.unresolved);
    return processed.value;
  };
  switch (operator) {
    case undefined:
      if (!isSet) unresolved.push(name);
      return value ?? "";
    case ":-":
      return isNonEmpty ? value : useWord();
    case "-":
      return isSet ? value : useWord();
    case ":+":
      return isNonEmpty ? useWord() : "";
    case "+":
      return isSet ? useWord() : "";
    default:
      if (!isSet) unresolved.push(name);
      return value ?? "";
  }
}

/** Index of the `}` closing a `${` whose inside starts at `from` (nested `${…}` allowed). */
function closingBrace(word: string, from: number): number {
  let depth = 1;
  for (let i = from; i < word.length; i++) {
    if (word[i] === "$" && word[i + 1] === "{") {
      depth++;
      i++;
    } else if (word[i] === "}" && --depth === 0) return i;
  }
  return word.length;
}

/** Removes quotes and escapes and substitutes variables, like BuildKit's ProcessWord. */
export function processDockerfileWord(word: string, scope: ReadonlyMap<string, string>, escapeChar: string): ProcessedWord {
  let value = "";
  const unresolved: string[] = [];
  let quote: string | null = null;
  for (let i = 0; i < word.length; i++) {
    const c = word[i]!;
    if (quote === "'") {
      if (c === "'") quote = null;
      else value += c;
      continue;
    }
    if (c === escapeChar) {
      const next = word[i + 1];
      if (next === undefined) continue;
      if (quote === '"' && next !== '"' && next !== "$" && next !== escapeChar) {
        value += c;
        continue;
      }
      value += next;
      i++;
      continue;
    }
    if (c === '"') {
      quote = quote ? null : '"';
      continue;
    }
    if (c === "'" && !quote) {
      quote = "'";
      continue;
    }
    if (c === "$") {
      if (word[i + 1] === "{") {
        const end = closingBrace(word, i + 2);
        value += substituteBrace(word.slice(i + 2, end), scope, escapeChar, unresolved);
        i = end;
        continue;
      }
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(word.slice(i + 1))?.[0];
      if (name) {
        const known = scope.get(name);
        if (known === undefined) unresolved.push(name);
        value += known ?? "";
        i += name.length;
        continue;
      }
    }
    value += c;
  }
  return { value, unresolved };
}
