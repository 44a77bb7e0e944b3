/**
 * The variables an ENV or ARG instruction declares. ENV has two forms: `ENV K=V K2="v 2"` (any
 * number of pairs) and the legacy `ENV K the rest of the line`, which defines one variable.
 */
import type { DeclaredVariable } from "./dockerfile-syntax";
import { processDockerfileWord, splitDockerfileWords } from "./dockerfile-words";

export interface DeclaredVariables {
  variables: DeclaredVariable[];
  problem: string | null;
}

export function parseEnvVariables(body: string, scope: ReadonlyMap<string, string>, escapeChar: string): DeclaredVariables {
  const words = splitDockerfileWords(body, escapeChar);
  if (words.length === 0) return { variables: [], problem: "ENV needs at least one variable: ENV NAME=value" };
  if (!words[0]!.includes("=")) {
    const legacy = /^(\S+)\s+([\s\S]*)$/.exec(body.trim());
    if (!legacy) return { variables: [], problem: `ENV ${words[0]} has no value: write ENV ${words[0]}=value` };
    const processed = processDockerfileWord(legacy[2]!, scope, escapeChar);
    return { variables: [{ name: legacy[1]!, value: processed.value, unresolved: processed.unresolved }], problem: null };
  }
  const variables: DeclaredVariable[] = [];
  const local = new Map(scope);
  for (const word of words) {
    const eq = word.indexOf("=");
    if (eq < 0) return { variables, problem: `ENV cannot find "=" in "${word}": mixing NAME=value pairs with the old "ENV NAME value" form is not allowed` };
    const name = processDockerfileWord(word.slice(0, eq), local, escapeChar).value;
    const processed = processDockerfileWord(word.slice(eq + 1), scope, escapeChar);
    variables.push({ name, value: processed.value, unresolved: processed.unresolved });
    local.set(name, processed.value);
  }
  return { variables, problem: null };
}

/** `ARG NAME`, `ARG NAME=default`, several per line. Without a default, `inherited` may give one. */
export function parseArgVariables(body: string, scope: ReadonlyMap<string, string>, escapeChar: string, inherited: ReadonlyMap<string, string | undefined> = new Map()): DeclaredVariables {
  const words = splitDockerfileWords(body, escapeChar);
  if (words.length === 0) return { variables: [], problem: "ARG needs a name: ARG NAME or ARG NAME=default" };
  const variables = words.map((word): DeclaredVariable => {
    const eq = word.indexOf("=");
    if (eq < 0) return { name: word, value: inherited.get(word), unresolved: [] };
    const processed = processDockerfileWord(word.slice(eq + 1), scope, escapeChar);
    return { name: word.slice(0, eq), value: processed.value, unresolved: processed.unresolved };
  });
  return { variables, problem: null };
}
