/** A Dockerfile with a fork bomb is refused before its build starts; recursion that ends is built. */
import { describe, expect, it } from "vitest";
import { checksFileSchema } from "../../check-spec";
import type { GradingSandbox } from "../../grading-sandbox";
import { fakeSandbox } from "../../fixtures/fake-sandbox";
import { runChecks } from "../../run-checks";
import { specOf } from "../../fixtures/test-workspace";
import { refuseBuild } from "./judge";

const spec = specOf({ kind: "build", tag: "wordpress-img" });
const refusal = (dockerfile: string) => refuseBuild(spec, { folder: "step", files: { "step/Dockerfile": dockerfile } });

describe("refuseBuild", () => {
  it.each([
    ["FROM debian:trixie\nRUN :(){ :|:& };:\n", 2],
    ["FROM debian:trixie\nRUN apt-get update \\\n && bomb() { bomb | bomb & }; bomb\n", 3],
    ["FROM debian:trixie\nRUN <<EOF\nset -e\nf() {\n  f | f &\n}\nf\nEOF\n", 5],
    ["FROM debian:trixie\nRUN bash <<'EOF'\nf() { f & f & }; f\nEOF\n", 3],
    ['FROM debian:trixie\nRUN ["/bin/sh", "-c", ":(){ :|:& };:"]\n', 2],
    ["FROM debian:trixie\nRUN sh -c 'g() { g | g & }; g'\n", 2],
    ["FROM debian:trixie AS tools\nRUN true\nFROM debian:trixie\nRUN ping() { pong & }; pong() { ping; }; ping\n", 4],
  ])("refuses %j, pointing at line %i", (dockerfile, line) => {
    const result = refusal(dockerfile);
    expect(result).toMatchObject({ status: "fail", file: "step/Dockerfile", line });
    expect(result!.message).toMatch(new RegExp(`^Expected every RUN of step/Dockerfile to end; line ${line} has a fork bomb: `));
    expect(result!.message).toContain("did not start the build of wordpress-img");
  });

  it("says which function starts itself, and how", () => {
    expect(refusal("FROM debian:trixie\nRUN :(){ :|:& };:\n")!.message).toContain("the function : starts itself again in a pipe and in the background (RUN :(){ :|:& };:)");
    expect(refusal("FROM debian:trixie\nRUN ping() { pong & }; pong() { ping; }; ping\n")!.message).toContain(
      "the functions ping and pong call each other without end, and ping starts pong in the background",
    );
  });

  it.each([
    "FROM debian:trixie\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n",
    "FROM debian:trixie\nRUN echo ':(){ :|:& };:' > /etc/motd\n",
    "FROM debian:trixie\nRUN cat > /usr/local/bin/bomb <<'EOF'\n:(){ :|:& };:\nEOF\n",
    "FROM debian:trixie\nCOPY <<EOF /etc/motd\n:(){ :|:& };:\nEOF\n",
    "FROM debian:trixie\nRUN python3 <<EOF\nprint(':(){ :|:& };:')\nEOF\n",
    'FROM debian:trixie\nCMD ["sh", "-c", ":(){ :|:& };:"]\n',
    "FROM debian:trixie\nRUN f() { f; }; f || true\n",
    'FROM debian:trixie\nRUN walk() { for d in "$1"/*/; do walk "$d" & done; wait; }; walk /usr\n',
    'FROM debian:trixie\nRUN count() { [ "$1" -ge 3 ] && return; count $(( $1 + 1 )) & wait; }; count 0\n',
    "FROM debian:trixie\nRUN :(){ :|:& }\n",
  ])("builds %j", (dockerfile) => {
    expect(refusal(dockerfile)).toBeNull();
  });

  it("leaves a missing Dockerfile to the build's own message", () => {
    expect(refuseBuild(spec, { folder: "step", files: {} })).toBeNull();
  });
});

describe("runChecks with a fork bomb", () => {
  const checksFile = checksFileSchema.parse({
    step: 1,
    folder: "step",
    checks: [
      { id: "build", kind: "build", title: "Builds", tag: "img" },
      { id: "up", kind: "container", title: "Stays up", name: "c", image: "img", stableSeconds: 0 },
    ],
  });
  const sandbox = (calls: string[]): GradingSandbox =>
    fakeSandbox({
      build: async () => (calls.push("build"), { kind: "build", ok: true, timedOut: false, logTail: "", durationMs: 1 }),
      runContainer: async () => (calls.push("run"), { kind: "container", started: true, running: true, logsTail: "" }),
    });

  it("fails the build check without starting the build, and skips what needs the image", async () => {
    const calls: string[] = [];
    const report = await runChecks(checksFile, { folder: "step", files: { "step/Dockerfile": "FROM debian:trixie\nRUN :(){ :|:& };:\n" } }, sandbox(calls));
    expect(calls).toEqual([]);
    expect(report.results.map((r) => [r.id, r.status])).toEqual([
      ["build", "fail"],
      ["up", "skip"],
    ]);
    expect(report.results[0]).toMatchObject({ line: 2, message: expect.stringContaining("fork bomb") });
  });

  it("builds a Dockerfile whose recursion ends", async () => {
    const calls: string[] = [];
    const dockerfile = "FROM debian:trixie\nRUN f() { [ $1 -ge 2 ] && return; f $(($1 + 1)) & wait; }; f 0\n";
    await runChecks(checksFile, { folder: "step", files: { "step/Dockerfile": dockerfile } }, sandbox(calls));
    expect(calls).toEqual(["build", "run"]);
  });
});
