/**
 * The set-up scripts never fail silently: a failure names the script, the line and the command,
 * and a logged step shows the last lines of its log (scripts/lib.sh). The Debian mirror is read
 * from the host's apt sources, in both formats.
 */
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { aptSourceMirrors, readAptSources } from "../sandbox/debian-archive";

const root = path.resolve(__dirname, "../..");

/** Runs a script that sources lib.sh, as scripts/<name> would be. */
function runScript(body: string, env: Record<string, string> = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "wb-lib-"));
  const script = path.join(dir, "ensure-example.sh");
  writeFileSync(script, `#!/usr/bin/env bash\nsource ${root}/scripts/lib.sh\n${body}\n`);
  return spawnSync("bash", [script], { encoding: "utf8", env: { ...process.env, WB_CACHE_DIR: dir, ...env } });
}

describe("scripts/lib.sh", () => {
  it("names the script, line and command of an unexpected failure", () => {
    const result = runScript('note "before"\nfalse\nnote "after"');
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("before");
    expect(result.stdout).not.toContain("after");
    expect(result.stderr).toContain("error: scripts/ensure-example.sh stopped at line 4 (exit 1) running: false");
  });

  it("shows the last lines of a failed logged step and where its log is", () => {
    const result = runScript('run_logged "building the example" "$WB_CACHE_DIR/example.log" bash -c "echo step one; echo the real cause >&2; exit 3"');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("the real cause");
    expect(result.stderr).toMatch(/error: building the example failed in scripts\/ensure-example\.sh \(exit 3\): .*\(full log: .*example\.log\)/);
  });

  it("reads the Debian mirrors from the host's apt sources, deb822 or one-line", () => {
    const apt = mkdtempSync(path.join(os.tmpdir(), "wb-apt-"));
    mkdirSync(path.join(apt, "sources.list.d"));
    writeFileSync(
      path.join(apt, "sources.list.d/debian.sources"),
      "Types: deb\nURIs: http://mirror.example.edu/debian/\nSuites: bookworm bookworm-updates\nComponents: main\n\nTypes: deb\nURIs: http://mirror.example.edu/debian-security\nSuites: bookworm-security\nComponents: main\n",
    );
    const deb822 = runScript("debian_mirror debian; debian_mirror security", { WB_APT_DIR: apt });
    expect(deb822.stdout.trim().split("\n")).toEqual(["http://mirror.example.edu/debian", "http://mirror.example.edu/debian-security"]);

    const oneLine = mkdtempSync(path.join(os.tmpdir(), "wb-apt-"));
    writeFileSync(
      path.join(oneLine, "sources.list"),
      "# comment\ndeb [arch=amd64 signed-by=/k.gpg] http://ftp.fr.debian.org/debian/ bookworm main\ndeb http://security.debian.org/debian-security bookworm-security main\n",
    );
    const listed = runScript("debian_mirror debian; debian_mirror security", { WB_APT_DIR: oneLine });
    expect(listed.stdout.trim().split("\n")).toEqual(["http://ftp.fr.debian.org/debian", "http://security.debian.org/debian-security"]);

    const none = runScript("debian_mirror debian", { WB_APT_DIR: mkdtempSync(path.join(os.tmpdir(), "wb-apt-")) });
    expect(none.stdout.trim()).toBe("http://deb.debian.org/debian");
  });
  it("picks the same first Debian mirrors as the server's checksum fetcher, for the same apt sources", () => {
    // The set-up (debian_mirror, shell) and the grader (aptSourceMirrors, TypeScript) read the host's
    // apt sources apart; this holds them to one answer on the layouts hosts really have.
    const layouts: Record<string, string>[] = [
      { "sources.list": "deb http://a.example/debian bookworm main\ndeb http://a.example/debian-security bookworm-security main\n" },
      {
        "sources.list.d/b.sources":
          "Types: deb\nURIs: http://b.example/debian/\nSuites: trixie trixie-updates\nComponents: main\n\nTypes: deb\nURIs: http://b.example/debian-security\nSuites: trixie-security\n",
        "sources.list.d/a.list": "# first by the shell's order: .list before .sources\ndeb [signed-by=/k.gpg] http://c.example/debian trixie main\n",
      },
      { "sources.list": "deb http://x.example/debian trixie-backports main\ndeb http://y.example/debian trixie-updates main\n", "sources.list.d/z.list": "deb http://z.example/debian trixie main\n" },
      { "sources.list": "# nothing but comments\n" },
    ];
    for (const files of layouts) {
      const apt = mkdtempSync(path.join(os.tmpdir(), "wb-apt-"));
      mkdirSync(path.join(apt, "sources.list.d"));
      for (const [name, text] of Object.entries(files)) writeFileSync(path.join(apt, name), text);
      const shell = runScript("debian_mirror debian; debian_mirror security", { WB_APT_DIR: apt }).stdout.trim().split("\n");
      const found = aptSourceMirrors(readAptSources(apt));
      expect([found.debian[0] ?? "http://deb.debian.org/debian", found.security[0] ?? "http://deb.debian.org/debian-security"], JSON.stringify(files)).toEqual(shell);
    }
  });
});
