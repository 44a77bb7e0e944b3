/**
 * What the "said in French too" proofs walk: the program files under some folders, and the string
 * literals a pattern finds in them, each with its line. A `${…}` part of a template literal stands
 * for any value and reads as "1".
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

export interface SourceFile {
  /** Relative to the root it was read from. */
  file: string;
  source: string;
}

export interface QuotedString {
  file: string;
  line: number;
  /** The literal's text, without its quotes. */
  text: string;
  /** Everything the pattern matched, the literal included. */
  match: string;
}

function filesUnder(root: string, entry: string): string[] {
  const full = path.join(root, entry);
  if (!statSync(full).isDirectory()) return [entry];
  return readdirSync(full).flatMap((name) => filesUnder(root, path.join(entry, name)));
}

/** The files under each entry (a folder or a file, relative to root) whose name matches, tests left out (and test support unless asked). */
export function readSources(root: string, entries: string[], options: { names: RegExp; withTestSupport?: boolean }): SourceFile[] {
  return entries
    .flatMap((entry) => filesUnder(root, entry))
    .filter((file) => options.names.test(file) && !file.includes(".test.") && (options.withTestSupport || !file.includes("/testing/")))
    .map((file) => ({ file, source: readFileSync(path.join(root, file), "utf8") }));
}

/** Each literal the pattern's first group captures (quotes included in the group), with its file and line. */
export function quotedStrings(files: SourceFile[], pattern: RegExp): QuotedString[] {
  return files.flatMap(({ file, source }) =>
    [...source.matchAll(pattern)].map((m) => ({
      file,
      line: source.slice(0, m.index).split("\n").length,
      text: m[1]!.slice(1, -1).replace(/\$\{(?:[^{}]|\{[^{}]*\})*\}/g, "1"),
      match: m[0],
    })),
  );
}
