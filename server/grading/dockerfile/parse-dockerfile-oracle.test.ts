/**
 * Differential test: our Dockerfile parser (which follows BuildKit) against dockerfile-ast, the
 * parser of the Dockerfile language server, over every fixture in fixtures/. Both must find the
 * same instructions (keyword, first and last line, the arguments and flags as written, here-document
 * bodies included) and the same escape character and parser directives. Where the two parsers
 * disagree and ours follows BuildKit, the lines are listed in KNOWN_DIFFERENCES with the reason;
 * an entry whose lines no longer differ fails the test, so the list stays true.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DockerfileParser, type Instruction as AstInstruction } from "dockerfile-ast";
import { describe, expect, it } from "vitest";
import { parseDockerfile } from "./parse-dockerfile";
import { KNOWN_INSTRUCTIONS } from "./split-instruction";

const FIXTURES = fileURLToPath(new URL("fixtures/", import.meta.url));
const fixtures = readdirSync(FIXTURES)
  .filter((name) => name.endsWith(".Dockerfile"))
  .sort();

interface KnownDifference {
  fixture: string;
  /** Instructions starting on these lines (inclusive) are not compared. */
  lines: [number, number];
  why: string;
}

const KNOWN_DIFFERENCES: KnownDifference[] = [
  {
    fixture: "buildkit-heredocs.Dockerfile",
    lines: [10, 11],
    // BuildKit reads a digit before << as the file descriptor the here-document feeds (5<<FIVE);
    // dockerfile-ast opens none and takes the closing line FIVE for an instruction.
    why: "a here-document on a numbered file descriptor",
  },
  {
    fixture: "buildkit-heredocs.Dockerfile",
    lines: [60, 79],
    // BuildKit removes the quotes from a partly quoted delimiter (<<en'd' closes on "end",
    // <<en\'d and <<'e'n\'d on "en'd"); dockerfile-ast looks for the word as written, finds no
    // closing line and reads the rest of the file as that here-document. The cases after it in
    // the fixture (<<'two words', <<$END, <<   SPACED, exec form) are swallowed with it.
    why: "partly quoted here-document delimiters",
  },
  {
    fixture: "heredoc-delimiters.Dockerfile",
    lines: [4, 6],
    // BuildKit reads the whole quoted word 'two words' as the delimiter; dockerfile-ast splits it
    // at the space, opens no here-document and reads the body lines as instructions.
    why: "a quoted delimiter holding a space",
  },
  {
    fixture: "heredoc-delimiters.Dockerfile",
    lines: [9, 10],
    // BuildKit allows blanks between << and the delimiter (<<   SPACED); dockerfile-ast then sees
    // a here-string-like "<<" word and no here-document.
    why: "blanks between << and the delimiter",
  },
];

interface Compared {
  keyword: string;
  startLine: number;
  endLine: number;
  /** Flags and arguments as written, split at blanks, then each here-document's body and closing line. */
  words: string[];
}

const words = (text: string) => text.split(/\s+/).filter(Boolean);

function ours(source: string): { escape: string; directives: Record<string, string>; instructions: Compared[]; unknownLines: Set<number> } {
  const parsed = parseDockerfile(source);
  const instructions = parsed.instructions.map((instruction) => ({
    keyword: instruction.keyword,
    startLine: instruction.startLine,
    endLine: instruction.endLine,
    words: [...words(instruction.args), ...instruction.heredocs.flatMap((h) => [...words(h.content), ...words(h.name)])],
  }));
  const unknownLines = new Set(parsed.diagnostics.filter((d) => d.message.startsWith("Unknown instruction")).map((d) => d.line));
  return { escape: parsed.escapeChar, directives: parsed.directives, instructions, unknownLines };
}

function theirs(source: string): { escape: string; directives: Record<string, string>; instructions: Compared[] } {
  const dockerfile = DockerfileParser.parse(source);
  const lines = source.split(/\r\n|\r|\n/);
  const escape = dockerfile.getEscapeCharacter();
  const continued = new RegExp(`${escape === "`" ? "`" : "\\\\"}[ \\t]*\\n[ \\t]*`, "g");
  // The text a range covers as written (dockerfile-ast's values drop escape characters).
  const written = (range: { start: { line: number; character: number }; end: { line: number; character: number } }) => {
    if (range.start.line === range.end.line) return lines[range.start.line]!.slice(range.start.character, range.end.character);
    const spanned = lines.slice(range.start.line, range.end.line + 1);
    spanned[spanned.length - 1] = spanned[spanned.length - 1]!.slice(0, range.end.character);
    spanned[0] = spanned[0]!.slice(range.start.character);
    return spanned.join("\n").replace(continued, "");
  };
  const instructions = dockerfile.getInstructions().map((instruction: AstInstruction) => {
    const flags = "getFlags" in instruction && typeof instruction.getFlags === "function" ? (instruction.getFlags() as { getRange(): Parameters<typeof written>[0] }[]) : [];
    return {
      keyword: instruction.getKeyword(),
      startLine: instruction.getRange().start.line + 1,
      endLine: instruction.getRange().end.line + 1,
      words: [...flags.map((flag) => written(flag.getRange())), ...instruction.getArguments().flatMap((argument) => words(written(argument.getRange())))],
    };
  });
  const directives = Object.fromEntries(dockerfile.getDirectives().map((d) => [d.getName().toLowerCase(), d.getValue()]));
  return { escape, directives, instructions };
}

const knownIn = (fixture: string) => KNOWN_DIFFERENCES.filter((k) => k.fixture === fixture);
const excused = (fixture: string, line: number) => knownIn(fixture).some((k) => line >= k.lines[0] && line <= k.lines[1]);

describe("our Dockerfile parser against dockerfile-ast", () => {
  it("has fixtures to compare, and every known difference names one of them", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(6);
    for (const known of KNOWN_DIFFERENCES) expect(fixtures).toContain(known.fixture);
  });

  it.each(fixtures)("%s: same instructions, lines and arguments", (fixture) => {
    const source = readFileSync(`${FIXTURES}${fixture}`, "utf8");
    const mine = ours(source);
    const other = theirs(source);
    expect(mine.escape).toBe(other.escape);
    expect(mine.directives).toEqual(other.directives);

    // An instruction dockerfile-ast accepts under a keyword Docker does not know is, for us, an "Unknown instruction" error at that line.
    const unknownToDocker = other.instructions.filter((i) => !KNOWN_INSTRUCTIONS.has(i.keyword) && !excused(fixture, i.startLine));
    for (const instruction of unknownToDocker) expect(mine.unknownLines, `line ${instruction.startLine}: ${instruction.keyword}`).toContain(instruction.startLine);

    const compared = (list: Compared[]) => list.filter((i) => KNOWN_INSTRUCTIONS.has(i.keyword) && !excused(fixture, i.startLine));
    expect(compared(mine.instructions)).toEqual(compared(other.instructions));
  });

  it.each(KNOWN_DIFFERENCES.map((k) => [`${k.fixture} lines ${k.lines[0]}–${k.lines[1]} (${k.why})`, k] as const))("%s is still a difference", (_, known) => {
    const source = readFileSync(`${FIXTURES}${known.fixture}`, "utf8");
    const inRange = (list: Compared[]) => list.filter((i) => i.startLine >= known.lines[0] && i.startLine <= known.lines[1]);
    expect(inRange(ours(source).instructions)).not.toEqual(inRange(theirs(source).instructions));
  });
});
