/**
 * Groups shell tokens into simple commands: what runs between `&&`, `||`, `;`, `|`, `&`,
 * newlines, subshell parentheses and `{ … }` groups. Leading `NAME=value` words are the
 * command's environment; reserved words (`if`, `then`, `do`…) are dropped so the commands
 * inside control structures still show up.
 */
import type { ShellOperator, ShellToken, ShellWord } from "./shell-syntax";
import { tokenizeShell } from "./tokenize-shell";

export interface Redirect {
  operator: string;
  target?: ShellWord;
  heredoc?: string;
}

export interface Assignment {
  name: string;
  /** The value part of the word (after `=`). */
  value: ShellWord;
}

export interface SimpleCommand {
  assignments: Assignment[];
  words: ShellWord[];
  redirects: Redirect[];
  start: number;
  end: number;
  /** The operator between the previous command and this one. */
  after?: ShellOperator;
  /** The operator that ends this command. */
  before?: ShellOperator;
}

const SKIPPED_RESERVED_WORDS = new Set(["if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "{", "}", "esac"]);

/** Splits `NAME=value` into its name and a word holding the value, or null when it is not one. */
export function splitAssignment(word: ShellWord): Assignment | null {
  const first = word.parts[0];
  if (!first || first.kind !== "text" || first.quoted) return null;
  const match = /^([A-Za-z_][A-Za-z0-9_]*)(\+?)=/.exec(first.text);
  if (!match) return null;
  const rest = first.text.slice(match[0].length);
  const parts = [...(rest ? [{ ...first, text: rest }] : []), ...word.parts.slice(1)];
  const valueStart = word.start + match[0].length;
  return { name: match[1]!, value: { raw: word.raw.slice(match[0].length), parts, start: valueStart, end: word.end } };
}

const isReservedWord = (word: ShellWord) => {
  const first = word.parts[0];
  return word.parts.length === 1 && first?.kind === "text" && !first.quoted && SKIPPED_RESERVED_WORDS.has(first.text);
};

export function splitSimpleCommands(tokens: ShellToken[]): SimpleCommand[] {
  const commands: SimpleCommand[] = [];
  const state: { current: SimpleCommand | null; previousOperator?: ShellOperator; pendingRedirect: Redirect | null } = {
    current: null,
    pendingRedirect: null,
  };

  const open = (start: number): SimpleCommand => {
    state.current ??= { assignments: [], words: [], redirects: [], start, end: start, after: state.previousOperator };
    return state.current;
  };
  const close = (operator: ShellOperator) => {
    const command = state.current;
    const hadCommand = command !== null && command.words.length + command.assignments.length + command.redirects.length > 0;
    if (command && hadCommand) {
      command.before = operator;
      commands.push(command);
    }
    state.current = null;
    state.pendingRedirect = null;
    // A newline right after `&&`, `||` or `|` continues the list: keep that operator.
    const continuesList = operator === "\n" && !hadCommand && ["&&", "||", "|"].includes(state.previousOperator ?? "");
    if (!continuesList) state.previousOperator = operator;
  };

  for (const token of tokens) {
    if (token.type === "operator") {
      close(token.operator);
      continue;
    }
    if (token.type === "redirect") {
      const command = open(token.start);
      const redirect: Redirect = { operator: token.operator, heredoc: token.heredoc };
      command.redirects.push(redirect);
      command.end = token.start + token.operator.length;
      state.pendingRedirect = redirect;
      continue;
    }
    const word = token.word;
    if (state.pendingRedirect) {
      state.pendingRedirect.target = word;
      state.pendingRedirect = null;
      if (state.current) state.current.end = word.end;
      continue;
    }
    const isCommandStart = !state.current || state.current.words.length + state.current.assignments.length === 0;
    if (isCommandStart && isReservedWord(word)) continue;
    const command = open(word.start);
    command.end = word.end;
    const assignment = command.words.length === 0 ? splitAssignment(word) : null;
    if (assignment) command.assignments.push(assignment);
    else command.words.push(word);
  }
  close("\n");
  return commands;
}

/** Tokenizes a script and splits it into simple commands. */
export function parseShellCommands(script: string): SimpleCommand[] {
  return splitSimpleCommands(tokenizeShell(script));
}
