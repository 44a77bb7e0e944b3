/**
 * Whether the firewall still lets engines reach their direct-egress hosts. Under
 * WB_LEARNER_EGRESS=mirrors, scripts/ensure-infra.sh lets engines reach a few hosts themselves
 * (Docker Hub or wordpress.org where no mirror stands in for them, the Debian mirrors with the
 * package cache off, WB_LEARNER_EGRESS_HOSTS) at the addresses their names had at set-up: one rule
 * per address, whose comment names the host. A name that moves while the server runs is refused at
 * its new addresses until the next start; the doctor resolves the names again and compares.
 */
import dns from "node:dns/promises";
import type { CheckOutcome } from "./doctor-checks";

/** The comments ensure-infra.sh gives these rules (keep in sync with its firewall_rules). */
const ALLOWED_COMMENT = "wb-egress:";
const UNRESOLVED_COMMENT = "wb-egress-unresolved:";

export const RERUN_FIX = "run the start command again (bash scripts/start.sh), or bash scripts/setup.sh";

export interface DirectEgressRules {
  /** WB_LEARNER_EGRESS=open: the chain ends in no DROP, engines reach any address. */
  open: boolean;
  /** Each host the rules name, with the addresses they allow it (none: it resolved to nothing at set-up). */
  allowed: Map<string, string[]>;
  /** Addresses allowed on 80/443 by a rule that names no host (a set-up from before the names were written). */
  unnamed: string[];
}

const commentOf = (rule: string) => /--comment "?([^"\s]+)"?/.exec(rule)?.[1];

/** Reads `iptables -S WORKBENCH-FWD`. */
export function parseDirectEgressRules(listing: string, bridge: string): DirectEgressRules {
  const rules = listing.split("\n").map((line) => line.trim());
  const allowed = new Map<string, string[]>();
  const unnamed: string[] = [];
  for (const rule of rules) {
    const comment = commentOf(rule) ?? "";
    if (comment.startsWith(UNRESOLVED_COMMENT)) {
      const host = comment.slice(UNRESOLVED_COMMENT.length);
      if (!allowed.has(host)) allowed.set(host, []);
      continue;
    }
    const address = /(?:^|\s)-d (\d+\.\d+\.\d+\.\d+)\/32(?:\s|$)/.exec(rule)?.[1];
    if (!address || !/ -j RETURN$/.test(rule) || !/--dports 80,443(?:\s|$)/.test(rule)) continue;
    if (comment.startsWith(ALLOWED_COMMENT)) {
      const host = comment.slice(ALLOWED_COMMENT.length);
      allowed.set(host, [...(allowed.get(host) ?? []), address]);
    } else unnamed.push(address);
  }
  return { open: !rules.includes(`-A WORKBENCH-FWD -i ${bridge} -j DROP`), allowed, unnamed };
}

export interface StaleHost {
  host: string;
  now: string[];
  allowed: string[];
}

/**
 * The hosts that now resolve to an address their rules do not allow: engines would be refused
 * there. An allowed address the name no longer has only stays allowed, which breaks nothing; a name
 * that resolves to nothing now is not stale (a new set-up could not allow it either).
 */
export function findStaleHosts(allowed: Map<string, string[]>, resolvedNow: Map<string, string[]>): StaleHost[] {
  const stale: StaleHost[] = [];
  for (const [host, addresses] of allowed) {
    const now = [...new Set(resolvedNow.get(host) ?? [])].sort();
    if (now.some((address) => !addresses.includes(address))) stale.push({ host, now, allowed: [...addresses].sort() });
  }
  return stale;
}

const listed = (addresses: string[]) => (addresses.length ? addresses.join(", ") : "none");

/** The doctor's line for the rules as read and the names as resolved now. */
export function describeDirectEgress(rules: DirectEgressRules, resolvedNow: Map<string, string[]>): CheckOutcome {
  if (rules.open) return { ok: true, detail: "WB_LEARNER_EGRESS=open: engines are not held to the addresses resolved at set-up" };
  if (rules.unnamed.length) {
    return {
      ok: false,
      detail: `the firewall allows ${listed(rules.unnamed)} directly without naming their hosts (rules of an older set-up), so they cannot be checked`,
      fix: RERUN_FIX,
    };
  }
  const hosts = [...rules.allowed.keys()].sort();
  if (!hosts.length) return { ok: true, detail: "no direct-egress host configured: engines reach the outside only through the infra container" };
  const stale = findStaleHosts(rules.allowed, resolvedNow);
  if (stale.length) {
    return { ok: false, detail: stale.map((s) => `stale: ${s.host} now resolves to ${listed(s.now)}, the rules allow ${listed(s.allowed)}`).join("; "), fix: RERUN_FIX };
  }
  const unresolved = hosts.filter((host) => !(resolvedNow.get(host) ?? []).length);
  return {
    ok: true,
    detail: `${hosts.join(", ")}: the rules allow every address ${hosts.length === 1 ? "it resolves" : "they resolve"} to now${unresolved.length ? ` (${unresolved.join(", ")} resolve${unresolved.length === 1 ? "s" : ""} to nothing now)` : ""}`,
  };
}

/** Each host's IPv4 addresses as this host resolves them now (as `getent ahostsv4` does); none when it fails or takes longer than timeoutMs. */
export async function resolveHostsNow(hosts: string[], timeoutMs = 10_000): Promise<Map<string, string[]>> {
  const resolveOne = async (host: string): Promise<string[]> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string[]>((resolve) => {
      timer = setTimeout(() => resolve([]), timeoutMs);
    });
    const lookup = dns.lookup(host, { all: true, family: 4 }).then(
      (answers) => answers.map((a) => a.address),
      () => [],
    );
    try {
      return await Promise.race([lookup, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
  return new Map(await Promise.all(hosts.map(async (host) => [host, await resolveOne(host)] as const)));
}
