/**
 * The proof that no program file writes a count or a size by hand where a reader sees it: a noun
 * with "(s)" ("2 fichier(s)", "1 minute(s)") is a plural of the catalog or of messages.ts
 * (lib/i18n/plural.ts), and a size is written by lib/i18n/format-size.ts ("1 MiB" / « 1 Mio »),
 * never glued to a unit in a string ("1024 Kio", `${n} MiB`). It walks the string literals of
 * app/, server/ and lib/.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { quotedStrings, readSources, type SourceFile } from "./testing/source-strings";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");

/** A string or template literal on one line. */
const LITERAL = /(`(?:[^`\\\n]|\\.)*`|"(?:[^"\\\n]|\\.)*")/g;
const WITH_S = /[a-zà-ÿ]{2}\((?:s|es|x|e)\)(?=[\s.,;:!?»`"]|$)/;
const UNIT_BY_HAND = /(?:\d|\$?\{[^}]*\})(?:[\s\u00a0]|\\u00a0)*(?:[KMG]iB|[KMG]io)\b/;

/** Files left out, with why: format-size.ts writes the units. The operator's own lines (server/config.ts, server/doctor/) are English only, but their counts are plurals too. */
const LEFT_OUT = [/^lib\/i18n\/format-size\.ts$/];

/** The source with its comment lines blanked (their examples, "8 GiB", are no strings), lines kept in place. */
const withoutComments = (source: string) =>
  source
    .split("\n")
    .map((line) => (/^\s*(?:\/\/|\/\*|\*)/.test(line) ? "" : line))
    .join("\n");

export function handBuiltWords(files: SourceFile[]): string[] {
  return quotedStrings(
    files.filter(({ file }) => !LEFT_OUT.some((pattern) => pattern.test(file))).map(({ file, source }) => ({ file, source: withoutComments(source) })),
    LITERAL,
  )
    .filter(({ match }) => WITH_S.test(match) || UNIT_BY_HAND.test(match))
    .map(({ file, line, match }) => `${file}:${line}: ${match.slice(0, 120)}`);
}

describe("counts and sizes in the program's strings", () => {
  it("are never written with “(s)” or with a unit glued by hand", () => {
    const files = readSources(ROOT, ["app", "server", "lib"], { names: /\.tsx?$/ }).filter(({ file }) => !file.includes("/generated/"));
    expect(files.length).toBeGreaterThan(200);
    expect(handBuiltWords(files)).toEqual([]);
  });

  it("finds a hand-built plural and a hand-built size (the walk itself works)", () => {
    const source = [
      "const a = `${count} fichier(s) copiés`;",
      'const b = "Réessayez dans 1 minute(s).";',
      "const c = `${kib}\\u00a0Kio de texte`;",
      "const d = `${n} MiB`;",
      'const e = "1024 KiB";',
      'const f = say("files.textTooLarge", { size: bytesOf(max) });',
      "const g = `${mib}MiB`; // a flag, e.g. --memory",
      '  "files.textTooLarge": { en: "at most {kib} KiB of text.", fr: "au plus {kib}\\u00a0Kio de texte." },',
      '/** 1024 KiB in a comment is no string: "1024 KiB" */',
    ].join("\n");
    expect(handBuiltWords([{ file: "x.ts", source }]).map((line) => line.split(":")[1])).toEqual(["1", "2", "3", "4", "5", "7", "8", "8"]);
  });
});
