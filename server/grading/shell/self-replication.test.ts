/** Fork bombs and other self-replicating scripts, told apart from recursion that ends. */
import { describe, expect, it } from "vitest";
import { findSelfReplication } from "./self-replication";

describe("findSelfReplication", () => {
  it.each([
    [":(){ :|:& };:", ":", "in a pipe and in the background"],
    [":(){ : | : & }; :", ":", "in a pipe and in the background"],
    ["bomb() { bomb | bomb & }; bomb", "bomb", "in a pipe and in the background"],
    ["bomb()\n{\n  bomb | bomb &\n}\nbomb", "bomb", "in a pipe and in the background"],
    ["function f { f & f & }; f", "f", "in the background"],
    ["function f() ( f | f ); f", "f", "in a pipe"],
    ["f() { echo tick | f; }; f", "f", "in a pipe"],
    ["f() { sleep 1; f & }\nf", "f", "in the background"],
    ["set -e\nf() { f | f & }\nf 2>/dev/null || true", "f", "in a pipe and in the background"],
    ["a() { b & }; b() { a; }; a", "a", "in the background"],
    ["sh -c ':(){ :|:& };:'", ":", "in a pipe and in the background"],
    ["apt-get update && bash -ec 'g() { g | g & }; g'", "g", "in a pipe and in the background"],
  ])("finds %j", (script, name, how) => {
    expect(findSelfReplication(script)).toMatchObject({ name, how });
  });

  it("names the cycle of functions that start each other", () => {
    expect(findSelfReplication("ping() { pong & }; pong() { ping; }; ping")).toMatchObject({ name: "ping", cycle: ["ping", "pong"] });
    expect(findSelfReplication(":(){ :|:& };:")).toMatchObject({ cycle: [":"], offset: 5 });
  });

  it.each([
    // Recursion in one process: it ends when the shell runs out of stack, without new processes.
    "f() { f; }; f",
    // Recursion that ends: a guard with return or exit, a condition, a loop over finite data.
    'count() { [ "$1" -ge 3 ] && return; count $(( $1 + 1 )) & wait; }; count 0',
    'f() { if [ "$1" -lt 3 ]; then f $(( $1 + 1 )) & fi; wait; }; f 0',
    'f() { [ -d "$1/sub" ] && f "$1/sub" | cat; }; f /srv',
    'walk() { for d in "$1"/*/; do walk "$d" & done; wait; }; walk /srv',
    'retry() { "$@" || { sleep 1; retry "$@"; }; }; retry curl -f http://db',
    "f() { case $1 in 0) ;; *) f $(( $1 - 1 )) | cat ;; esac; }; f 3",
    "f() { exit 1; f | f & }; f",
    // Never called, or only quoted, or written to a file rather than run.
    ":(){ :|:& }",
    "echo ':(){ :|:& };:' > /etc/motd",
    "cat > /bomb.sh <<'EOF'\n:(){ :|:& };:\nEOF",
    // Pipelines and background jobs of other programs.
    "f() { yes | head -n 3 & }; f; wait",
    "a() { b | b & }; b() { echo; }; a",
    "tail -f /var/log/x & sleep 1; kill %1",
    "apt-get update && apt-get install -y curl",
  ])("does not take %j for a fork bomb", (script) => {
    expect(findSelfReplication(script)).toBeNull();
  });
});
