import { describe, expect, it } from "vitest";
import { findAptOperations, normalizePackageName } from "./apt-operations";
import { resolveCommands } from "./resolve-commands";

const operations = (script: string, scope = new Map<string, string>()) => findAptOperations(resolveCommands(script, scope));
const installed = (script: string) => operations(script).flatMap((op) => op.packages.filter((p) => p.action === "install").map((p) => p.name));

describe("findAptOperations", () => {
  it("reads packages past the usual options", () => {
    expect(installed("apt-get install -y -qq --no-install-recommends -o Dpkg::Options::=--force-confold apache2 php")).toEqual(["apache2", "php"]);
    expect(installed("apt-get -y -oAPT::Get::Assume-Yes=1 install mariadb-server")).toEqual(["mariadb-server"]);
    expect(installed("apt-get install -t trixie-backports -y unzip")).toEqual(["unzip"]);
    expect(installed("apt-get install --target-release trixie-backports unzip")).toEqual(["unzip"]);
  });

  it("works for apt and aptitude, behind sudo and environment prefixes", () => {
    expect(installed("sudo DEBIAN_FRONTEND=noninteractive apt install -y wget; aptitude -y install unzip")).toEqual(["wget", "unzip"]);
    expect(installed("DEBIAN_FRONTEND=noninteractive /usr/bin/apt-get install -y curl")).toEqual(["curl"]);
  });

  it("strips versions, releases and architectures, and ignores .deb files", () => {
    expect(installed("apt-get install -y php8.4-mysql=8.4.1-1 mariadb-server/trixie libc6:amd64 ./local.deb")).toEqual(["php8.4-mysql", "mariadb-server", "libc6"]);
  });

  it("reads removals: remove, purge, --purge, and a trailing - in an install", () => {
    const ops = operations("apt-get install -y a b- && apt-get remove -y c && apt-get purge d && apt-get remove --purge e");
    expect(ops.flatMap((op) => op.packages.map((p) => `${p.action}:${p.name}`))).toEqual(["install:a", "remove:b", "remove:c", "purge:d", "purge:e"]);
  });

  it("takes a simulation or a download only for installing nothing", () => {
    for (const script of [
      "apt-get install -s curl",
      "apt-get -sy install curl",
      "apt-get install --dry-run curl",
      "apt install --simulate curl",
      "apt-get install --just-print curl",
      "apt-get install --recon curl",
      "apt-get install --no-act curl",
      "apt-get install -d -y curl",
      "aptitude -s install curl",
    ]) {
      expect(installed(script)).toEqual([]);
    }
    expect(operations("apt-get remove -s curl")).toEqual([]);
  });

  it("still reads installs whose options only look like a simulation", () => {
    expect(installed("apt-get install -y --simulate=false curl")).toEqual(["curl"]);
    expect(installed("apt-get install -t stable-backports -y curl")).toEqual(["curl"]);
    expect(installed("apt-get install -y -o Debug::NoLocking=1 curl")).toEqual(["curl"]);
    expect(installed("apt-get install -y openssh-server sysstat")).toEqual(["openssh-server", "sysstat"]);
  });

  it("ignores apt-get update, clean and friends", () => {
    expect(operations("apt-get update && apt-get clean && apt-get -y upgrade")).toEqual([]);
  });

  it("expands known variables and reports unknown ones", () => {
    expect(installed('PKGS="apache2 php"; apt-get install -y $PKGS')).toEqual(["apache2", "php"]);
    const [op] = operations("apt-get install -y $(cat /tmp/list) $EXTRA");
    expect(op!.unresolved).toEqual(["$(cat /tmp/list)", "$EXTRA"]);
    expect(operations("cat list | xargs apt-get install -y")[0]!.moreFromInput).toBe(true);
  });

  it("finds apt inside sh -c and if blocks", () => {
    expect(installed(`sh -c "apt-get install -y a" && if true; then apt-get install -y b; fi`)).toEqual(["a", "b"]);
  });
});

describe("normalizePackageName", () => {
  it("lower-cases and rejects paths", () => {
    expect(normalizePackageName("Apache2")).toBe("apache2");
    expect(normalizePackageName("/tmp/x.deb")).toBeNull();
  });
});
