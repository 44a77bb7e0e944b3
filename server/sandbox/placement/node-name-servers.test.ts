import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { nodeLookupScript, parseNodeLookup, reportNodeNameServers, type NodeLookup } from "./node-name-servers";

const timing = (ms: number, answered = true, answer = "no such name"): NodeLookup => ({ timing: { server: "its engines' resolver", ms, answered, answer }, container: "workbench-infra" });

describe("a node's lookup, as its engines make it", () => {
  it("reads only the script's own line: found, no such name, no answer (timeout's 124, at least the time given)", () => {
    expect(parseNodeLookup("wb-lookup 2 6\n", "r")).toEqual({ server: "r", ms: 6, answered: true, answer: "no such name" });
    expect(parseNodeLookup("noise\nwb-lookup 0 12\n", "r")).toMatchObject({ answered: true, answer: "found", ms: 12 });
    expect(parseNodeLookup("wb-lookup 124 3004\n", "r")).toMatchObject({ answered: false, answer: "no answer", ms: 3004 });
    expect(parseNodeLookup("wb-lookup 124 12\n", "r")?.ms).toBe(3000);
  });

  it("treats anything else as unreadable (the container may be a student's engine): other codes, long numbers, extra words, nothing", () => {
    for (const hostile of ["", "wb-lookup 1 5", "wb-lookup 0 99999999", "wb-lookup 0 5 extra", "wb-lookup -1 5", "wb-lookup 0 1e3", "x".repeat(100_000), "wb-lookup 0 5\nwb-lookup 7 5"]) {
      expect(parseNodeLookup(hostile, "r"), JSON.stringify(hostile.slice(0, 40))).toBeUndefined();
    }
  });

  it("runs in sh as written: the line it prints parses (this host's resolver, bounded by its 3 s)", () => {
    const began = Date.now();
    const output = execFileSync("sh", ["-c", nodeLookupScript()], { encoding: "utf8", timeout: 10_000 });
    const parsed = parseNodeLookup(output, "this host");
    expect(parsed, output).toBeDefined();
    expect(Date.now() - began).toBeLessThan(6_000);
    expect(() => nodeLookupScript("a; rm -rf /")).toThrow(/not a host name/);
  });
});

describe("the doctor's node name servers line", () => {
  it("passes when every node answers at once, even 'no such name' (an offline site's), and names each node", () => {
    const outcome = reportNodeNameServers([
      { hostname: "node11", lookup: timing(6) },
      { hostname: "node12", lookup: timing(40, true, "found") },
    ]);
    expect(outcome.ok).toBe(true);
    expect(outcome.detail).toBe("a lookup of api.wordpress.org on each engine node, as its engines make it: node11 no such name in 6 ms; node12 found in 40 ms");
  });

  it("fails naming the node that gives no answer, in seconds, with the node's resolv.conf and dockerd's dns as the fix", () => {
    const outcome = reportNodeNameServers([
      { hostname: "node11", lookup: timing(6) },
      { hostname: "node12", lookup: timing(3000, false, "no answer") },
    ]);
    expect(outcome.ok).toBe(false);
    expect(outcome.detail).toMatch(/^on node12 the engines' lookups of names of the internet wait \(api\.wordpress\.org\): node11 no such name in 6 ms; node12 no answer in 3\.0 s\./);
    expect(outcome.detail).toContain("WordPress's installer page takes about 20 s");
    expect(outcome.fix).toContain("/etc/resolv.conf");
    expect(outcome.fix).toContain('"dns" setting in /etc/docker/daemon.json');
  });

  it("fails on a late answer too; a node not asked is said, not failed", () => {
    expect(reportNodeNameServers([{ hostname: "n", lookup: timing(2_500) }]).ok).toBe(false);
    const outcome = reportNodeNameServers([{ hostname: "n", lookup: { unknown: "not checked: the server runs no container on its learners' network yet" } }, { hostname: "m" }]);
    expect(outcome).toEqual({
      ok: true,
      detail: "a lookup of api.wordpress.org on each engine node, as its engines make it: n not checked: the server runs no container on its learners' network yet",
    });
  });
});
