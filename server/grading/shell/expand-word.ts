/**
 * Best-effort expansion of shell words with the variables we know (the Dockerfile's ARG and ENV
 * values, assignments earlier in the script). What cannot be known statically — command
 * substitutions, unknown variables, pattern operators — makes the result unresolved.
 */
import type { ShellWord, WordPart } from "./shell-syntax";
import { tokenizeShell } from "./tokenize-shell";

export type VariableScope = ReadonlyMap<string, string>;

export interface WordExpansion {
  /** The fields the word expands to (unquoted expansions are split on whitespace). */
  fields: string[];
  /** False when part of the word could not be expanded; the fields then hold the raw text there. */
  resolved: boolean;
}

/** Expands an operand such as the `default` of `${X:-default}`. */
function expandOperand(operand: string, scope: VariableScope): { value: string; resolved: boolean } {
  const words = tokenizeShell(operand).flatMap((t) => (t.type === "word" ? [t.word] : []));
  const expanded = words.map((w) => expandWordToString(w, scope));
  return { value: expanded.map((e) => e.value).join(" "), resolved: expanded.every((e) => e.resolved) };
}

/** The value of one part, or null when it cannot be known. */
function expandPart(part: WordPart, scope: VariableScope): string | null {
  if (part.kind === "text") return part.text;
  if (part.kind === "command") return null;
  const value = scope.get(part.name);
  const isSet = value !== undefined;
  const isNonEmpty = isSet && value !== "";
  switch (part.operator) {
    case undefined:
      return value ?? null;
    case ":-":
    case ":=":
      return isNonEmpty ? value : resolvedOrNull(expandOperand(part.operand ?? "", scope));
    case "-":
    case "=":
      return isSet ? value : resolvedOrNull(expandOperand(part.operand ?? "", scope));
    case ":+":
      return isNonEmpty ? resolvedOrNull(expandOperand(part.operand ?? "", scope)) : isSet ? "" : null;
    case "+":
      return isSet ? resolvedOrNull(expandOperand(part.operand ?? "", scope)) : null;
    case ":?":
    case "?":
      return value ?? null;
    case "length":
      return isSet ? String(value.length) : null;
    default:
      return null;
  }
}

const resolvedOrNull = (e: { value: string; resolved: boolean }) => (e.resolved ? e.value : null);

export function expandWord(word: ShellWord, scope: VariableScope): WordExpansion {
  const fields: string[] = [];
  let current = "";
  let hasCurrent = false;
  let resolved = true;
  for (const part of word.parts) {
    const value = expandPart(part, scope);
    if (value === null) {
      resolved = false;
      current += part.kind === "text" ? part.text : part.raw;
      hasCurrent = true;
      continue;
    }
    if (part.kind === "text" || part.quoted) {
      current += value;
      hasCurrent = true;
      continue;
    }
    // An unquoted expansion is split into fields on whitespace.
    const pieces = value.split(/[ \t\n]+/);
    pieces.forEach((piece, index) => {
      if (index > 0) {
        if (hasCurrent && current !== "") fields.push(current);
        current = "";
        hasCurrent = false;
      }
      if (piece !== "") {
        current += piece;
        hasCurrent = true;
      }
    });
  }
  if (hasCurrent) fields.push(current);
  const hasQuotedPart = word.parts.some((p) => p.quoted);
  if (fields.length === 0 && hasQuotedPart) fields.push("");
  return { fields, resolved };
}

/** Expands a word to one string (no field splitting), as in an assignment's value. */
export function expandWordToString(word: ShellWord, scope: VariableScope): { value: string; resolved: boolean } {
  let value = "";
  let resolved = true;
  for (const part of word.parts) {
    const expanded = expandPart(part, scope);
    if (expanded === null) resolved = false;
    value += expanded ?? (part.kind === "text" ? part.text : part.raw);
  }
  return { value, resolved };
}
