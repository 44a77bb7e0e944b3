import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describeDirectEgress, findStaleHosts, parseDirectEgressRules, resolveHostsNow, RERUN_FIX } from "./direct-egress";

const BRIDGE = "wb-learners";

/** `iptables -S WORKBENCH-FWD` as iptables prints it (options reordered, comments quoted), under "mirrors". */
const MIRRORS_LISTING = `-N WORKBENCH-FWD
-A WORKBENCH-FWD -m comment --comment "docker-workbench 7c82ad4d15ad2eb5"
-A WORKBENCH-FWD -d 10.213.0.2/32 -i wb-learners -o wb-learners -p tcp -m multiport --dports 80,443,5000 -j ACCEPT
-A WORKBENCH-FWD -i wb-learners -o wb-learners -j DROP
-A WORKBENCH-FWD -d 169.254.0.0/16 -i wb-learners -j DROP
-A WORKBENCH-FWD -i wb-learners -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN
-A WORKBENCH-FWD -s 10.213.0.2/32 -i wb-learners -p tcp -m multiport --dports 80,443 -j RETURN
-A WORKBENCH-FWD -i wb-learners -m comment --comment "wb-egress-unresolved:auth.docker.io"
-A WORKBENCH-FWD -d 198.51.100.5/32 -i wb-learners -p tcp -m multiport --dports 80,443 -m comment --comment "wb-egress:registry-1.docker.io" -j RETURN
-A WORKBENCH-FWD -d 198.51.100.6/32 -i wb-learners -p tcp -m multiport --dports 80,443 -m comment --comment "wb-egress:registry-1.docker.io" -j RETURN
-A WORKBENCH-FWD -d 192.0.2.10/32 -i wb-learners -p tcp -m multiport --dports 80,443 -m comment --comment "wb-egress:wordpress.org" -j RETURN
-A WORKBENCH-FWD -d 10.255.255.53/32 -i wb-learners -p udp -m udp --dport 53 -j RETURN
-A WORKBENCH-FWD -d 10.255.255.53/32 -i wb-learners -p tcp -m tcp --dport 53 -j RETURN
-A WORKBENCH-FWD -i wb-learners -j DROP
`;

const resolved = (entries: Record<string, string[]>) => new Map(Object.entries(entries));

describe("the firewall's direct-egress rules", () => {
  it("are read host by host from iptables' listing, leaving out the infra container's, DNS and other rules", () => {
    const rules = parseDirectEgressRules(MIRRORS_LISTING, BRIDGE);
    expect(rules.open).toBe(false);
    expect(rules.unnamed).toEqual([]);
    expect(Object.fromEntries(rules.allowed)).toEqual({ "auth.docker.io": [], "registry-1.docker.io": ["198.51.100.5", "198.51.100.6"], "wordpress.org": ["192.0.2.10"] });
  });

  it("are read the same from the rules scripts/ensure-infra.sh writes (the two stay in sync)", () => {
    const root = path.resolve(__dirname, "../..");
    // firewall_rules and its helpers, run alone with the set-up's decisions given: no Docker, no firewall touched.
    const script = [
      `source ${root}/scripts/lib.sh >/dev/null`,
      "BRIDGE=wb-learners INFRA_IP=10.213.0.2 BLOCKED_CIDRS=169.254.0.0/16 EGRESS=mirrors CLUSTER_BRIDGES=wbc-+",
      "apt_cache=on registry_mirror=on wordpress_mirror=on",
      `eval "$(sed -n '/^firewall_rules() {/,/^}/p; /^egress_hosts() {/,/^}/p; /^dns_resolvers() {/,/^}/p' ${root}/scripts/ensure-infra.sh)"`,
      "firewall_rules",
    ].join("\n");
    const run = spawnSync("bash", ["-c", script], { encoding: "utf8", env: { ...process.env, WB_LEARNER_EGRESS_HOSTS: "localhost nothing.invalid" } });
    expect(run.status, run.stderr).toBe(0);
    const listing = run.stdout
      .split("\n")
      .filter((line) => line.startsWith("FWD "))
      .map((line) => line.replace(/^FWD /, "-A WORKBENCH-FWD "))
      .join("\n");
    const rules = parseDirectEgressRules(listing, BRIDGE);
    expect(rules.open).toBe(false);
    expect(rules.unnamed).toEqual([]);
    expect(Object.fromEntries(rules.allowed)).toEqual({ localhost: ["127.0.0.1"], "nothing.invalid": [] });
  });

  it("under WB_LEARNER_EGRESS=open hold engines to no address", () => {
    const open = MIRRORS_LISTING.split("\n")
      .filter((line) => !line.includes("wb-egress") && line !== "-A WORKBENCH-FWD -i wb-learners -j DROP")
      .join("\n");
    const rules = parseDirectEgressRules(open, BRIDGE);
    expect(rules.open).toBe(true);
    expect(describeDirectEgress(rules, new Map())).toEqual({ ok: true, detail: "WB_LEARNER_EGRESS=open: engines are not held to the addresses resolved at set-up" });
  });
});

describe("a stale direct-egress host", () => {
  const allowed = resolved({ "registry-1.docker.io": ["198.51.100.5", "198.51.100.6"], "auth.docker.io": [] });

  it("is one that now resolves to an address its rules do not allow", () => {
    expect(findStaleHosts(allowed, resolved({ "registry-1.docker.io": ["198.51.100.7", "198.51.100.5"], "auth.docker.io": [] }))).toEqual([
      { host: "registry-1.docker.io", now: ["198.51.100.5", "198.51.100.7"], allowed: ["198.51.100.5", "198.51.100.6"] },
    ]);
    // Unresolved at set-up, resolving now: nothing allows it.
    expect(findStaleHosts(allowed, resolved({ "registry-1.docker.io": ["198.51.100.6"], "auth.docker.io": ["203.0.113.9"] }))).toEqual([{ host: "auth.docker.io", now: ["203.0.113.9"], allowed: [] }]);
  });

  it("is not one that answers at fewer of its addresses, nor one that resolves to nothing now", () => {
    expect(findStaleHosts(allowed, resolved({ "registry-1.docker.io": ["198.51.100.6"], "auth.docker.io": [] }))).toEqual([]);
    expect(findStaleHosts(allowed, new Map())).toEqual([]);
  });
});

describe("the doctor's direct-egress line", () => {
  const rules = parseDirectEgressRules(MIRRORS_LISTING, BRIDGE);

  it("names each stale host, what it resolves to now and what the rules allow, and says to run the start again", () => {
    const outcome = describeDirectEgress(rules, resolved({ "registry-1.docker.io": ["198.51.100.9"], "wordpress.org": ["192.0.2.10"], "auth.docker.io": ["203.0.113.9"] }));
    expect(outcome).toEqual({
      ok: false,
      detail: "stale: auth.docker.io now resolves to 203.0.113.9, the rules allow none; stale: registry-1.docker.io now resolves to 198.51.100.9, the rules allow 198.51.100.5, 198.51.100.6",
      fix: RERUN_FIX,
    });
    expect(RERUN_FIX).toBe("run the start command again (bash scripts/start.sh), or bash scripts/setup.sh");
  });

  it("passes when every name resolves within its rules, and says which resolve to nothing", () => {
    expect(describeDirectEgress(rules, resolved({ "registry-1.docker.io": ["198.51.100.5"], "wordpress.org": ["192.0.2.10"] }))).toEqual({
      ok: true,
      detail: "auth.docker.io, registry-1.docker.io, wordpress.org: the rules allow every address they resolve to now (auth.docker.io resolves to nothing now)",
    });
  });

  it("says so when no direct-egress host is configured", () => {
    const none = parseDirectEgressRules(
      MIRRORS_LISTING.split("\n")
        .filter((line) => !line.includes("wb-egress"))
        .join("\n"),
      BRIDGE,
    );
    expect(describeDirectEgress(none, new Map())).toEqual({ ok: true, detail: "no direct-egress host configured: engines reach the outside only through the infra container" });
  });

  it("fails on direct rules that name no host (an older set-up's), which it cannot check", () => {
    const older = MIRRORS_LISTING.replace(/ -m comment --comment "wb-egress:[^"]+"/g, "")
      .split("\n")
      .filter((line) => !line.includes("wb-egress-unresolved"))
      .join("\n");
    const outcome = describeDirectEgress(parseDirectEgressRules(older, BRIDGE), new Map());
    expect(outcome.ok).toBe(false);
    expect(outcome.detail).toBe("the firewall allows 198.51.100.5, 198.51.100.6, 192.0.2.10 directly without naming their hosts (rules of an older set-up), so they cannot be checked");
    expect(outcome.fix).toBe(RERUN_FIX);
  });
});

describe("resolving the hosts now", () => {
  it("gives each name its IPv4 addresses, and none for a name that does not resolve", async () => {
    expect(Object.fromEntries(await resolveHostsNow(["localhost", "nothing.invalid"]))).toEqual({ localhost: ["127.0.0.1"], "nothing.invalid": [] });
  });
});
