import { describe, expect, it } from "vitest";
import { finalImageInstructions, finalStage, lineAtOffset, parseDockerfile } from "./parse-dockerfile";

const keywords = (source: string) => parseDockerfile(source).instructions.map((i) => i.keyword);
const errors = (source: string) => parseDockerfile(source).diagnostics.filter((d) => d.severity === "error");

describe("parseDockerfile: lines and continuations", () => {
  it("joins backslash continuations and records start and end lines", () => {
    const parsed = parseDockerfile('FROM debian\nRUN apt-get update \\\n && apt-get install -y x\nCMD ["bash"]\n');
    const run = parsed.instructions[1]!;
    expect(run.keyword).toBe("RUN");
    expect(run.args).toBe("apt-get update  && apt-get install -y x");
    expect([run.startLine, run.endLine]).toEqual([2, 3]);
    expect(parsed.instructions[2]!.startLine).toBe(4);
  });

  it("accepts spaces after the continuation character", () => {
    const run = parseDockerfile("FROM debian\nRUN echo a \\   \n  b\n").instructions[1]!;
    expect(run.args).toBe("echo a   b");
    expect(run.endLine).toBe(3);
  });

  it("drops comment lines and empty lines inside a continuation, with a warning for the empty one", () => {
    const parsed = parseDockerfile("FROM debian\nENV A=1 \\\n  # explain B\n\n  B=2\nRUN true\n");
    const env = parsed.instructions[1]!;
    expect(env.variables.map((v) => `${v.name}=${v.value}`)).toEqual(["A=1", "B=2"]);
    expect([env.startLine, env.endLine]).toEqual([2, 5]);
    expect(parsed.comments).toEqual([{ line: 3, text: "explain B" }]);
    expect(parsed.diagnostics).toEqual([expect.objectContaining({ line: 4, severity: "warning" })]);
  });

  it("maps offsets of a continued instruction back to their lines", () => {
    const run = parseDockerfile("FROM debian\nRUN apt-get update \\\n && apt-get install -y wordpress\n").instructions[1]!;
    expect(lineAtOffset(run, run.args.indexOf("wordpress"))).toBe(3);
    expect(lineAtOffset(run, 0)).toBe(2);
  });

  it("honours the escape directive: backtick continues lines and backslash is literal", () => {
    const parsed = parseDockerfile("# escape=`\nFROM debian\nRUN echo C:\\path `\n  done\n");
    expect(parsed.escapeChar).toBe("`");
    expect(parsed.directives).toEqual({ escape: "`" });
    expect(parsed.instructions[1]!.args).toBe("echo C:\\path   done");
  });

  it("ignores an escape directive that comes after a comment", () => {
    const parsed = parseDockerfile("# hello\n# escape=`\nFROM debian\nRUN echo a \\\n b\n");
    expect(parsed.escapeChar).toBe("\\");
    expect(parsed.instructions[1]!.endLine).toBe(5);
  });

  it("reads keywords case-insensitively and keeps how they were written", () => {
    const parsed = parseDockerfile('from debian\nRun echo hi\ncMd ["x"]\n');
    expect(parsed.instructions.map((i) => i.keyword)).toEqual(["FROM", "RUN", "CMD"]);
    expect(parsed.instructions[1]!.written).toBe("Run");
  });

  it("handles Windows line endings and a byte-order mark", () => {
    expect(keywords("\uFEFFFROM debian\r\nRUN a \\\r\n b\r\n")).toEqual(["FROM", "RUN"]);
  });
});

describe("parseDockerfile: forms and heredocs", () => {
  it("tells exec form from shell form", () => {
    const [, cmd, entrypoint] = parseDockerfile('FROM debian\nCMD ["apache2ctl", "-D", "FOREGROUND"]\nENTRYPOINT /start.sh\n').instructions;
    expect(cmd!.json).toEqual(["apache2ctl", "-D", "FOREGROUND"]);
    expect(entrypoint!.json).toBeNull();
  });

  it("reports unterminated or single-quoted JSON with its line", () => {
    expect(errors('FROM debian\nCMD ["apache2ctl", "-D"\n')).toEqual([expect.objectContaining({ line: 2, message: expect.stringContaining("closing ]") })]);
    expect(errors("FROM debian\n\nCMD ['a', 'b']\n")).toEqual([expect.objectContaining({ line: 3, message: expect.stringContaining("double quotes") })]);
  });

  it("reads a RUN here-document body and counts its lines", () => {
    const parsed = parseDockerfile('FROM debian\nRUN <<EOF\napt-get update\napt-get install -y x\nEOF\nCMD ["bash"]\n');
    const run = parsed.instructions[1]!;
    expect(run.heredocs).toEqual([expect.objectContaining({ name: "EOF", content: "apt-get update\napt-get install -y x\n", startLine: 3, endLine: 5 })]);
    expect(run.endLine).toBe(5);
    expect(parsed.instructions[2]!.startLine).toBe(6);
  });

  it("strips leading tabs in <<- here-documents and handles quoted markers", () => {
    const run = parseDockerfile('FROM debian\nRUN <<-"END"\n\techo $HOME\n\tEND\n').instructions[1]!;
    expect(run.heredocs[0]).toMatchObject({ name: "END", content: "echo $HOME\n", quoted: true, stripTabs: true });
  });

  it("reports an unterminated here-document instead of throwing", () => {
    expect(errors("FROM debian\nRUN <<EOF\necho hi\n")).toEqual([expect.objectContaining({ line: 2, message: expect.stringContaining("Unterminated") })]);
  });

  it("does not treat << inside quotes as a here-document", () => {
    const parsed = parseDockerfile("FROM debian\nRUN echo '<<EOF'\nCMD [\"x\"]\n");
    expect(parsed.instructions[1]!.heredocs).toEqual([]);
    expect(parsed.instructions).toHaveLength(3);
  });

  it("extracts leading flags of FROM and RUN", () => {
    const [from, run] = parseDockerfile("FROM --platform=linux/amd64 debian AS base\nRUN --mount=type=cache,target=/var/cache/apt apt-get update\n").instructions;
    expect(from!.flags).toEqual({ platform: "linux/amd64" });
    expect(from!.body).toBe("debian AS base");
    expect(run!.body).toBe("apt-get update");
  });
});

describe("parseDockerfile: stages and variables", () => {
  it("names stages and follows FROM <stage>", () => {
    const parsed = parseDockerfile('FROM debian:bookworm AS Tools\nRUN true\nFROM tools\nCMD ["x"]\n');
    expect(parsed.stages.map((s) => [s.name, s.base, s.parentStage])).toEqual([
      ["tools", "debian:bookworm", null],
      [null, "tools", 0],
    ]);
    expect(finalImageInstructions(parsed).map((i) => i.keyword)).toEqual(["FROM", "RUN", "FROM", "CMD"]);
  });

  it("substitutes global ARGs in FROM ($X, ${X}, ${X:-default})", () => {
    expect(finalStage(parseDockerfile("ARG BASE=debian:latest\nFROM ${BASE}\n"))!.base).toBe("debian:latest");
    expect(finalStage(parseDockerfile("ARG BASE=debian\nFROM $BASE:trixie\n"))!.base).toBe("debian:trixie");
    expect(finalStage(parseDockerfile("ARG TAG\nFROM debian:${TAG:-latest}\n"))!.base).toBe("debian:latest");
  });

  it("reports a FROM whose variable has no value", () => {
    const parsed = parseDockerfile("ARG BASE\nFROM ${BASE}\n");
    expect(finalStage(parsed)!.unresolved).toEqual(["BASE"]);
    expect(errors("ARG BASE\nFROM ${BASE}\n")[0]!.message).toContain("ARG BASE=");
  });

  it("parses ENV pairs with quotes and escapes, and the legacy one-variable form", () => {
    const [, pairs, legacy] = parseDockerfile("FROM debian\nENV K=V K2=\"v 2\" K3=a\\ b K4='$x'\nENV OLD some value here\n").instructions;
    expect(pairs!.variables.map((v) => [v.name, v.value])).toEqual([
      ["K", "V"],
      ["K2", "v 2"],
      ["K3", "a b"],
      ["K4", "$x"],
    ]);
    expect(legacy!.variables.map((v) => [v.name, v.value])).toEqual([["OLD", "some value here"]]);
  });

  it("expands earlier ENV and ARG values in ENV, and exposes them to later instructions", () => {
    const parsed = parseDockerfile("FROM debian\nARG PASS=tempo\nENV DB_PASS=$PASS DIR=/srv\nENV FULL=${DIR}/www\nRUN echo hi\n");
    expect(parsed.instructions[2]!.variables[0]!.value).toBe("tempo");
    expect(parsed.instructions[3]!.variables[0]!.value).toBe("/srv/www");
    expect(parsed.instructions[4]!.scope.get("FULL")).toBe("/srv/www");
  });

  it("lets a stage ARG without default take the global default", () => {
    const parsed = parseDockerfile("ARG V=1\nFROM debian\nARG V\nRUN echo $V\n");
    expect(parsed.instructions[3]!.scope.get("V")).toBe("1");
  });

  it("takes a value that refers to an unknown variable for unknown, not for the value with it empty", () => {
    const parsed = parseDockerfile("ARG G=$NOPE/x\nFROM debian\nARG EXTRA\nENV PKGS=$EXTRA PATH=/opt/bin:$PATH KNOWN=k\nARG COPYING=${EXTRA}-y\nARG G\nRUN echo hi\n");
    const scope = parsed.instructions.at(-1)!.scope;
    expect([...scope.keys()].sort()).toEqual(["KNOWN"]);
    // What the instructions declare stays as Docker computes it, unknown parts empty.
    expect(parsed.instructions[3]!.variables.map((v) => [v.name, v.value, v.unresolved])).toEqual([
      ["PKGS", "", ["EXTRA"]],
      ["PATH", "/opt/bin:", ["PATH"]],
      ["KNOWN", "k", []],
    ]);
  });

  it("forgets a known value overwritten by an unknown one", () => {
    const parsed = parseDockerfile("FROM debian\nARG MODE=fast\nENV MODE=$UNSET\nRUN echo hi\n");
    expect(parsed.instructions[3]!.scope.has("MODE")).toBe(false);
  });

  it("reports mixed ENV forms with the line", () => {
    expect(errors("FROM debian\nENV A=1 B\n")).toEqual([expect.objectContaining({ line: 2, message: expect.stringContaining('"="') })]);
  });
});

describe("parseDockerfile: errors and the closing comments", () => {
  it("reports unknown instructions and suggests a forgotten continuation", () => {
    const found = errors("FROM debian\nRUN apt-get update &&\napt-get install -y x\n");
    expect(found).toEqual([expect.objectContaining({ line: 3, message: expect.stringContaining("forget a \\ at the end of line 2") })]);
  });

  it("requires FROM first (only ARG may come before it)", () => {
    expect(errors("ARG X=1\nFROM debian\n")).toEqual([]);
    expect(errors("RUN echo hi\nFROM debian\n")).toEqual([expect.objectContaining({ line: 1, message: expect.stringContaining("before the first FROM") })]);
    expect(errors("# nothing\n")).toEqual([expect.objectContaining({ message: expect.stringContaining("no FROM") })]);
  });

  it("collects the comments after the last instruction", () => {
    const parsed = parseDockerfile('# top\nFROM debian\n# middle\nCMD ["bash"]\n\n# docker build -t x .\n\n#docker run x\n');
    expect(parsed.trailingComments).toEqual([
      { line: 6, text: "docker build -t x ." },
      { line: 8, text: "docker run x" },
    ]);
  });

  it("has no closing comments when an instruction (even an unknown one) comes last", () => {
    expect(parseDockerfile('FROM debian\n# docker build -t x .\nCMD ["x"]\n').trailingComments).toEqual([]);
    expect(parseDockerfile("FROM debian\n# docker build -t x .\ndocker run x\n").trailingComments).toEqual([]);
  });

  it("never throws on odd input", () => {
    for (const source of ["", "\\", "FROM", "RUN <<", "ENV", "FROM debian\nRUN \\", "`", "[", 'FROM debian\nCMD ["a", 1]']) {
      expect(() => parseDockerfile(source)).not.toThrow();
    }
  });
});
