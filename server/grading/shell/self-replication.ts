/**
 * Finds a shell script that replicates itself without end — a fork bomb such as
 * `:(){ :|:& };:` — so that the grader can refuse it before it fills the process table of a
 * shared machine.
 *
 * A function replicates itself when, reached from the script, it starts itself again (directly
 * or through other functions) in a new process, unconditionally: the call is in a pipeline
 * (`f | f`) or in the background (`f &`), at the top level of its body (not inside an `if`, a
 * loop, a `case`, a group, nor after `&&` or `||`), and the body has no `return` or `exit` that
 * could end the recursion. Plain recursion (`f(){ f; }`, one process), recursion in a loop over
 * finite data (`walk(){ for d in $1/sub; do walk "$d" & done; }`), guarded recursion, and a
 * definition never called are not self-replicating. `sh -c '…'` scripts are read too.
 */
import { literalValue } from "./shell-syntax";
import { parseShellCommands, type SimpleCommand } from "./split-commands";

export interface SelfReplication {
  /** The function that starts copies of itself. */
  name: string;
  /** The functions of the cycle, from `name` back to it (just `[name]` for a function that calls itself). */
  cycle: string[];
  /** Offset in the script of the call that starts a new copy. */
  offset: number;
  /** "in a pipe", "in the background", or both. */
  how: string;
}

interface Call {
  to: string;
  /** The call runs in a new process: part of a pipeline, or of a list sent to the background. */
  how: string | null;
  offset: number;
}

const SHELLS = new Set(["sh", "bash", "dash", "ash", "zsh", "ksh", "busybox"]);
const LINKS = new Set(["|", "|&", "&&", "||"]);

/** The command's program as written, or null when it is not plain text. */
const programOf = (command: SimpleCommand) => (command.words[0] ? literalValue(command.words[0]) : null);

/** The and-or lists of a body's top-level commands: `a | b && c &` is one list of two pipelines. */
function andOrLists(commands: SimpleCommand[]): SimpleCommand[][] {
  const lists: SimpleCommand[][] = [];
  let previous: SimpleCommand | undefined;
  for (const command of commands) {
    const linked = previous !== undefined && LINKS.has(previous.before ?? "") && command.after === previous.before;
    if (linked) lists.at(-1)!.push(command);
    else lists.push([command]);
    previous = command;
  }
  return lists;
}

/** The calls of a function body's top level that run whatever happens, with whether each starts a new process. */
function unconditionalCalls(top: SimpleCommand[], functions: Set<string>): Call[] {
  const calls: Call[] = [];
  for (const list of andOrLists(top)) {
    const background = list.at(-1)!.before === "&";
    // The first pipeline of a list always runs; the ones after `&&` or `||` depend on it.
    const firstPipeline: SimpleCommand[] = [list[0]!];
    for (let k = 1; k < list.length && (list[k - 1]!.before === "|" || list[k - 1]!.before === "|&"); k++) firstPipeline.push(list[k]!);
    const piped = firstPipeline.length > 1;
    for (const command of firstPipeline) {
      const name = programOf(command);
      if (name === null || !functions.has(name)) continue;
      const how = piped && background ? "in a pipe and in the background" : piped ? "in a pipe" : background ? "in the background" : null;
      calls.push({ to: name, how, offset: command.start });
    }
  }
  return calls;
}

/** A path of unconditional calls from `from` to `to`, as the list of functions after `from`. */
function pathTo(from: string, to: string, graph: Map<string, Call[]>, seen = new Set<string>()): string[] | null {
  if (from === to) return [];
  if (seen.has(from)) return null;
  seen.add(from);
  for (const call of graph.get(from) ?? []) {
    const rest = pathTo(call.to, to, graph, seen);
    if (rest) return [call.to, ...rest];
  }
  return null;
}

function findInCommands(commands: SimpleCommand[]): SelfReplication | null {
  const labels = new Set(commands.flatMap((c) => c.context.filter((label) => label.endsWith("()"))));
  const functions = new Set([...labels].map((label) => label.slice(0, -2)));
  if (functions.size === 0) return null;
  const graph = new Map<string, Call[]>();
  for (const name of functions) {
    const label = `${name}()`;
    const body = commands.filter((c) => c.context.includes(label));
    // A `return` or `exit` anywhere in the body may end the recursion: not judged.
    if (body.some((c) => programOf(c) === "return" || programOf(c) === "exit")) continue;
    graph.set(
      name,
      unconditionalCalls(
        body.filter((c) => c.context.at(-1) === label),
        functions,
      ),
    );
  }
  // Functions the script calls from outside every function body.
  const called = new Set(commands.filter((c) => !c.context.some((label) => label.endsWith("()"))).flatMap((c) => programOf(c) ?? []));
  const reachable = new Set<string>();
  const visit = (name: string) => {
    if (reachable.has(name) || !functions.has(name)) return;
    reachable.add(name);
    for (const call of graph.get(name) ?? []) visit(call.to);
  };
  for (const name of called) visit(name);
  for (const name of reachable) {
    for (const call of graph.get(name) ?? []) {
      if (call.how === null) continue;
      const back = pathTo(call.to, name, graph);
      if (back) return { name, cycle: [name, ...(call.to === name ? [] : [call.to, ...back.slice(0, -1)])], offset: call.offset, how: call.how };
    }
  }
  return null;
}

/** The script of `sh -c '…'` when it is written out, with the offset of that `sh`. */
function inlineScripts(commands: SimpleCommand[]): { script: string; offset: number }[] {
  return commands.flatMap((command) => {
    const words = command.words.map((w) => literalValue(w));
    let i = 0;
    if (words[0] === "busybox") i = 1;
    const name = words[i]?.slice(words[i]!.lastIndexOf("/") + 1);
    if (!name || !SHELLS.has(name) || name === "busybox") return [];
    for (let k = i + 1; k < words.length; k++) {
      const word = words[k];
      if (word === null || word === undefined || !word.startsWith("-")) return [];
      if (/^-[a-zA-Z]*c[a-zA-Z]*$/.test(word)) {
        const script = words[k + 1];
        return typeof script === "string" ? [{ script, offset: command.start }] : [];
      }
    }
    return [];
  });
}

/** The first self-replication in a script (offsets of `sh -c` scripts point at their `sh`), or null. */
export function findSelfReplication(script: string, depth = 0): SelfReplication | null {
  const commands = parseShellCommands(script);
  const found = findInCommands(commands);
  if (found || depth >= 3) return found;
  for (const inner of inlineScripts(commands)) {
    const nested = findSelfReplication(inner.script, depth + 1);
    if (nested) return { ...nested, offset: inner.offset };
  }
  return null;
}
