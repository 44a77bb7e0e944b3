import { describe, expect, it } from "vitest";
import { specOf, workspaceWithDockerfile } from "../../fixtures/test-workspace";
import { judgePackagesInImage, judgePackagesStatically } from "./judge";

const spec = specOf({
  kind: "packages",
  installed: [
    { describe: "the MariaDB server", anyOf: ["mariadb-server", "default-mysql-server"] },
    { describe: "PHP's MySQL extension", anyOf: ["php-mysql", "php?.?-mysql"] },
  ],
  notInstalled: ["wordpress"],
});
const ws = (run: string) => workspaceWithDockerfile(`FROM debian\n${run}\n`);
const image = (...installed: string[]) => ({ kind: "packages" as const, installed });

describe("packages, read from the Dockerfile", () => {
  it.each([
    "RUN apt-get update && apt-get install -y mariadb-server php-mysql",
    "RUN apt-get install -y default-mysql-server php8.4-mysql",
    'ARG PKGS="mariadb-server php-mysql"\nRUN apt-get install -y $PKGS',
    "RUN <<EOF\napt-get update\napt-get install -y \\\n  mariadb-server php-mysql\nEOF",
    'RUN ["apt-get", "install", "-y", "mariadb-server", "php-mysql"]',
  ])("accepts %j", (run) => {
    expect(judgePackagesStatically(spec, ws(run))).toMatchObject({ status: "pass", phase: "static" });
  });

  it("fails on the forbidden package and points at the line that installs it", () => {
    const result = judgePackagesStatically(spec, ws("RUN apt-get update \\\n && apt-get install -y \\\n   mariadb-server php-mysql wordpress"));
    expect(result).toMatchObject({ status: "fail", line: 4 });
    expect(result.message).toContain("line 4 installs wordpress");
  });

  it("does not flag look-alike names, nor a package removed again", () => {
    expect(judgePackagesStatically(spec, ws("RUN apt-get install -y mariadb-server php-mysql wordpress-theme-twentytwentyfive")).status).toBe("pass");
    expect(judgePackagesStatically(spec, ws("RUN apt-get install -y mariadb-server php-mysql wordpress && apt-get purge -y wordpress")).status).toBe("pass");
  });

  it("fails when a required package is missing, listing what is installed", () => {
    const result = judgePackagesStatically(spec, ws("RUN apt-get install -y mysql-server php-mysql"));
    expect(result.status).toBe("fail");
    expect(result.message).toContain("Expected the MariaDB server (mariadb-server or default-mysql-server) to be installed");
    expect(result.message).toContain("install mysql-server and php-mysql");
  });

  it("skips, rather than fails, when a variable hides the package list", () => {
    const result = judgePackagesStatically(spec, ws("RUN apt-get install -y $(cat /tmp/packages)"));
    expect(result.status).toBe("skip");
    expect(result.message).toContain("line 2 installs $(cat /tmp/packages)");
  });

  it("ignores packages installed in another stage", () => {
    expect(judgePackagesStatically(spec, ws("RUN apt-get install -y wordpress\nFROM debian\nRUN apt-get install -y mariadb-server php-mysql")).status).toBe("pass");
  });
});

describe("packages, read from the built image", () => {
  const dockerfile = ws("RUN apt-get install -y default-mysql-server php-mysql");

  it("trusts dpkg: a metapackage's dependency counts", () => {
    const result = judgePackagesInImage(spec, image("mariadb-server", "php8.4-mysql", "php-mysql", "apache2"), dockerfile);
    expect(result).toMatchObject({ status: "pass", phase: "dynamic" });
    expect(result.message).toContain("mariadb-server and php8.4-mysql installed, and not wordpress");
  });

  it("fails when dpkg lists a forbidden package, naming the apt line that brings it", () => {
    const result = judgePackagesInImage(spec, image("mariadb-server", "php8.4-mysql", "wordpress", "wordpress-l10n"), ws("RUN apt-get install -y mariadb-server php-mysql wordpress-l10n"));
    expect(result).toMatchObject({ status: "fail", line: 2 });
    expect(result.message).toContain("line 2 installs wordpress-l10n, which depends on it");
  });

  it("fails when no name of a group is installed", () => {
    expect(judgePackagesInImage(spec, image("php8.4-mysql"), dockerfile).message).toContain("dpkg lists none of them");
  });

  it("fails when a required package's program is not the file it installed (dpkg --verify)", () => {
    const outcome = {
      ...image("mariadb-server", "php-mysql"),
      changed: [{ package: "mariadb-server", path: "/usr/bin/mariadb-install-db", problem: "changed" as const }],
    };
    const result = judgePackagesInImage(spec, outcome, dockerfile);
    expect(result.status).toBe("fail");
    expect(result.message).toContain("/usr/bin/mariadb-install-db of mariadb-server is not the file Debian's package holds");
    expect(judgePackagesInImage(spec, { ...outcome, changed: [] }, dockerfile).status).toBe("pass");
  });

  it("fails when the image claims a package version Debian never published", () => {
    const outcome = { ...image("mariadb-server", "php-mysql"), changed: [{ package: "mariadb-server", path: "", problem: "unpublished" as const, version: "9:99.0-fake" }] };
    const result = judgePackagesInImage(spec, outcome, dockerfile);
    expect(result.status).toBe("fail");
    expect(result.message).toContain("mariadb-server 9:99.0-fake is not a package version Debian published");
  });

  it("neither passes nor fails when Debian's checksums could not be fetched", () => {
    const result = judgePackagesInImage(spec, { ...image("mariadb-server", "php-mysql"), verifyError: "no Debian mirror answered" }, dockerfile);
    expect(result.status).toBe("error");
    expect(result.message).toContain("no Debian mirror answered");
  });

  it("falls back to the Dockerfile when the list could not be read", () => {
    const result = judgePackagesInImage(spec, { kind: "packages", installed: [], error: "image not found" }, dockerfile);
    expect(result.status).toBe("pass");
    expect(result.message).toContain("could not be read (image not found)");
  });
});
