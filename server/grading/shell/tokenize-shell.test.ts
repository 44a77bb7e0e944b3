import { describe, expect, it } from "vitest";
import { literalValue } from "./shell-syntax";
import { parseShellCommands } from "./split-commands";
import { tokenizeShell } from "./tokenize-shell";
import { resolveCommands } from "./resolve-commands";

const words = (script: string) => tokenizeShell(script).flatMap((t) => (t.type === "word" ? [literalValue(t.word) ?? t.word.raw] : []));
const argv = (script: string) => parseShellCommands(script).map((c) => c.words.map((w) => literalValue(w) ?? w.raw));
const programs = (script: string) => resolveCommands(script).map((c) => [c.name, ...c.args.map((a) => a.value)].join(" "));

describe("tokenizeShell", () => {
  it("removes quotes and escapes", () => {
    expect(words(`echo 'a b' "c d" e\\ f "x\\"y" 'it'\\''s'`)).toEqual(["echo", "a b", "c d", "e f", 'x"y', "it's"]);
  });

  it("reads $'…' strings", () => {
    expect(words("printf $'a\\tb'")).toEqual(["printf", "a\tb"]);
  });

  it("keeps expansions as parts of the word", () => {
    const [, word] = tokenizeShell('echo "${HOME:-/root}/x$(pwd)"').flatMap((t) => (t.type === "word" ? [t.word] : []));
    expect(word!.parts.map((p) => p.kind)).toEqual(["param", "text", "command"]);
    expect(word!.parts[0]).toMatchObject({ name: "HOME", operator: ":-", operand: "/root", quoted: true });
  });

  it("ends ${…} at its own brace, not at one in backquotes or a nested ${…}", () => {
    const [, word] = tokenizeShell("echo ${X:-`echo }`}/${Y:-${Z}}").flatMap((t) => (t.type === "word" ? [t.word] : []));
    expect(word!.parts.map((p) => p.kind)).toEqual(["param", "text", "param"]);
    expect(word!.parts[0]).toMatchObject({ name: "X", operator: ":-", operand: "`echo }`" });
    expect(word!.parts[2]).toMatchObject({ name: "Y", operator: ":-", operand: "${Z}" });
  });

  it("does not split inside $( ) with nested quotes and parentheses", () => {
    expect(words('echo $(echo "a ) b" $(date))')).toEqual(["echo", '$(echo "a ) b" $(date))']);
  });

  it("treats # as a comment only at the start of a word", () => {
    expect(words("echo a#b # comment")).toEqual(["echo", "a#b"]);
  });

  it("skips here-document bodies", () => {
    const tokens = tokenizeShell("cat <<EOF > /etc/x\nhello && world\nEOF\necho done");
    const redirect = tokens.find((t) => t.type === "redirect" && t.operator === "<<");
    expect(redirect).toMatchObject({ heredoc: "hello && world" });
    expect(words("cat <<-EOF\n\tbody\n\tEOF\necho done")).toEqual(["cat", "EOF", "echo", "done"]);
  });

  it("never throws on unterminated quotes", () => {
    expect(() => tokenizeShell(`echo "abc`)).not.toThrow();
    expect(() => tokenizeShell("echo 'abc")).not.toThrow();
    expect(() => tokenizeShell("echo $(abc")).not.toThrow();
  });
});

describe("parseShellCommands", () => {
  it("splits on &&, ||, ;, |, &, newlines and subshells", () => {
    expect(argv("a 1 && b 2 || c; d | e & f\ng (h; i) { j; }")).toEqual([["a", "1"], ["b", "2"], ["c"], ["d"], ["e"], ["f"], ["g"], ["h"], ["i"], ["j"]]);
  });

  it("keeps the connecting operators", () => {
    const commands = parseShellCommands("wget -O- URL | tar x && echo ok");
    expect(commands.map((c) => [c.after, c.before])).toEqual([
      [undefined, "|"],
      ["|", "&&"],
      ["&&", "\n"],
    ]);
  });

  it("continues a list after && at the end of a line", () => {
    const commands = parseShellCommands("apt-get update &&\n  apt-get install -y x");
    expect(commands[1]!.after).toBe("&&");
  });

  it("joins backslash-newline continuations", () => {
    expect(argv("apt-get install \\\n  -y x")).toEqual([["apt-get", "install", "-y", "x"]]);
  });

  it("recognises environment prefixes and leaves redirections out of the arguments", () => {
    const [command] = parseShellCommands("DEBIAN_FRONTEND=noninteractive LANG=C apt-get install -y x > /dev/null 2>&1");
    expect(command!.assignments.map((a) => a.name)).toEqual(["DEBIAN_FRONTEND", "LANG"]);
    expect(command!.words.map((w) => w.raw)).toEqual(["apt-get", "install", "-y", "x"]);
    expect(command!.redirects.map((r) => [r.operator, r.target?.raw])).toEqual([
      [">", "/dev/null"],
      ["2>&", "1"],
    ]);
  });

  it("does not take a quoted NAME=value for an assignment", () => {
    const [command] = parseShellCommands("'A=1' echo");
    expect(command!.assignments).toEqual([]);
  });

  it("finds the commands inside if, for and while", () => {
    expect(argv("if [ -f x ]; then apt-get install -y a; else echo no; fi")).toEqual([
      ["[", "-f", "x", "]"],
      ["apt-get", "install", "-y", "a"],
      ["echo", "no"],
    ]);
    expect(argv("for i in 1 2; do ping && break; sleep 1; done")).toEqual([["ping"], ["break"], ["sleep", "1"]]);
  });
});

describe("resolveCommands", () => {
  it("looks through sudo, env, nohup, timeout and busybox", () => {
    expect(programs("sudo -u root -E apt-get install x; env A=1 nohup wget u; timeout 5s curl u; busybox unzip f.zip")).toEqual(["apt-get install x", "wget u", "curl u", "unzip f.zip"]);
  });

  it("does not take `command -v` for running the program", () => {
    expect(programs("command -v mariadb || command -v mysql")).toEqual(["command -v mariadb", "command -v mysql"]);
  });

  it("reads the script of sh -c and bash -ec", () => {
    expect(programs(`bash -ec "apt-get update && apt-get install -y x"`)).toEqual(["bash -ec apt-get update && apt-get install -y x", "apt-get update", "apt-get install -y x"]);
  });

  it("expands variables from the scope and from earlier assignments, splitting unquoted ones", () => {
    const commands = resolveCommands('PKGS="a b"; apt-get install $PKGS "$ONE" ${MISSING:-c}', new Map([["ONE", "x y"]]));
    expect(commands.at(-1)!.args.map((a) => a.value)).toEqual(["install", "a", "b", "x y", "c"]);
  });

  it("marks what it cannot expand", () => {
    const command = resolveCommands("apt-get install $(cat list) $UNKNOWN").find((c) => c.name === "apt-get");
    expect(command!.args.map((a) => a.resolved)).toEqual([true, false, false]);
  });

  it("keeps prefix variables on the command only", () => {
    const commands = resolveCommands("DEBIAN_FRONTEND=noninteractive apt-get install -y x; echo $DEBIAN_FRONTEND");
    expect(commands[0]!.env).toEqual({ DEBIAN_FRONTEND: "noninteractive" });
    expect(commands[1]!.args[0]!.resolved).toBe(false);
  });

  it("notes pipes", () => {
    const [download, extract] = resolveCommands("curl -L u | bsdtar -xf -");
    expect([download!.pipeOutput, extract!.pipeInput]).toEqual([true, true]);
  });
});

describe("parseShellCommands: the words of compound commands are not commands", () => {
  it.each([
    ["for i in a b c; do echo $i; done", [["echo", "$i"]]],
    ["for f in *.conf\ndo\n  cp $f /etc/\ndone", [["cp", "$f", "/etc/"]]],
    ["for ((i = 0; i < 3; i++)); do sleep 1; done", [["sleep", "1"]]],
    [
      "for i in a b; { echo $i; }; echo after",
      [
        ["echo", "$i"],
        ["echo", "after"],
      ],
    ],
    ["select x in a b; do echo $x; break; done", [["echo", "$x"], ["break"]]],
    [
      "case $ARCH in amd64|x86_64) echo x86;; (arm64) echo arm;; *) exit 1;; esac",
      [
        ["echo", "x86"],
        ["echo", "arm"],
        ["exit", "1"],
      ],
    ],
    ['case "$1" in\n  start)\n    run\n    ;;\n  *)\n    usage\nesac\necho after', [["run"], ["usage"], ["echo", "after"]]],
    [
      "while read -r line; do echo $line; done",
      [
        ["read", "-r", "line"],
        ["echo", "$line"],
      ],
    ],
    [
      "until ping -c1 db; do sleep 1; done",
      [
        ["ping", "-c1", "db"],
        ["sleep", "1"],
      ],
    ],
    ["if [ -f x ]; then a; elif b; then c; else d; fi", [["[", "-f", "x", "]"], ["a"], ["b"], ["c"], ["d"]]],
    ["setup() { mkdir -p /x; }; setup", [["mkdir", "-p", "/x"], ["setup"]]],
    ["setup()\n{\n  mkdir -p /x\n}\nsetup", [["mkdir", "-p", "/x"], ["setup"]]],
    ["function setup { mkdir -p /x; }; setup", [["mkdir", "-p", "/x"], ["setup"]]],
    ["function setup() ( mkdir -p /x ); setup", [["mkdir", "-p", "/x"], ["setup"]]],
    ["(( n++ )); echo $n", [["echo", "$n"]]],
  ])("reads %j", (script, expected) => {
    expect(argv(script)).toEqual(expected);
  });

  it("keeps look-alikes that are arguments or commands", () => {
    expect(argv("echo for case while if function; in x")).toEqual([
      ["echo", "for", "case", "while", "if", "function"],
      ["in", "x"],
    ]);
    expect(argv("find . -name '*.tmp' -exec rm {} \\;")).toEqual([["find", ".", "-name", "*.tmp", "-exec", "rm", "{}", ";"]]);
    expect(argv("echo a | (cd /x && tar x)")).toEqual([
      ["echo", "a"],
      ["cd", "/x"],
      ["tar", "x"],
    ]);
  });

  it("gives each command the compound commands around it", () => {
    const contexts = parseShellCommands("f() {\n  if a; then b | c & fi\n}\nwhile d; do { e; }; done").map((c) => [literalValue(c.words[0]!), c.context.join(" ")]);
    expect(contexts).toEqual([
      ["a", "f() if"],
      ["b", "f() if"],
      ["c", "f() if"],
      ["d", "loop"],
      ["e", "loop {"],
    ]);
  });
});

describe("resolveCommands: command substitutions and unknown values", () => {
  it.each([
    ["echo $(sudo id -u)", ["id"]],
    ["echo `whoami`", ["whoami"]],
    ['VERSION="$(cat /etc/debian_version)"', ["cat"]],
    ["cd $(mktemp -d) && wget -q $(cat /url)", ["mktemp", "cat"]],
    ["echo $(echo $(date))", ["date", "echo"]],
  ])("reads the commands inside the substitutions of %j", (script, inner) => {
    expect(
      resolveCommands(script)
        .filter((c) => c.substituted)
        .map((c) => c.name),
    ).toEqual(inner);
  });

  it("runs a substitution before its command, and leaves arithmetic alone", () => {
    expect(programs("tar -C $(mktemp -d) -xf a.tar")).toEqual(["mktemp -d", "tar -C $(mktemp -d) -xf a.tar"]);
    expect(programs("echo $((1 << 2)) $(( (3 + 4) * 2 ))")).toEqual(["echo $((1 << 2)) $(( (3 + 4) * 2 ))"]);
  });

  it("takes a variable assigned an unknown value for unknown, not for its raw text", () => {
    const [apt] = resolveCommands("FLAGS=$(cat /flags); apt-get install $FLAGS curl").filter((c) => c.name === "apt-get");
    expect(apt!.args.map((a) => [a.value, a.resolved])).toEqual([
      ["install", true],
      ["$FLAGS", false],
      ["curl", true],
    ]);
    const [echo] = resolveCommands("export PKGS=$EXTRA; echo $PKGS", new Map([["PKGS", "old"]])).filter((c) => c.name === "echo");
    expect(echo!.args[0]).toMatchObject({ resolved: false });
    const [inner] = resolveCommands("X=$(date) sh -c 'echo $X'").filter((c) => c.name === "echo");
    expect(inner!.args[0]).toMatchObject({ resolved: false });
  });

  it("still knows what it can expand", () => {
    const [echo] = resolveCommands("A=1; B=${A}2; echo $B").filter((c) => c.name === "echo");
    expect(echo!.args[0]).toMatchObject({ value: "12", resolved: true });
  });
});
