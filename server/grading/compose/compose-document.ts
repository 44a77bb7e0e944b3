/**
 * A compose (or stack) file read as YAML with line numbers, so a judge can point the editor at
 * the line of a service, a key or a value. Syntax errors come back as a problem with its line,
 * never as an exception.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import { say, type TextRef } from "../../../lib/i18n/text-ref";

export type YamlPath = readonly (string | number)[];

export interface ComposeDocument {
  /** The file as plain data (maps, lists, scalars). */
  value: unknown;
  /** Line (1-based) of the key at `path` (e.g. ["services", "db", "ports"]), or of the list item; undefined when absent. */
  lineOf(path: YamlPath): number | undefined;
  /** Line of the value at `path` (for a scalar, where it is written). */
  valueLineOf(path: YamlPath): number | undefined;
  /** The line of the deepest existing node on `path`: where to point when something below is missing. */
  nearestLineOf(path: YamlPath): number;
}

/** `problem` frames the YAML library's own message (quoted as it is) in the catalog's words. */
export type ComposeReading = { ok: true; document: ComposeDocument } | { ok: false; problem: TextRef; line: number };

interface Located {
  key?: Node | null;
  value?: Node | null;
}

/** Finds the key node and the value node at a path. */
function locate(root: Node | null, path: YamlPath): Located | undefined {
  let current: Located = { value: root };
  for (const step of path) {
    const node = current.value;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(step));
      if (!pair) return undefined;
      current = { key: pair.key as Node, value: (pair.value as Node | null) ?? null };
    } else if (isSeq(node) && typeof step === "number") {
      const item = node.items[step] as Node | undefined;
      if (item === undefined) return undefined;
      current = { key: item, value: item };
    } else {
      return undefined;
    }
  }
  return current;
}

export function readComposeDocument(text: string): ComposeReading {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;
  const firstError = document.errors[0];
  if (firstError) {
    const line = firstError.linePos?.[0]?.line ?? lineAt(firstError.pos[0]);
    const message = firstError.message.split("\n")[0] ?? firstError.message;
    return { ok: false, problem: say("composeFile.yamlError", { error: message }), line };
  }
  const root = document.contents as Node | null;
  const lineOfNode = (node: Node | null | undefined) => (node?.range ? lineAt(node.range[0]) : undefined);
  return {
    ok: true,
    document: {
      value: document.toJS({ maxAliasCount: 100 }) as unknown,
      lineOf: (path) => {
        const found = locate(root, path);
        return found ? (lineOfNode(found.key ?? null) ?? lineOfNode(found.value ?? null)) : undefined;
      },
      valueLineOf: (path) => {
        const found = locate(root, path);
        return found ? (lineOfNode(found.value ?? null) ?? lineOfNode(found.key ?? null)) : undefined;
      },
      nearestLineOf: (path) => {
        for (let length = path.length; length > 0; length--) {
          const found = locate(root, path.slice(0, length));
          const line = found ? (lineOfNode(found.key ?? null) ?? lineOfNode(found.value ?? null)) : undefined;
          if (line !== undefined) return line;
        }
        return 1;
      },
    },
  };
}

/** A mapping's entries, or null when `value` is not a mapping. */
export function asMapping(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/**
 * A service's `environment`, as a list ("KEY=value", "KEY") or a map (KEY: value), read as
 * name → value (null when the variable is only named, taking its value from the shell).
 */
export function readEnvironment(environment: unknown): Map<string, string | null> {
  const variables = new Map<string, string | null>();
  if (Array.isArray(environment)) {
    for (const entry of environment) {
      const text = String(entry);
      const equals = text.indexOf("=");
      if (equals < 0) variables.set(text.trim(), null);
      else variables.set(text.slice(0, equals).trim(), text.slice(equals + 1));
    }
  } else {
    for (const [key, value] of Object.entries(asMapping(environment) ?? {})) {
      variables.set(key, value === null || value === undefined ? null : String(value));
    }
  }
  return variables;
}
