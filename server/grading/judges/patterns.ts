/**
 * Patterns written by teachers in checks.yaml: regular expressions (a leading `(?i)` makes one
 * case-insensitive) and package globs (`*` any run of characters, `?` one character).
 */

export type CompiledPattern = { ok: true; regex: RegExp } | { ok: false; problem: string };

export function compilePattern(source: string, flags = ""): CompiledPattern {
  const caseInsensitive = source.startsWith("(?i)");
  const body = caseInsensitive ? source.slice(4) : source;
  const allFlags = caseInsensitive && !flags.includes("i") ? `${flags}i` : flags;
  try {
    return { ok: true, regex: new RegExp(body, allFlags) };
  } catch (error) {
    return { ok: false, problem: `invalid regular expression /${source}/ in checks.yaml: ${(error as Error).message}` };
  }
}

export function globToRegExp(glob: string): RegExp {
  const body = glob
    .split("")
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${body}$`, "i");
}

export const matchesGlob = (name: string, glob: string) => globToRegExp(glob).test(name);
