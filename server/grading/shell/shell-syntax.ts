/**
 * The data the shell tokenizer produces: words made of literal and expansion parts, operators
 * and redirections. Offsets are indexes into the script that was tokenized.
 */

/** A piece of a word: literal text, a parameter expansion ($X, ${X:-d}) or a command substitution. */
export type WordPart =
  | { kind: "text"; text: string; quoted: boolean }
  | { kind: "param"; name: string; operator?: string; operand?: string; quoted: boolean; raw: string }
  | { kind: "command"; script: string; quoted: boolean; raw: string };

export interface ShellWord {
  /** The word as written, quotes included. */
  raw: string;
  parts: WordPart[];
  start: number;
  end: number;
}

export type ShellOperator = "&&" | "||" | ";" | ";;" | "|" | "|&" | "&" | "\n" | "(" | ")";

export type ShellToken =
  | { type: "word"; word: ShellWord }
  | { type: "operator"; operator: ShellOperator; start: number }
  /** `>`, `2>>`, `<<`, `&>`…; the next word token is its target. `heredoc` holds a here-document's body. */
  | { type: "redirect"; operator: string; start: number; heredoc?: string };

/** The literal value of a word without expansions, or null when it has any. */
export function literalValue(word: ShellWord): string | null {
  let value = "";
  for (const part of word.parts) {
    if (part.kind !== "text") return null;
    value += part.text;
  }
  return value;
}
