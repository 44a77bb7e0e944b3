/**
 * Turns a shell script into the programs it runs, with expanded arguments: wrappers such as
 * `sudo`, `env`, `nohup`, `timeout`, `busybox` are looked through, `sh -c '…'` scripts are read
 * recursively, as are command substitutions (`$(…)`, backquotes), and plain assignments
 * (`PKGS="a b"`) feed later expansions; an assignment whose value we cannot know makes the
 * variable unknown, not empty.
 */
import { expandWord, expandWordToString, type VariableScope } from "./expand-word";
import type { ShellWord } from "./shell-syntax";
import { parseShellCommands, type Redirect, type SimpleCommand } from "./split-commands";

export interface ResolvedArg {
  value: string;
  /** False when the value holds an expansion we could not know (it then shows the raw text). */
  resolved: boolean;
  /** Offset of the word in the outermost script (for `sh -c` scripts: the offset of that `sh`). */
  offset: number;
  /** Written out in the script: the word has no expansion (`curl`, `'a b'`), unlike `$PKGS`. */
  literal?: boolean;
  /** Index of the word it comes from in its command: the fields of one `$PKGS` share it. */
  word?: number;
}

export interface ResolvedCommand {
  /** Program name without its directory (`/usr/bin/apt-get` → `apt-get`); "" when unknown. */
  name: string;
  args: ResolvedArg[];
  /** Variables set for this command only (`DEBIAN_FRONTEND=noninteractive apt-get …`, `env X=1 …`). */
  env: Record<string, string>;
  redirects: Redirect[];
  /** Offset of the command in the outermost script (for `sh -c` scripts: the offset of that `sh`). */
  offset: number;
  /** Reads its standard input from a pipe. */
  pipeInput: boolean;
  /** Writes its standard output into a pipe. */
  pipeOutput: boolean;
  /** Its arguments come partly from standard input (`xargs`). */
  moreArgsFromInput: boolean;
  /** It runs inside a command substitution (`$(…)` or backquotes) of another command. */
  substituted?: boolean;
}

interface Wrapper {
  /** Options that take a value (short letters or long names). */
  valueOptions: string[];
  /** Positional arguments before the wrapped command (e.g. the duration of `timeout`). */
  positionals?: number;
  /** Options after which the wrapper does not run a command (`command -v x`). */
  queryOptions?: string[];
}

const WRAPPERS: Record<string, Wrapper> = {
  sudo: { valueOptions: ["u", "g", "C", "D", "h", "p", "r", "t", "U", "T", "user", "group", "chdir", "host", "prompt", "role", "type", "other-user", "command-timeout", "close-from"] },
  doas: { valueOptions: ["u", "C"] },
  env: { valueOptions: ["u", "C", "S", "unset", "chdir", "split-string"] },
  nohup: { valueOptions: [] },
  exec: { valueOptions: ["a"] },
  command: { valueOptions: [], queryOptions: ["v", "V"] },
  builtin: { valueOptions: [] },
  time: { valueOptions: ["f", "o", "format", "output"] },
  nice: { valueOptions: ["n", "adjustment"] },
  ionice: { valueOptions: ["c", "n", "class", "classdata"] },
  timeout: { valueOptions: ["s", "k", "signal", "kill-after"], positionals: 1 },
  stdbuf: { valueOptions: ["i", "o", "e", "input", "output", "error"] },
  xargs: { valueOptions: ["n", "L", "P", "I", "d", "E", "s", "a", "max-args", "max-lines", "max-procs", "replace", "delimiter", "eof", "max-chars", "arg-file"] },
  busybox: { valueOptions: [] },
  eatmydata: { valueOptions: [] },
  fakeroot: { valueOptions: [] },
  chronic: { valueOptions: [] },
  gosu: { valueOptions: [], positionals: 1 },
  "su-exec": { valueOptions: [], positionals: 1 },
  runuser: { valueOptions: ["u", "g", "G", "user", "group"] },
  setpriv: { valueOptions: ["reuid", "regid", "groups"] },
};

const SHELLS = new Set(["sh", "bash", "dash", "ash", "zsh", "ksh"]);

export const programName = (value: string) => value.slice(value.lastIndexOf("/") + 1);

/** Skips a wrapper's options; returns the index of the wrapped command, or -1 when there is none. */
function skipWrapperOptions(name: string, wrapper: Wrapper, args: ResolvedArg[], env: Record<string, string>): number {
  let i = 0;
  while (i < args.length) {
    const value = args[i]!.value;
    if (value === "--") return i + 1;
    if ((name === "env" || name === "sudo" || name === "doas") && /^[A-Za-z_][A-Za-z0-9_]*=/.test(value)) {
      const eq = value.indexOf("=");
      env[value.slice(0, eq)] = value.slice(eq + 1);
      i++;
      continue;
    }
    if (!value.startsWith("-") || value === "-") break;
    const option = value.replace(/^--?/, "");
    if (wrapper.queryOptions?.some((q) => option.startsWith(q))) return -1;
    const isLong = value.startsWith("--");
    const optionName = isLong ? option.split("=")[0]! : option[0]!;
    const hasInlineValue = isLong ? option.includes("=") : option.length > 1;
    i += wrapper.valueOptions.includes(optionName) && !hasInlineValue ? 2 : 1;
  }
  return i + (wrapper.positionals ?? 0);
}

/** The script of `sh -c 'script'` / `bash -ec "script"`, or null when this is not such a call. */
function inlineShellScript(name: string, args: ResolvedArg[]): ResolvedArg | null {
  if (!SHELLS.has(name) && name !== "su") return null;
  for (let i = 0; i < args.length; i++) {
    const value = args[i]!.value;
    const isCommandOption = name === "su" ? value === "-c" || value === "--command" : /^-[a-zA-Z]*c[a-zA-Z]*$/.test(value);
    if (isCommandOption) return args[i + 1] ?? null;
    if (!value.startsWith("-") && !value.startsWith("+")) return null;
    if (value === "-o" || value === "+o") i++;
  }
  return null;
}

interface ResolveState {
  scope: Map<string, string>;
  out: ResolvedCommand[];
  depth: number;
  /** Inside a command substitution. */
  substituted: boolean;
}

/** The scripts of the command substitutions (`$(…)`, backquotes) in a word; `$((…))` is arithmetic. */
function substitutionScripts(word: ShellWord): string[] {
  return word.parts.flatMap((part) => (part.kind === "command" && !part.raw.startsWith("$((") ? [part.script] : []));
}

/** Runs the command substitutions of a command's words (they run before the command itself). */
function resolveSubstitutions(command: SimpleCommand, state: ResolveState, offset: number | null): void {
  if (state.depth >= 4) return;
  const words = [...command.assignments.map((a) => a.value), ...command.words, ...command.redirects.flatMap((r) => (r.target ? [r.target] : []))];
  for (const word of words) {
    for (const script of substitutionScripts(word)) {
      resolveScriptInto(script, { scope: new Map(state.scope), out: state.out, depth: state.depth + 1, substituted: true }, offset ?? word.start);
    }
  }
}

/** Sets a shell variable, or forgets it when its value cannot be known (`X=$(cat f)`, `X=$UNSET`). */
function assign(scope: Map<string, string>, name: string, expanded: { value: string; resolved: boolean }): void {
  if (expanded.resolved) scope.set(name, expanded.value);
  else scope.delete(name);
}

function resolveOne(command: SimpleCommand, state: ResolveState, offset: number | null): void {
  resolveSubstitutions(command, state, offset);
  const env: Record<string, string> = {};
  const unknownEnv = new Set<string>();
  for (const assignment of command.assignments) {
    const expanded = expandWordToString(assignment.value, state.scope);
    env[assignment.name] = expanded.value;
    if (!expanded.resolved) unknownEnv.add(assignment.name);
  }
  const args: ResolvedArg[] = command.words.flatMap((word, index) => {
    const expansion = expandWord(word, state.scope);
    const literal = word.parts.every((part) => part.kind === "text");
    return expansion.fields.map((value) => ({ value, resolved: expansion.resolved, offset: offset ?? word.start, literal, word: index }));
  });
  const at = offset ?? command.start;
  if (args.length === 0) {
    // `A=1 B=2` alone sets shell variables for the rest of the script.
    for (const [name, value] of Object.entries(env)) assign(state.scope, name, { value, resolved: !unknownEnv.has(name) });
    return;
  }
  let moreArgsFromInput = false;
  let name = programName(args[0]!.value);
  let rest = args.slice(1);
  for (let guard = 0; guard < 8; guard++) {
    const wrapper = WRAPPERS[name];
    if (!wrapper) break;
    if (name === "xargs") moreArgsFromInput = true;
    const index = skipWrapperOptions(name, wrapper, rest, env);
    if (index < 0 || index >= rest.length) break;
    name = programName(rest[index]!.value);
    rest = rest.slice(index + 1);
  }
  if (name === "export" || name === "readonly" || name === "declare" || name === "typeset" || name === "local") {
    for (const word of command.words.slice(1)) {
      const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(word.raw);
      if (!assignment) continue;
      const expanded = expandWordToString(word, state.scope);
      assign(state.scope, assignment[1]!, { value: expanded.value.slice(assignment[0].length), resolved: expanded.resolved });
    }
  }
  if (name === "unset") for (const arg of rest) state.scope.delete(arg.value);

  state.out.push({
    name,
    args: rest,
    env,
    redirects: command.redirects,
    offset: at,
    pipeInput: command.after === "|" || command.after === "|&",
    pipeOutput: command.before === "|" || command.before === "|&",
    moreArgsFromInput,
    ...(state.substituted ? { substituted: true } : {}),
  });

  const script = inlineShellScript(name, rest);
  if (script && script.resolved && state.depth < 4) {
    const innerScope = new Map([...state.scope, ...Object.entries(env)]);
    for (const name of unknownEnv) innerScope.delete(name);
    resolveScriptInto(script.value, { scope: innerScope, out: state.out, depth: state.depth + 1, substituted: state.substituted }, at);
  }
}

function resolveScriptInto(script: string, state: ResolveState, offset: number | null): void {
  for (const command of parseShellCommands(script)) resolveOne(command, state, offset);
}

/** The programs a shell script runs, in order, with the variables of `scope` expanded. */
export function resolveCommands(script: string, scope: VariableScope = new Map()): ResolvedCommand[] {
  const state: ResolveState = { scope: new Map(scope), out: [], depth: 0, substituted: false };
  resolveScriptInto(script, state, null);
  return state.out;
}

/** The same for an exec-form argument list (`RUN ["apt-get", "install", "-y", "x"]`). */
export function resolveArgv(argv: string[], scope: VariableScope = new Map(), offset = 0): ResolvedCommand[] {
  if (argv.length === 0) return [];
  // Single quotes keep every argument literal, as in exec form; an inner `sh -c` script still expands.
  const quoted = argv.map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`).join(" ");
  return resolveCommands(quoted, scope).map((command) => ({ ...command, offset, args: command.args.map((a) => ({ ...a, offset })) }));
}
