/**
 * Whether the name servers the engines' lookups end at answer at once. Docker's embedded DNS answers
 * the learners' network's own names (the mirrors) and forwards every other name to the host's name
 * servers, the ones scripts/ensure-infra.sh lets engines reach (its dns_resolvers: /etc/resolv.conf,
 * systemd-resolved's upstreams when the host uses its stub, loopback ones left out, Docker's 8.8.8.8
 * and 8.8.4.4 when none is left). A server that drops queries makes every lookup of the internet wait
 * its timeouts, in every engine and every container in it: WordPress's installer page
 * (wp-admin/setup-config.php) asks api.wordpress.org at each request and then takes about 20 s, and
 * step 1's site check, 10 s a try, fails although the student's work is right (docs/scale-out.md,
 * "`site-answers` on a placed engine"). An offline site's name server must answer "no such name" (or
 * refuse) at once; this host cannot stand in for it.
 */
import { Resolver } from "node:dns/promises";
import { readFile } from "node:fs/promises";
import type { CheckOutcome } from "./doctor-checks";

/** The name WordPress's installer asks for at each request (its list of languages). */
export const OUTSIDE_NAME = "api.wordpress.org";
/** Longer than this for an answer (any answer, "no such name" too) and a page that looks names up waits visibly. */
export const SLOW_LOOKUP_MS = 2_000;
const DOCKER_DEFAULT_SERVERS = ["8.8.8.8", "8.8.4.4"];

const nameservers = (text: string) =>
  text
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter((words) => words[0] === "nameserver" && words[1])
    .map((words) => words[1]!);

/** The servers Docker's embedded DNS forwards the engines' lookups to, from /etc/resolv.conf (and systemd-resolved's, when it names the stub), as ensure-infra.sh's dns_resolvers reads them. */
export function engineNameServers(resolvConf: string, systemdResolvConf?: string): string[] {
  const file = systemdResolvConf !== undefined && nameservers(resolvConf).includes("127.0.0.53") ? systemdResolvConf : resolvConf;
  const servers = [...new Set(nameservers(file).filter((server) => /^[0-9.]+$/.test(server) && !server.startsWith("127.")))];
  return servers.length ? servers : DOCKER_DEFAULT_SERVERS;
}

export async function readEngineNameServers(): Promise<string[]> {
  const resolvConf = await readFile("/etc/resolv.conf", "utf8").catch(() => "");
  const systemd = await readFile("/run/systemd/resolve/resolv.conf", "utf8").catch(() => undefined);
  return engineNameServers(resolvConf, systemd);
}

export interface LookupTiming {
  server: string;
  ms: number;
  /** false: no answer at all within the time given. */
  answered: boolean;
  /** What it said, in words. */
  answer: string;
}

const ANSWERS: Record<string, string> = {
  ENOTFOUND: "no such name",
  ENODATA: "no address",
  EREFUSED: "refused",
  ESERVFAIL: "server failure",
  ECONNREFUSED: "nothing listens",
};

/** One lookup of `name` asked of `server` alone (address, or address:port), one try. */
export async function timeLookup(server: string, name = OUTSIDE_NAME, timeoutMs = 3_000): Promise<LookupTiming> {
  const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
  resolver.setServers([server]);
  const began = performance.now();
  const took = () => Math.round(performance.now() - began);
  try {
    const addresses = await resolver.resolve4(name);
    return { server, ms: took(), answered: true, answer: `${addresses.length} address${addresses.length === 1 ? "" : "es"}` };
  } catch (error) {
    const code = (error as { code?: string }).code ?? "";
    if (code === "ETIMEOUT") return { server, ms: took(), answered: false, answer: "no answer" };
    return { server, ms: took(), answered: true, answer: ANSWERS[code] ?? code.toLowerCase() };
  } finally {
    resolver.cancel();
  }
}

const said = (t: LookupTiming) => `${t.server} ${t.answered ? `${t.answer} in ${t.ms} ms` : `no answer in ${(t.ms / 1000).toFixed(1)} s`}`;

/**
 * The doctor's line. Docker's embedded DNS asks the servers in order: when the first one does not
 * answer at once every lookup waits for it, whatever the others do.
 */
export function describeNameServers(timings: LookupTiming[], name = OUTSIDE_NAME): CheckOutcome {
  const slow = (t: LookupTiming) => !t.answered || t.ms > SLOW_LOOKUP_MS;
  const [first] = timings;
  if (first && !slow(first)) {
    const others = timings.slice(1).filter(slow);
    return {
      ok: true,
      detail: `the engines' name servers answer a name of the internet (${name}) at once: ${timings.map(said).join("; ")}${others.length ? ` (${others.map((t) => t.server).join(", ")} only asked when the first fails)` : ""}`,
    };
  }
  return {
    ok: false,
    detail: `the engines' lookups of names of the internet wait: ${timings.map(said).join("; ")} (${name}). Every engine and container waits as long per name: WordPress's installer page asks ${name} at each request, so it takes about 20 s and step 1's site check fails although the work is right`,
    fix: "give this host a name server that answers at once, \"no such name\" for what it cannot reach (offline), in /etc/resolv.conf or systemd-resolved's upstreams (Docker's embedded DNS forwards the engines' lookups to them), then run bash scripts/ensure-infra.sh again for the firewall's DNS rules; with WB_PLACEMENT=swarm every engine node needs the same",
  };
}

export async function checkNameServers(): Promise<CheckOutcome> {
  const servers = await readEngineNameServers();
  return describeNameServers(await Promise.all(servers.map((server) => timeLookup(server))));
}
