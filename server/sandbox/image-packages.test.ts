import { describe, expect, it } from "vitest";
import { installedFromStatus, parseVerifyOutput, verifiedLines, verifyScript } from "./image-packages";

describe("reading dpkg's files without dpkg", () => {
  it("lists installed packages only, from the status file", () => {
    const status = [
      "Package: apache2\nStatus: install ok installed\nArchitecture: amd64\nVersion: 2.4.62-1",
      "Package: wordpress\nStatus: deinstall ok config-files\nArchitecture: all",
      "Package: php8.2\nStatus: purge ok not-installed\nArchitecture: all",
      "Package: mariadb-server\nStatus: install ok installed\nArchitecture: amd64\nDescription: x\n more",
    ].join("\n\n");
    expect(installedFromStatus(status)).toEqual([
      { name: "apache2", arch: "amd64", version: "2.4.62-1", source: "apache2" },
      { name: "mariadb-server", arch: "amd64", version: "", source: "mariadb-server" },
    ]);
  });

  it("puts only names dpkg allows into the grader's script", () => {
    const sum = "0123456789abcdef0123456789abcdef";
    const script = verifyScript([
      { name: "apache2-bin", sums: [`${sum}  usr/sbin/apache2`, `${sum}  usr/bin/$(reboot)`, `${sum}  x\nWB_SUMS_0`, "not a sum line"] },
      { name: "x;reboot", sums: [`${sum}  usr/bin/x`] },
      { name: "libstdc++6", sums: [`${sum}  usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.33`] },
    ]);
    // Debian's checksums travel in the script: the image's own md5sums files are never read.
    expect(script).not.toContain("/var/lib/dpkg");
    expect(script).toContain(`$B md5sum -c 2>&1 <<'WB_SUMS_0' | $B sed "s|^|apache2-bin |"\n${sum}  usr/sbin/apache2\nWB_SUMS_0`);
    expect(script).toContain(`${sum}  usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.33`);
    expect(script).not.toContain("reboot");
    expect(script).not.toContain("not a sum line");
  });

  it("reads what md5sum -c found: changed and missing files, by package", () => {
    const output = [
      "apache2-bin usr/sbin/apache2: FAILED",
      "apache2-bin usr/lib/apache2/modules/mod_php.so: OK",
      "mariadb-server md5sum: can't open 'usr/bin/mariadb-install-db': No such file or directory",
      "mariadb-server usr/bin/mariadb-install-db: FAILED",
      "mariadb-server md5sum: WARNING: 1 of 40 computed checksums did NOT match",
    ].join("\n");
    expect(parseVerifyOutput(output)).toEqual([
      { package: "apache2-bin", path: "/usr/sbin/apache2", problem: "changed" },
      { package: "mariadb-server", path: "/usr/bin/mariadb-install-db", problem: "missing" },
    ]);
  });

  it("keeps a status stanza's source package without its version", () => {
    const status = "Package: mariadb-server-core\nStatus: install ok installed\nArchitecture: amd64\nSource: mariadb (1:11.8.2-1)\nVersion: 1:11.8.2-1";
    expect(installedFromStatus(status)).toEqual([{ name: "mariadb-server-core", arch: "amd64", version: "1:11.8.2-1", source: "mariadb" }]);
  });

  it("verifies programs and shared libraries, not documentation", () => {
    const sums = new Map([
      ["usr/sbin/mariadbd", "a".repeat(32)],
      ["usr/lib/x86_64-linux-gnu/libfoo.so.1.2", "b".repeat(32)],
      ["usr/share/doc/mariadb/changelog.gz", "c".repeat(32)],
    ]);
    expect(verifiedLines(sums)).toEqual([`${"a".repeat(32)}  usr/sbin/mariadbd`, `${"b".repeat(32)}  usr/lib/x86_64-linux-gnu/libfoo.so.1.2`]);
  });
});
