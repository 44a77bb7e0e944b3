import { describe, expect, it } from "vitest";
import { installedFromStatus, parseVerifyOutput, verifyScript } from "./image-packages";

describe("reading dpkg's files without dpkg", () => {
  it("lists installed packages only, from the status file", () => {
    const status = [
      "Package: apache2\nStatus: install ok installed\nArchitecture: amd64\nVersion: 2.4.62-1",
      "Package: wordpress\nStatus: deinstall ok config-files\nArchitecture: all",
      "Package: php8.2\nStatus: purge ok not-installed\nArchitecture: all",
      "Package: mariadb-server\nStatus: install ok installed\nArchitecture: amd64\nDescription: x\n more",
    ].join("\n\n");
    expect(installedFromStatus(status)).toEqual([
      { name: "apache2", arch: "amd64" },
      { name: "mariadb-server", arch: "amd64" },
    ]);
  });

  it("puts only names dpkg allows into the grader's script", () => {
    const script = verifyScript([
      { name: "apache2", arch: "amd64" },
      { name: "x;reboot", arch: "amd64" },
      { name: "php8.2", arch: "$(id)" },
      { name: "libstdc++6", arch: "" },
    ]);
    expect(script).toContain("for p in apache2:amd64 libstdc++6:; do");
    expect(script).not.toContain("reboot");
    expect(script).not.toContain("$(id)");
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
});
