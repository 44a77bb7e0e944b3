/** Here-documents opened only where BuildKit opens them (its `<<[-]WORD` rule, see heredoc-words.ts). */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { findHeredocMarkers, parseHeredocWord } from "./heredoc-words";
import { parseDockerfile } from "./parse-dockerfile";
import { readLogicalLines } from "./read-logical-lines";

const errors = (source: string) => parseDockerfile(source).diagnostics.filter((d) => d.severity === "error");
const names = (line: string) => findHeredocMarkers(line).markers.map((m) => m.name);

describe("parseHeredocWord (BuildKit's ParseHeredoc)", () => {
  it.each(["<<END", "<<'END'", '<<"END"', "<<-END", "<<-'END'", '<<-"END"', '<<EN"D"', "<< END", "<<- END", "<<\tEND"])("reads %j as the delimiter END", (word) => {
    expect(parseHeredocWord(word)).toMatchObject({ name: "END" });
  });

  it.each(["", "END", "<<", "<<-", "<END", "<<<END", "<<END sh", "cat<<END", "$((1<<2))", "a<<b"])("opens nothing with %j", (word) => {
    expect(parseHeredocWord(word)).toBeNull();
  });

  it.each(["<<'END", '<<"END', "<<END'", '<<END"'])("rejects the unbalanced quote of %j, as BuildKit does", (word) => {
    expect(parseHeredocWord(word)).toEqual({ problem: expect.stringContaining("never closed") });
  });

  it("reads the file descriptor, the tab stripping and whether a quote stops expansion", () => {
    expect(parseHeredocWord("3<<-'X'")).toEqual({ name: "X", stripTabs: true, quoted: true, fileDescriptor: 3 });
    expect(parseHeredocWord("<<X")).toEqual({ name: "X", stripTabs: false, quoted: false, fileDescriptor: 0 });
  });
});

describe("findHeredocMarkers (BuildKit's heredocsFromLine)", () => {
  it.each([
    ["RUN <<END", ["END"]],
    ["RUN <<-END", ["END"]],
    ["RUN << END", ["END"]],
    ["RUN cat << END > /etc/motd", ["END"]],
    ["RUN << -END", ["-END"]],
    ["RUN <<'END'", ["END"]],
    ["RUN 4<<END", ["END"]],
    ["RUN <<END <<END2", ["END", "END2"]],
    ["COPY --chmod=755 <<a.sh <<b.sh /usr/local/bin/", ["a.sh", "b.sh"]],
    // A word that starts with << opens one even inside arithmetic: BuildKit does not know $(( )).
    ["RUN echo $(( 1 <<2 ))", ["2"]],
  ])("finds the delimiters of %j", (line, expected) => {
    expect(names(line)).toEqual(expected);
  });

  it.each([
    "RUN '<<END'",
    'RUN "<<END"',
    "RUN echo $((1<<2))",
    "RUN cat<<END > /etc/motd",
    "RUN cat <<<END",
    // The blank after `<<-` ends the word: BuildKit reads `<<-` alone, which names nothing.
    "RUN <<- END",
    // A line BuildKit's lexer cannot read opens nothing.
    'RUN echo "<<END',
    "RUN echo ${",
  ])("opens nothing in %j", (line) => {
    expect(findHeredocMarkers(line)).toEqual({ markers: [], problem: null });
  });

  it("keeps a variable in the delimiter as written", () => {
    expect(names("RUN <<$END")).toEqual(["$END"]);
    expect(names("RUN <<${END:-x}")).toEqual(["${END:-x}"]);
  });
});

describe("here-documents in a Dockerfile", () => {
  it("leaves shell arithmetic alone: the rest of the file stays", () => {
    const source = 'FROM debian:trixie\nRUN echo $((1<<2)) > /flags\nCMD ["cat", "/flags"]\n';
    const parsed = parseDockerfile(source);
    expect(errors(source)).toEqual([]);
    expect(parsed.instructions.map((i) => i.keyword)).toEqual(["FROM", "RUN", "CMD"]);
    expect(parsed.instructions[1]!.heredocs).toEqual([]);
  });

  it("does not open one for cat<<EOF, glued to the command", () => {
    const parsed = parseDockerfile('FROM debian:trixie\nRUN cat<<EOF > /x\nCMD ["true"]\n');
    expect(parsed.instructions.map((i) => i.keyword)).toEqual(["FROM", "RUN", "CMD"]);
    expect(parsed.instructions[1]!.heredocs).toEqual([]);
  });

  it("opens one for cat << EOF, with a blank after <<", () => {
    const parsed = parseDockerfile('FROM debian:trixie\nRUN cat << EOF > /etc/motd\nhello\nEOF\nCMD ["true"]\n');
    expect(parsed.instructions.map((i) => i.keyword)).toEqual(["FROM", "RUN", "CMD"]);
    expect(parsed.instructions[1]!.heredocs).toEqual([expect.objectContaining({ name: "EOF", content: "hello\n", startLine: 3, endLine: 4 })]);
  });

  it("opens one behind ONBUILD", () => {
    const parsed = parseDockerfile('FROM debian:trixie\nONBUILD RUN <<EOF\necho later\nEOF\nCMD ["true"]\n');
    expect(errors("FROM debian:trixie\nONBUILD RUN <<EOF\necho later\nEOF\n")).toEqual([]);
    expect(parsed.instructions.map((i) => i.keyword)).toEqual(["FROM", "ONBUILD", "CMD"]);
    expect(parsed.instructions[1]!.heredocs).toEqual([expect.objectContaining({ name: "EOF", content: "echo later\n", endLine: 4 })]);
  });

  it("opens none in exec form, nor in other instructions, also behind ONBUILD", () => {
    expect(parseDockerfile('FROM debian:trixie\nONBUILD RUN ["cat", "<<EOF"]\n').instructions[1]!.heredocs).toEqual([]);
    expect(parseDockerfile("FROM debian:trixie\nONBUILD LABEL x=<<EOF\n").instructions[1]!.heredocs).toEqual([]);
  });

  it("takes an escaped quote in a delimiter as part of its name", () => {
    const source = 'FROM debian:trixie\nRUN <<EO\\"F\nbody\nEO"F\nCMD ["true"]\n';
    expect(errors(source)).toEqual([]);
    expect(parseDockerfile(source).instructions[1]!.heredocs).toEqual([expect.objectContaining({ name: 'EO"F', quoted: false, content: "body\n" })]);
  });
});

describe("BuildKit's documented here-document cases (fixtures/buildkit-heredocs.Dockerfile)", () => {
  const source = readFileSync(fileURLToPath(new URL("fixtures/buildkit-heredocs.Dockerfile", import.meta.url)), "utf8");
  const reading = readLogicalLines(source);
  const found = reading.logicalLines.map((line) => ({
    line: line.text,
    heredocs: line.heredocs.map((h) => ({ name: h.name, content: h.content, quoted: h.quoted, stripTabs: h.stripTabs })),
  }));
  const doc = (name: string, content: string, quoted = false, stripTabs = false) => ({ name, content, quoted, stripTabs });

  it("reads every instruction and every body as BuildKit does", () => {
    expect(reading.diagnostics).toEqual([]);
    expect(found).toEqual([
      { line: "FROM debian:trixie", heredocs: [] },
      { line: "ENV GREETING=hi", heredocs: [] },
      { line: "RUN true", heredocs: [] },
      { line: "USER <<NOTHERE", heredocs: [] },
      { line: "NOTHERE", heredocs: [] },
      { line: "RUN <<NOTHING", heredocs: [doc("NOTHING", "")] },
      { line: "RUN 5<<FIVE", heredocs: [doc("FIVE", "")] },
      { line: 'RUN "<<QUOTED"', heredocs: [] },
      { line: "RUN <<KEEP", heredocs: [doc("KEEP", "\tone\n\ttwo\n")] },
      // Our bodies hold what the build sees: `<<-` strips the tabs (BuildKit does it when it runs).
      { line: "RUN <<-TRIM", heredocs: [doc("TRIM", "three\nfour\n", false, true)] },
      { line: "RUN <<-TRIMEND", heredocs: [doc("TRIMEND", "five\n", false, true)] },
      { line: "RUN <<-LIVE", heredocs: [doc("LIVE", "echo $GREETING\n", false, true)] },
      { line: "RUN <<-'FROZEN'", heredocs: [doc("FROZEN", "it's $GREETING, as written\n", true, true)] },
      { line: "RUN <<RUN", heredocs: [doc("RUN", "echo RUN is only a delimiter here\n")] },
      { line: "RUN <<NOTES", heredocs: [doc("NOTES", "# a comment of the script\necho kept # and a trailing one\n")] },
      { line: "RUN --mount=type=tmpfs,target=/scratch <<MOUNTED", heredocs: [doc("MOUNTED", "touch /scratch/x\n")] },
      { line: "COPY <<FIRST <<SECOND /srv/", heredocs: [doc("FIRST", "first body\n"), doc("SECOND", "second body\n")] },
      { line: "COPY <<DATA /srv/quotes", heredocs: [doc("DATA", "\"double\"\n'single'\n")] },
      { line: "COPY <<A <<B /srv/", heredocs: [doc("A", "B\n"), doc("B", "A\n")] },
      { line: "RUN <<PY python3", heredocs: [doc("PY", "print('from python')\n")] },
      { line: "COPY <<notes.txt /srv/", heredocs: [doc("notes.txt", "dotted delimiter\n")] },
      { line: "RUN <<en'd'", heredocs: [doc("end", "echo partly quoted\n", true)] },
      { line: "RUN <<en\\'d", heredocs: [doc("en'd", "echo escaped quote\n")] },
      { line: "RUN <<'e'n\\'d", heredocs: [doc("en'd", "echo both\n", true)] },
      { line: "RUN <<'two words'", heredocs: [doc("two words", "echo spaced\n", true)] },
      { line: "RUN <<$END", heredocs: [doc("$END", "")] },
      { line: "RUN <<   SPACED", heredocs: [doc("SPACED", "")] },
      { line: "RUN <<   SPACED  > /tmp/out", heredocs: [doc("SPACED", "")] },
      { line: 'RUN ["<<EXEC"]', heredocs: [] },
      { line: "RUN [\"<<'EXEC'\"]", heredocs: [] },
    ]);
  });
});
