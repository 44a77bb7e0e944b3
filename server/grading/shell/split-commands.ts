/**
 * Groups shell tokens into simple commands: what runs between `&&`, `||`, `;`, `|`, `&`,
 * newlines, subshell parentheses and `{ … }` groups. Leading `NAME=value` words are the
 * command's environment; the words of compound commands (`if`, `for i in …`, `case x in`,
 * patterns, `f() {`) are dropped so the commands inside control structures still show up, each
 * with the compound commands around it.
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
  /**
   * The compound commands around this one, outermost first: "if", "loop" (while, until, for,
   * select), "case", "{" and "(" groups, and "NAME()" for the body of function NAME.
   */
  context: string[];
}

/** Reserved words that open or continue a compound command: the commands inside it still count. */
const SKIPPED_RESERVED_WORDS = new Set(["then", "else", "elif", "do", "!"]);

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

/** The word as plain unquoted text (a reserved word or a function name), or null. */
const bareWord = (word: ShellWord): string | null => {
  const first = word.parts[0];
  return word.parts.length === 1 && first?.kind === "text" && !first.quoted ? first.text : null;
};

/** A compound command being read: what closes it, and for a function body, the function. */
interface Frame {
  label: string;
  closer: "}" | ")" | "fi" | "done" | "esac";
  /** case: reading patterns (up to `)`) or the commands of one branch (up to `;;`). */
  casePart?: "word" | "pattern" | "commands";
}

const OPENERS: Record<string, Frame> = {
  if: { label: "if", closer: "fi" },
  while: { label: "loop", closer: "done" },
  until: { label: "loop", closer: "done" },
  for: { label: "loop", closer: "done" },
  select: { label: "loop", closer: "done" },
  case: { label: "case", closer: "esac", casePart: "word" },
  "{": { label: "{", closer: "}" },
};

/**
 * Groups tokens into simple commands. The words of compound commands are not commands: `if`,
 * `then`, `fi`, a `for NAME in …` or `case WORD in` head, case patterns, `{ }`, and function
 * definitions (`f() {`, `function f {`); the commands inside them are, with their context.
 */
export function splitSimpleCommands(tokens: ShellToken[]): SimpleCommand[] {
  const commands: SimpleCommand[] = [];
  const frames: Frame[] = [];
  const state: {
    current: SimpleCommand | null;
    previousOperator?: ShellOperator;
    pendingRedirect: Redirect | null;
    /** Inside a `for`/`select` head: skipped up to its `do`. */
    loopHead: boolean;
    /** A function was just defined: its body is the next `{ }` or `( )`. */
    pendingFunction: string | null;
  } = { current: null, pendingRedirect: null, loopHead: false, pendingFunction: null };

  const open = (start: number): SimpleCommand => {
    state.current ??= { assignments: [], words: [], redirects: [], start, end: start, after: state.previousOperator, context: frames.map((f) => f.label) };
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
  const push = (frame: Frame) => {
    const label = state.pendingFunction !== null && (frame.closer === "}" || frame.closer === ")") ? `${state.pendingFunction}()` : frame.label;
    state.pendingFunction = null;
    frames.push({ ...frame, label });
  };
  const pop = (closer: Frame["closer"]) => {
    const index = frames.map((f) => f.closer).lastIndexOf(closer);
    if (index >= 0) frames.length = index;
  };
  const atCommandStart = () => !state.current || state.current.words.length + state.current.assignments.length === 0;
  const inCase = () => frames.at(-1)?.casePart;

  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t]!;
    const casePart = inCase();
    // `case WORD in`: the word and `in` are not commands.
    if (casePart === "word") {
      if (token.type === "word" && bareWord(token.word) === "in") frames.at(-1)!.casePart = "pattern";
      continue;
    }
    // A pattern list (`a|b)`, `(c)`), or the `esac` that ends the case.
    if (casePart === "pattern") {
      if (token.type === "word" && bareWord(token.word) === "esac") {
        pop("esac");
        state.previousOperator = undefined;
      } else if (token.type === "operator" && token.operator === ")") {
        frames.at(-1)!.casePart = "commands";
        state.previousOperator = undefined;
      }
      continue;
    }
    if (state.loopHead) {
      // `for NAME [in WORDS]` up to the `do` (or bash's `{`) that follows a `;` or a newline.
      const previous = tokens[t - 1];
      const word = token.type === "word" ? bareWord(token.word) : null;
      if ((word === "do" || word === "{") && previous?.type === "operator" && (previous.operator === ";" || previous.operator === "\n")) {
        state.loopHead = false;
        state.previousOperator = undefined;
        if (word === "{") {
          // The braces replace do … done: the loop ends with them.
          frames.at(-1)!.closer = "}";
        }
      }
      continue;
    }
    if (token.type === "operator") {
      const next = tokens[t + 1];
      // `(( i++ ))`: an arithmetic command, no program runs.
      if (token.operator === "(" && !state.current && next?.type === "operator" && next.operator === "(" && next.start === token.start + 1) {
        let k = t + 2;
        for (; k < tokens.length; k++) {
          const closing = tokens[k]!;
          const following = tokens[k + 1];
          if (closing.type === "operator" && closing.operator === ")" && following?.type === "operator" && following.operator === ")" && following.start === closing.start + 1) break;
        }
        t = k + 1;
        continue;
      }
      // `name ( )`: a function definition, not a command.
      if (token.operator === "(" && next?.type === "operator" && next.operator === ")") {
        const command = state.current;
        const name = command && command.words.length === 1 && command.assignments.length === 0 && command.redirects.length === 0 ? bareWord(command.words[0]!) : null;
        if (name !== null) {
          state.current = null;
          state.pendingFunction = name;
          t++;
          continue;
        }
      }
      close(token.operator);
      if (token.operator === ";;" && casePart === "commands") frames.at(-1)!.casePart = "pattern";
      else if (token.operator === "(") push({ label: "(", closer: ")" });
      else if (token.operator === ")") pop(")");
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
    const bare = bareWord(word);
    if (atCommandStart() && bare !== null) {
      if (bare === "function") {
        // `function NAME [()] { … }`
        const name = tokens[t + 1]?.type === "word" ? bareWord((tokens[t + 1] as { word: ShellWord }).word) : null;
        if (name !== null) {
          state.pendingFunction = name;
          t++;
          const paren = tokens[t + 1];
          if (paren?.type === "operator" && paren.operator === "(" && tokens[t + 2]?.type === "operator") t += 2;
          continue;
        }
      }
      const opener = OPENERS[bare];
      if (opener && !state.current) {
        push(opener);
        if (bare === "for" || bare === "select") state.loopHead = true;
        continue;
      }
      if (bare === "}" || bare === "fi" || bare === "done" || bare === "esac") {
        if (!state.current) {
          pop(bare);
          continue;
        }
      }
      if (SKIPPED_RESERVED_WORDS.has(bare)) continue;
    }
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
