import { createServer } from "node:http";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aptSourceMirrors, DebianArchive, parseMd5sums, poolUrls } from "./debian-archive";
import { listenOnFreePort, type ListeningServer } from "../http/testing/listen";

describe("where Debian keeps a package", () => {
  it("reads the mirrors of deb822 and one-line apt sources, security apart", () => {
    const deb822 =
      "Types: deb\nURIs: http://mirror.example/debian/\nSuites: trixie trixie-updates\nComponents: main\n\nTypes: deb\nURIs: http://mirror.example/debian-security\nSuites: trixie-security\n";
    const oneLine = "# comment\ndeb [arch=amd64 signed-by=/k.gpg] http://other.example/debian trixie main\ndeb http://x.example/debian trixie-backports main\n";
    expect(aptSourceMirrors([deb822, oneLine])).toEqual({ debian: ["http://mirror.example/debian", "http://other.example/debian"], security: ["http://mirror.example/debian-security"] });
    expect(aptSourceMirrors(["deb file:/cdrom trixie main\ndeb http://evil.example/debian?x=1 trixie main"])).toEqual({ debian: [], security: [] });
  });

  it("builds pool URLs from the source package, the version without its epoch and the architecture", () => {
    const urls = poolUrls({ name: "mariadb-server-core", version: "1:11.8.2-1~deb13u1", arch: "amd64", source: "mariadb" }, { debian: ["http://m/debian"], security: ["http://m/debian-security"] });
    expect(urls[0]).toBe("http://m/debian/pool/main/m/mariadb/mariadb-server-core_11.8.2-1%7Edeb13u1_amd64.deb");
    expect(urls.at(-1)).toBe("http://m/debian-security/pool/updates/main/m/mariadb/mariadb-server-core_11.8.2-1%7Edeb13u1_amd64.deb");
    expect(poolUrls({ name: "libapache2-mod-php8.4", version: "8.4.1-1", arch: "amd64", source: "php8.4" }, { debian: ["http://m/debian"], security: [] })[0]).toBe(
      "http://m/debian/pool/main/p/php8.4/libapache2-mod-php8.4_8.4.1-1_amd64.deb",
    );
    expect(poolUrls({ name: "libc6", version: "2.41-1", arch: "amd64", source: "glibc" }, { debian: ["http://m/debian"], security: [] })[0]).toContain("/pool/main/g/glibc/");
    expect(poolUrls({ name: "libssl3t64", version: "3.5.0-1", arch: "amd64", source: "openssl" }, { debian: ["http://m/debian"], security: [] })[0]).toContain("/pool/main/o/openssl/");
    expect(poolUrls({ name: "libzstd1", version: "1.5-1", arch: "amd64", source: "libzstd" }, { debian: ["http://m/debian"], security: [] })[0]).toContain("/pool/main/libz/libzstd/");
    // What the image claims only chooses a URL, and only when it is a name and version Debian could publish.
    expect(poolUrls({ name: "../../etc", version: "1", arch: "amd64", source: "x" }, { debian: ["http://m/debian"], security: [] })).toEqual([]);
    expect(poolUrls({ name: "x", version: "1/../../y", arch: "amd64", source: "x" }, { debian: ["http://m/debian"], security: [] })).toEqual([]);
  });

  it("reads md5sums lines, dropping malformed ones", () => {
    const sums = parseMd5sums(`${"a".repeat(32)}  usr/sbin/apache2\nnot a line\n${"b".repeat(31)}  short\n${"c".repeat(32)}  ./usr/bin/x y\n`);
    expect([...sums]).toEqual([
      ["usr/sbin/apache2", "a".repeat(32)],
      ["usr/bin/x y", "c".repeat(32)],
    ]);
  });
});

/** A real .deb built with the host's dpkg-deb, served by a small mirror on loopback. */
describe("Debian's published checksums, fetched from a mirror", () => {
  let dir: string;
  let mirror: ListeningServer | undefined;
  let base: string;
  const requests: string[] = [];
  let answering = true;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "wb-deb-test-"));
    const root = path.join(dir, "pkg");
    mkdirSync(path.join(root, "DEBIAN"), { recursive: true });
    mkdirSync(path.join(root, "usr/sbin"), { recursive: true });
    writeFileSync(path.join(root, "usr/sbin/tool"), "#!/bin/sh\necho real\n");
    writeFileSync(path.join(root, "DEBIAN/control"), "Package: tool\nVersion: 1:2.0-1\nArchitecture: amd64\nMaintainer: t <t@example.org>\nDescription: test\n");
    const md5 = execFileSync("md5sum", ["usr/sbin/tool"], { cwd: root, encoding: "utf8" });
    writeFileSync(path.join(root, "DEBIAN/md5sums"), md5);
    execFileSync("dpkg-deb", ["--root-owner-group", "-Zxz", "--build", root, path.join(dir, "tool.deb")], { stdio: "ignore" });
    const deb = readFileSync(path.join(dir, "tool.deb"));
    const server = createServer((req, res) => {
      requests.push(req.url ?? "");
      if (!answering) return req.socket.destroy();
      if (req.url === "/debian/pool/contrib/t/toolsrc/tool_2.0-1_amd64.deb") {
        res.writeHead(200, { "content-length": deb.length });
        res.end(deb);
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    mirror = await listenOnFreePort(server);
    base = mirror.url;
  });

  afterAll(async () => {
    await mirror?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const mirrors = () => ({ debian: [`${base}/debian`], security: [] });

  it("finds the package in any component, reads its md5sums with dpkg-deb and keeps them on disk", async () => {
    const cache = path.join(dir, "cache");
    const archive = new DebianArchive(cache, mirrors);
    const answer = await archive.published({ name: "tool", version: "1:2.0-1", arch: "amd64", source: "toolsrc" });
    expect(answer.ok && [...answer.sums.keys()]).toEqual(["usr/sbin/tool"]);
    expect(requests.filter((r) => r.endsWith(".deb"))).toEqual(["/debian/pool/main/t/toolsrc/tool_2.0-1_amd64.deb", "/debian/pool/contrib/t/toolsrc/tool_2.0-1_amd64.deb"]);
    // A fresh client (a restarted server) answers from the disk without asking the mirror.
    requests.length = 0;
    const again = await new DebianArchive(cache, mirrors).published({ name: "tool", version: "1:2.0-1", arch: "amd64", source: "toolsrc" });
    expect(again.ok && again.sums.get("usr/sbin/tool")).toBe(answer.ok && answer.sums.get("usr/sbin/tool"));
    expect(requests).toEqual([]);
  });

  it("says a version no mirror has was not published, and an unreachable mirror that nothing can be said", async () => {
    const archive = new DebianArchive(undefined, mirrors);
    expect(await archive.published({ name: "tool", version: "9.9-fake", arch: "amd64", source: "toolsrc" })).toMatchObject({ ok: false, reason: "not-published" });
    answering = false;
    try {
      expect(await archive.published({ name: "tool", version: "3.0-1", arch: "amd64", source: "toolsrc" })).toMatchObject({ ok: false, reason: "unavailable" });
    } finally {
      answering = true;
    }
  });
});
